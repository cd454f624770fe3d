package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"nsor"
)

// The administrator's pages of the jurisdiction hierarchy: a paged list,
// a node added under an existing one, a node renamed, recoded or its
// district head retitled. The service checks every field and the place
// in the hierarchy; these pages only carry the form to it and its refusals
// back beside the fields.
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /admin/jurisdictions", u.signedIn(u.adminJurisdictions))
		u.mux.HandleFunc("POST /admin/jurisdictions", u.signedIn(u.adminAddJurisdiction))
		u.mux.HandleFunc("GET /admin/jurisdictions/{id}", u.signedIn(u.adminJurisdiction))
		u.mux.HandleFunc("POST /admin/jurisdictions/{id}", u.signedIn(u.adminUpdateJurisdiction))
	})
	addNav("/admin/jurisdictions", "nav.admin.jurisdictions", 30, nsor.RoleAdmin)
}

// jurisdictionPageSize is the rows of one page of the list.
const jurisdictionPageSize = 50

// jurisdictionKinds are the levels a new node may have (the country is
// seeded, never made here).
var jurisdictionKinds = []nsor.JurisdictionKind{nsor.KindProvince, nsor.KindRegion, nsor.KindDistrict, nsor.KindStation}

var districtHeads = []nsor.DistrictHead{nsor.HeadDPO, nsor.HeadCPO, nsor.HeadCCPO}

// requireAdminPage refuses the administrator's pages to anyone else. Every
// signed-in user may read the hierarchy through the service, but the
// administrator's pages (and their forms) are the administrator's; the
// service refuses the changes to others again.
func requireAdminPage(c *Ctx) error {
	if c.Actor == nil || c.Actor.User == nil || c.Actor.User.Role != nsor.RoleAdmin {
		return nsor.Errorf(nsor.KindForbidden, "auth.forbidden", "Only an administrator may do this.")
	}
	return nil
}

type adminJurisdictionsData struct {
	Items   []*nsor.Jurisdiction
	Next    []int64
	Names   map[int64]string // parent names
	Kinds   []Option
	Parents []Option
	Heads   []Option
}

func kindOptions(c *Ctx, f *Form) []Option {
	var out []Option
	for _, k := range jurisdictionKinds {
		out = append(out, Option{Value: string(k), Label: c.T("admin.jurisdiction.kind." + string(k)), Selected: f.Get("kind") == string(k)})
	}
	return out
}

func headOptions(f *Form) []Option {
	var out []Option
	for _, h := range districtHeads {
		out = append(out, Option{Value: string(h), Label: string(h), Selected: f.Get("head") == string(h)})
	}
	return out
}

func (u *UI) jurisdictionsData(r *http.Request, c *Ctx, f *Form) (*adminJurisdictionsData, error) {
	p := nsor.Page{Limit: jurisdictionPageSize}
	if after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64); err == nil && after > 0 {
		p.After = []int64{after}
	}
	page, err := u.app.Jurisdictions(r.Context(), p)
	if err != nil {
		return nil, err
	}
	all, err := u.allJurisdictions(r)
	if err != nil {
		return nil, err
	}
	d := &adminJurisdictionsData{Items: page.Items, Next: page.Next, Names: map[int64]string{}, Kinds: kindOptions(c, f), Heads: headOptions(f)}
	for _, j := range all {
		d.Names[j.ID] = j.Name
		if j.Kind == nsor.KindStation {
			continue // nothing sits under a station
		}
		id := strconv.FormatInt(j.ID, 10)
		d.Parents = append(d.Parents, Option{Value: id, Label: j.Name + " (" + j.Code + ")", Selected: f.Get("parent_id") == id})
	}
	return d, nil
}

func (u *UI) adminJurisdictions(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := requireAdminPage(c); err != nil {
		return err
	}
	f := NewForm(nil)
	d, err := u.jurisdictionsData(r, c, f)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "admin_jurisdictions", f, d)
	return nil
}

// adminAddJurisdiction adds a node; a refused form comes back with each
// message beside its field and what was typed kept.
func (u *UI) adminAddJurisdiction(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := requireAdminPage(c); err != nil {
		return err
	}
	if err := parseForm(w, r, formLimit); err != nil {
		d, derr := u.jurisdictionsData(r, c, NewForm(nil))
		if derr != nil {
			return derr
		}
		return u.refuseTooLarge(w, c, err, formLimit, "admin_jurisdictions", d)
	}
	f := NewForm(r.PostForm)
	parent, _ := strconv.ParseInt(f.Get("parent_id"), 10, 64)
	j := &nsor.Jurisdiction{Kind: nsor.JurisdictionKind(f.Get("kind")), Code: f.Get("code"), Name: f.Get("name"),
		ParentID: parent, Head: nsor.DistrictHead(f.Get("head"))}
	if err := u.app.CreateJurisdiction(r.Context(), c.Actor, j); err != nil {
		if !f.Refuse(c, err) {
			return err
		}
		d, derr := u.jurisdictionsData(r, c, f)
		if derr != nil {
			return derr
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "admin_jurisdictions", f, d)
		return nil
	}
	setFlash(w, r, "admin.jurisdiction.created")
	redirect(w, r, fmt.Sprintf("/admin/jurisdictions/%d", j.ID))
	return nil
}

type adminJurisdictionData struct {
	J      *nsor.Jurisdiction
	Parent *nsor.Jurisdiction
	Heads  []Option
}

// findJurisdiction is the node id and its parent, read directly from the
// service (not found when absent or when the id in the path was tampered
// with).
func (u *UI) findJurisdiction(r *http.Request, c *Ctx, id int64) (*nsor.Jurisdiction, *nsor.Jurisdiction, error) {
	j, err := u.app.Jurisdiction(r.Context(), c.Actor, id)
	if err != nil || j.ParentID == 0 {
		return j, nil, err
	}
	parent, err := u.app.Jurisdiction(r.Context(), c.Actor, j.ParentID)
	return j, parent, err
}

func (u *UI) adminJurisdiction(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.showJurisdiction(w, r, c, http.StatusOK, nil)
}

func (u *UI) showJurisdiction(w http.ResponseWriter, r *http.Request, c *Ctx, status int, f *Form) error {
	if err := requireAdminPage(c); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, parent, err := u.findJurisdiction(r, c, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = currentForm(j)
	}
	u.render(w, c, status, "admin_jurisdiction", f, adminJurisdictionData{J: j, Parent: parent, Heads: headOptions(f)})
	return nil
}

// currentForm is the edit form of j as it is now. The node's version
// rides along, so that a change made meanwhile by another administrator
// is refused by the service (jurisdiction.stale), not overwritten.
func currentForm(j *nsor.Jurisdiction) *Form {
	f := NewForm(nil)
	f.Values.Set("name", j.Name)
	f.Values.Set("code", j.Code)
	f.Values.Set("head", string(j.Head))
	f.Values.Set("version", strconv.Itoa(j.Version))
	return f
}

// adminUpdateJurisdiction changes a node's name, code or head title from
// the version the form was loaded with. When the node changed since
// (another administrator, or a second send), the service refuses it as
// jurisdiction.stale and the form is shown again with the current values
// and the refusal, rather than overwriting the other change.
func (u *UI) adminUpdateJurisdiction(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := requireAdminPage(c); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r, formLimit); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	cur, _, err := u.findJurisdiction(r, c, id)
	if err != nil {
		return err
	}
	var p nsor.JurisdictionPatch
	// A form without a version (or with a forged one) is not made over
	// whatever is current: it must name the version it was loaded from.
	if p.Version, err = strconv.Atoi(f.Get("version")); err != nil || p.Version < 1 {
		p.Version = -2
	}
	name, code := f.Get("name"), f.Get("code")
	p.Name, p.Code = &name, &code
	if cur.Kind == nsor.KindDistrict || f.Get("head") != "" {
		head := nsor.DistrictHead(f.Get("head"))
		p.Head = &head
	}
	if _, err := u.app.UpdateJurisdiction(r.Context(), c.Actor, id, p); err != nil {
		if nsor.ErrorCode(err) == "jurisdiction.stale" {
			f = currentForm(cur)
		}
		if !f.Refuse(c, err) {
			return err
		}
		if msgs, ok := f.Errors["version"]; ok { // no field shows the version
			f.Errors[""] = append(f.Errors[""], msgs...)
			delete(f.Errors, "version")
		}
		return u.showJurisdiction(w, r, c, statusOf(nsor.KindOf(err)), f)
	}
	setFlash(w, r, "admin.jurisdiction.updated")
	redirect(w, r, fmt.Sprintf("/admin/jurisdictions/%d", id))
	return nil
}
