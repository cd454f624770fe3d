package ui

import (
	"net/http"
	"net/url"
	"strings"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /{$}", u.public(u.home))
		u.mux.HandleFunc("GET /signin", u.public(u.signInForm))
		u.mux.HandleFunc("POST /signin", u.public(u.signIn))
		u.mux.HandleFunc("POST /signout", u.signedIn(u.signOut))
	})
}

// home sends a signed-in person to their role's main page, anyone else to
// the sign-in page.
func (u *UI) home(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if c.Actor == nil {
		redirect(w, r, "/signin")
		return nil
	}
	redirect(w, r, mainPage(c.Actor.User.Role))
	return nil
}

// signInData is what the sign-in page shows besides its form.
type signInData struct {
	Reason string    // a message key: why sign-in is asked for
	Next   string    // where to go after
	Draft  []draftKV // the fields of a form posted after the session ended
	Action string    // that form's path
}

func (u *UI) signInForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	reason := r.URL.Query().Get("why")
	if !strings.HasPrefix(reason, "signin.") || !messages.has(reason) {
		reason = ""
	}
	f := NewForm(nil)
	u.render(w, c, http.StatusOK, "signin", f, signInData{Reason: reason, Next: localPath(r.URL.Query().Get("next"))})
	return nil
}

// signInPage shows the sign-in form with status; draft is the form the
// user posted after their session ended, kept for after the sign-in.
func (u *UI) signInPage(w http.ResponseWriter, r *http.Request, c *Ctx, status int, reason string, d *draft) {
	data := signInData{Reason: reason, Next: "/"}
	if d != nil {
		data.Draft, data.Action, data.Next = d.fields, d.action, d.action
	}
	u.render(w, c, status, "signin", NewForm(nil), data)
}

// signIn checks the password and the code through the service. A refusal
// (wrong credentials, a reused code, a locked account, a throttled
// address) comes back on the form, the username kept and nothing else.
func (u *UI) signIn(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	username := strings.TrimSpace(r.PostForm.Get("username"))
	d := draftFrom(r.PostForm)
	next := localPath(r.PostForm.Get("next"))
	secret, _, user, err := u.app.SignIn(r.Context(), username, r.PostForm.Get("password"), strings.TrimSpace(r.PostForm.Get("code")), client(r))
	if err != nil {
		f := NewForm(url.Values{"username": {username}})
		if !f.Refuse(c, err) {
			return err
		}
		if e := nsor.AsError(err); e.RetryAfter > 0 {
			w.Header().Set("Retry-After", itoa(int64(e.RetryAfter.Seconds())))
		}
		data := signInData{Next: next}
		if d != nil {
			data.Draft, data.Action = d.fields, d.action
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "signin", f, data)
		return nil
	}
	setSession(w, r, secret)
	switch {
	case user.MustChangePassword:
		redirect(w, r, "/account/password")
	case d != nil:
		// The form posted after the session ended: show what was kept,
		// to be sent again by the user (a page of its own, draft.go).
		c.Actor = &nsor.Actor{User: user}
		u.render(w, c, http.StatusOK, "resume", nil, d)
	case next != "/":
		redirect(w, r, next)
	default:
		redirect(w, r, mainPage(user.Role))
	}
	return nil
}

// signOut ends this session.
func (u *UI) signOut(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := u.app.SignOut(r.Context(), c.Actor); err != nil {
		return err
	}
	clearSession(w, r)
	setFlash(w, r, "signout.done")
	redirect(w, r, "/signin")
	return nil
}

// parseForm reads a urlencoded or multipart form of at most limit bytes; a
// larger body is refused as too large.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if _, ok := err.(*http.MaxBytesError); ok || strings.Contains(err.Error(), "too large") {
			return nsor.Errorf(nsor.KindTooLarge, "ui.too_large", "What was sent is too large.")
		}
		return nsor.Errorf(nsor.KindBadRequest, "ui.bad_form", "The form could not be read. Open the page again and send it again.")
	}
	return nil
}
