package ui

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"nsor"
)

// The session cookie holds the session token's secret; the service decides
// whether it is still good (revoked, expired, idle, credentials changed).
// Under TLS it is __Host- prefixed (Secure, Path=/, no Domain: no other
// host or path can set it) and always HttpOnly and SameSite=Strict, so a
// request another site starts carries no session at all.
const (
	sessionCookie    = "nsor_session"
	sessionCookieTLS = "__Host-nsor_session"
	flashCookie      = "nsor_flash"
)

func cookieName(r *http.Request) string {
	if r.TLS != nil {
		return sessionCookieTLS
	}
	return sessionCookie
}

// setSession gives the browser the session's secret. The cookie has no
// Max-Age: it ends with the browser, and the service ends the session
// itself after idling or at its absolute limit.
func setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: secret, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// setFlash keeps a message key for the next page (after a redirect). Only a
// key of the catalogue travels, never text, so a flash cannot be forged
// into the page.
func setFlash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 60})
}

// context builds the page's Ctx: the language (remembered in a cookie when
// chosen by ?lang=), the flash (read once), and the actor if signed in. A
// session that the service refuses is cleared; the refusal is returned.
func (u *UI) context(w http.ResponseWriter, r *http.Request) (*Ctx, error) {
	lang, chosen := chooseLang(r)
	if chosen {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
			Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
	c := &Ctx{Lang: lang, Demo: u.opts.Demo, r: r, u: u}
	if f, err := r.Cookie(flashCookie); err == nil {
		key, isErr := f.Value, false
		if k, ok := cutPrefix(key, "!"); ok {
			key, isErr = k, true
		}
		if messages.has(key) {
			c.Flash, c.FlashError = c.T(key), isErr
		}
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	}
	ck, err := r.Cookie(cookieName(r))
	if err != nil || ck.Value == "" {
		return c, nil
	}
	a, err := u.app.Authenticate(r.Context(), ck.Value, client(r))
	if err != nil {
		if nsor.KindOf(err) == nsor.KindUnauthenticated {
			clearSession(w, r)
		}
		return c, err
	}
	c.Actor, c.secret = a, ck.Value
	return c, nil
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}

// handler is a page of a signed-in actor.
type handler func(w http.ResponseWriter, r *http.Request, c *Ctx) error

// public wraps a page that needs no sign-in; c.Actor is set when the
// browser has a good session.
func (u *UI) public(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, _ := u.context(w, r)
		if err := h(w, r, c); err != nil {
			u.errorPage(w, r, c, err)
		}
	}
}

// signedIn wraps a page of a signed-in actor. Without a good session a GET
// goes to the sign-in page and comes back after; a POST is answered with
// the sign-in page too, carrying the form's fields (never a password or a
// file) so that the draft is not lost (draft.go). A person who must change
// their password is sent to do that first.
func (u *UI) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := u.context(w, r)
		if c.Actor == nil {
			u.needSignIn(w, r, c, err)
			return
		}
		if c.Actor.User.MustChangePassword && r.URL.Path != "/account/password" && r.URL.Path != "/signout" {
			redirect(w, r, "/account/password")
			return
		}
		if err := h(w, r, c); err != nil {
			u.errorPage(w, r, c, err)
		}
	}
}

// needSignIn answers a page that needs a session when there is none (or
// the service refused it: expired, idle, revoked).
func (u *UI) needSignIn(w http.ResponseWriter, r *http.Request, c *Ctx, why error) {
	reason := "signin.needed"
	switch nsor.ErrorCode(why) {
	case "auth.token_expired":
		reason = "signin.expired"
	case "auth.session_idle":
		reason = "signin.idle"
	case "auth.token_revoked":
		reason = "signin.revoked"
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		q := url.Values{"next": {r.URL.RequestURI()}, "why": {reason}}
		http.Redirect(w, r, "/signin?"+q.Encode(), http.StatusSeeOther)
		return
	}
	u.signInPage(w, r, c, http.StatusUnauthorized, reason, keepDraft(r))
}

// errorPage shows a refusal or a fault as a page of its own.
func (u *UI) errorPage(w http.ResponseWriter, r *http.Request, c *Ctx, err error) {
	if c == nil {
		lang, _ := chooseLang(r)
		c = &Ctx{Lang: lang, Demo: u.opts.Demo, r: r, u: u}
	}
	e := nsor.AsError(err)
	switch e.Kind {
	case nsor.KindInternal, nsor.KindUnavailable:
		u.opts.Log.Error("ui error", "route", r.Pattern, "code", e.Code, "err", err)
	}
	var ae *nsor.Error
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		w.Header().Set("Retry-After", itoa(int64(ae.RetryAfter.Round(time.Second)/time.Second)))
	}
	u.render(w, c, statusOf(e.Kind), "error", nil, errorData{Code: e.Code, Message: c.errorText(e), Kind: e.Kind})
}

type errorData struct {
	Code, Message string
	Kind          nsor.ErrorKind
}

// statusOf is the HTTP status of each kind of error, as the API's.
func statusOf(k nsor.ErrorKind) int { return k.HTTPStatus() }

func (u *UI) notFound(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
}
