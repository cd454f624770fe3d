package ui

import (
	"net/http"
	"net/url"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /account", u.signedIn(u.account))
		u.mux.HandleFunc("GET /account/password", u.signedIn(u.passwordForm))
		u.mux.HandleFunc("POST /account/password", u.signedIn(u.changePassword))
		u.mux.HandleFunc("POST /account/sessions/end", u.signedIn(u.endOtherSessions))
	})
}

// account shows who is signed in, with the acts on their own account.
func (u *UI) account(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	u.render(w, c, http.StatusOK, "account", nil, nil)
	return nil
}

func (u *UI) passwordForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	u.render(w, c, http.StatusOK, "password", NewForm(nil), nil)
	return nil
}

// changePassword sets a new password (current password and a fresh code
// required). The service revokes every session of the user, this one
// included, so the user signs in again with the new password.
func (u *UI) changePassword(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	f := NewForm(url.Values{})
	next, again := r.PostForm.Get("new_password"), r.PostForm.Get("new_password2")
	if next != again {
		f.Add("new_password2", c.T("password.mismatch"))
		u.render(w, c, http.StatusUnprocessableEntity, "password", f, nil)
		return nil
	}
	err := u.app.ChangePassword(r.Context(), c.Actor, r.PostForm.Get("current_password"), next, r.PostForm.Get("code"))
	if err != nil {
		if nsor.ErrorCode(err) == "auth.invalid_credentials" {
			// The service's one answer for a wrong password or code.
			f.Add("current_password", c.T("password.wrong"))
		} else if !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "password", f, nil)
		return nil
	}
	clearSession(w, r)
	setFlash(w, r, "password.changed")
	redirect(w, r, "/signin")
	return nil
}

// endOtherSessions ends the user's sessions elsewhere (a browser left
// signed in at another desk), keeping this one.
func (u *UI) endOtherSessions(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	n, err := u.app.EndOtherSessions(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	if n == 0 {
		setFlash(w, r, "account.sessions.none")
	} else {
		setFlash(w, r, "account.sessions.ended")
	}
	redirect(w, r, "/account")
	return nil
}
