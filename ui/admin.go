package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"net/http"
	"strconv"
	"strings"

	"github.com/pquerna/otp"

	"nsor"
)

// The administrator's pages: users (made, changed, their second factor
// reset, their sessions ended), with the second administrator's approvals
// where the threat model wants them (the service decides: a privileged role
// is proposed, not made).
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /admin/users", u.signedIn(u.adminUsers))
		u.mux.HandleFunc("POST /admin/users", u.signedIn(u.adminAddUser))
		u.mux.HandleFunc("GET /admin/users/{id}", u.signedIn(u.adminUser))
		u.mux.HandleFunc("POST /admin/users/{id}/update", u.signedIn(u.adminUpdateUser))
		u.mux.HandleFunc("POST /admin/users/{id}/reset", u.signedIn(u.adminReset))
		u.mux.HandleFunc("POST /admin/users/{id}/sessions/end", u.signedIn(u.adminEndSessions))
		u.mux.HandleFunc("GET /admin/approvals", u.signedIn(u.adminApprovals))
		u.mux.HandleFunc("POST /admin/approvals/{id}/{verdict}", u.signedIn(u.adminDecide))
	})
	addNav("/admin/users", "nav.admin.users", 10, nsor.RoleAdmin)
	addNav("/admin/approvals", "nav.admin.approvals", 20, nsor.RoleAdmin)
}

type adminUsersData struct {
	Users         []*nsor.User
	Next          []int64
	Roles         []Option
	Jurisdictions []Option
	Names         map[int64]string
}

// allJurisdictions reads the whole hierarchy (a few thousand nodes at most).
func (u *UI) allJurisdictions(r *http.Request) ([]*nsor.Jurisdiction, error) {
	var out []*nsor.Jurisdiction
	var after []int64
	for {
		page, err := u.app.Jurisdictions(r.Context(), nsor.Page{After: after, Limit: nsor.MaxPageSize})
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if len(page.Next) == 0 {
			return out, nil
		}
		after = page.Next
	}
}

func (u *UI) usersData(r *http.Request, c *Ctx, f *Form) (*adminUsersData, error) {
	p := nsor.Page{Limit: 100}
	if after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64); err == nil && after > 0 {
		p.After = []int64{after}
	}
	users, err := u.app.Users(r.Context(), c.Actor, p)
	if err != nil {
		return nil, err
	}
	js, err := u.allJurisdictions(r)
	if err != nil {
		return nil, err
	}
	d := &adminUsersData{Users: users.Items, Next: users.Next, Names: map[int64]string{}}
	for _, role := range nsor.Roles {
		d.Roles = append(d.Roles, Option{Value: string(role), Label: c.T("role." + string(role)), Selected: f.Get("role") == string(role)})
	}
	for _, j := range js {
		d.Names[j.ID] = j.Name
		if j.Kind == nsor.KindStation {
			continue // no role is posted at a station
		}
		id := strconv.FormatInt(j.ID, 10)
		d.Jurisdictions = append(d.Jurisdictions, Option{Value: id, Label: j.Name + " (" + j.Code + ")", Selected: f.Get("jurisdiction_id") == id})
	}
	return d, nil
}

func (u *UI) adminUsers(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	f := NewForm(nil)
	d, err := u.usersData(r, c, f)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "admin_users", f, d)
	return nil
}

// credentialsData is the page that shows new credentials once: the
// password and the second factor's secret, with its QR code for the
// authenticator app.
type credentialsData struct {
	User     *nsor.User
	Password string
	Secret   string
	QR       template.URL // a data: URL of the PNG (img-src allows data:)
}

// qrCode renders the otpauth URL as a PNG data URL, on the server.
func qrCode(otpURL string) (template.URL, error) {
	key, err := otp.NewKeyFromURL(otpURL)
	if err != nil {
		return "", nsor.Internalf(err, "totp url")
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", nsor.Internalf(err, "qr code")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nsor.Internalf(err, "qr png")
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

// showCredentials renders the one-time page of new credentials.
func (u *UI) showCredentials(w http.ResponseWriter, c *Ctx, user *nsor.User, cr *nsor.Credentials) error {
	qr, err := qrCode(cr.TOTPURL)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "admin_credentials", nil, credentialsData{User: user, Password: cr.Password, Secret: cr.TOTPSecret, QR: qr})
	return nil
}

// adminAddUser makes an account, or proposes it for a second
// administrator when its role is privileged.
func (u *UI) adminAddUser(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, formLimit); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	jid, _ := strconv.ParseInt(f.Get("jurisdiction_id"), 10, 64)
	res, err := u.app.AddUser(r.Context(), c.Actor, nsor.NewUser{Username: strings.TrimSpace(f.Get("username")), Name: f.Get("name"),
		Rank: f.Get("rank"), BeltNumber: f.Get("belt_number"), Role: nsor.Role(f.Get("role")), JurisdictionID: jid})
	switch {
	case err != nil:
		if !f.Refuse(c, err) {
			return err
		}
		d, derr := u.usersData(r, c, f)
		if derr != nil {
			return derr
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "admin_users", f, d)
		return nil
	case res.Pending():
		setFlash(w, r, "admin.proposed")
		redirect(w, r, "/admin/approvals")
		return nil
	}
	return u.showCredentials(w, c, res.User, res.Credentials)
}

type adminUserData struct {
	User          *nsor.User
	Roles         []Option
	Jurisdictions []Option
}

func (u *UI) adminUser(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.showUser(w, r, c, http.StatusOK, nil)
}

func (u *UI) showUser(w http.ResponseWriter, r *http.Request, c *Ctx, status int, f *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	user, err := u.app.User(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = NewForm(nil)
		f.Values.Set("role", string(user.Role))
		f.Values.Set("jurisdiction_id", strconv.FormatInt(user.JurisdictionID, 10))
	}
	d, err := u.usersData(r, c, f)
	if err != nil {
		return err
	}
	u.render(w, c, status, "admin_user", f, adminUserData{User: user, Roles: d.Roles, Jurisdictions: d.Jurisdictions})
	return nil
}

// adminUpdateUser changes a user's role, jurisdiction or status; a change
// to a privileged role is proposed for the second administrator.
func (u *UI) adminUpdateUser(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r, formLimit); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	var p nsor.UserPatch
	if v := f.Get("role"); v != "" {
		role := nsor.Role(v)
		p.Role = &role
	}
	if v, err := strconv.ParseInt(f.Get("jurisdiction_id"), 10, 64); err == nil {
		p.JurisdictionID = &v
	}
	disabled := f.Get("disabled") == "yes"
	p.Disabled = &disabled
	_, pending, err := u.app.UpdateUser(r.Context(), c.Actor, id, p)
	switch {
	case err != nil:
		if !f.Refuse(c, err) {
			return err
		}
		return u.showUser(w, r, c, statusOf(nsor.KindOf(err)), f)
	case pending != nil:
		setFlash(w, r, "admin.proposed")
	default:
		setFlash(w, r, "admin.updated")
	}
	redirect(w, r, fmt.Sprintf("/admin/users/%d", id))
	return nil
}

// adminReset resets a user's password and second factor (or proposes it):
// every session of theirs ends, and the new credentials are shown once.
func (u *UI) adminReset(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cr, pending, err := u.app.ResetCredentials(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if pending != nil {
		setFlash(w, r, "admin.proposed")
		redirect(w, r, "/admin/approvals")
		return nil
	}
	return u.showCredentials(w, c, &nsor.User{ID: id}, cr)
}

func (u *UI) adminEndSessions(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := u.app.EndUserSessions(r.Context(), c.Actor, id); err != nil {
		return err
	}
	setFlash(w, r, "admin.sessions_ended")
	redirect(w, r, fmt.Sprintf("/admin/users/%d", id))
	return nil
}

func (u *UI) adminApprovals(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	page, err := u.app.Approvals(r.Context(), c.Actor, nsor.ApprovalPending, nsor.Page{Limit: 100})
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "admin_approvals", nil, page)
	return nil
}

// adminDecide approves or declines a proposal of another administrator;
// an approval that makes credentials shows them once, to the approver.
func (u *UI) adminDecide(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	switch r.PathValue("verdict") {
	case "approve":
		res, err := u.app.Approve(r.Context(), c.Actor, id)
		if err != nil {
			return err
		}
		if res != nil && res.Credentials != nil {
			return u.showCredentials(w, c, res.User, res.Credentials)
		}
		setFlash(w, r, "admin.approved")
	case "decline":
		if _, err := u.app.Decline(r.Context(), c.Actor, id); err != nil {
			return err
		}
		setFlash(w, r, "admin.declined")
	default:
		return nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
	}
	redirect(w, r, "/admin/approvals")
	return nil
}
