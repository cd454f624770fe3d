package ui_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
)

// TestIdleTimeout: a page used within each quarter hour keeps the session;
// after 15 minutes untouched the next page asks to sign in again and says
// why, and the session is over in the service, not only in this browser.
func TestIdleTimeout(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	b.signIn(io)
	for range 4 {
		e.clock.Advance(14 * time.Minute)
		if p := b.get("/account"); p.Status != http.StatusOK {
			t.Fatalf("a session used every 14 minutes: %d", p.Status)
		}
	}
	cookie := b.session()
	e.clock.Advance(15 * time.Minute)
	p := b.get("/account")
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Header.Get("Location"), "why=signin.idle") {
		t.Fatalf("after 15 idle minutes = %d %s, want 303 to sign-in (why=signin.idle)", p.Status, p.Header.Get("Location"))
	}
	if p := b.get(p.Header.Get("Location")); !p.has("15 minutes without use") {
		t.Errorf("the sign-in page does not say why:\n%s", p.Body)
	}
	if _, err := e.svc.Authenticate(e.ctx, cookie, nsor.Client{Addr: "127.0.0.1", Source: "web"}); nsor.ErrorCode(err) != "auth.session_idle" {
		t.Errorf("the idle session in the service: %v, want auth.session_idle", err)
	}
}

// session is the browser's session cookie value.
func (b *browser) session() string {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "nsor_session" {
			return c.Value
		}
	}
	return ""
}

// TestEndOtherSessions: signed in at two desks, the officer ends the other
// session from this one; the other desk must sign in again.
func TestEndOtherSessions(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	desk1, desk2 := e.browser(), e.browser()
	desk1.signIn(io)
	desk2.signIn(io)
	p := desk1.post("/account/sessions/end", nil)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("end other sessions = %d", p.Status)
	}
	if p := desk1.get("/account"); p.Status != http.StatusOK || !p.has("Your other sessions have ended") {
		t.Errorf("this desk after ending the others = %d:\n%s", p.Status, p.Body)
	}
	if p := desk2.get("/account"); p.Status != http.StatusSeeOther || !strings.Contains(p.Header.Get("Location"), "signin.revoked") {
		t.Errorf("the other desk = %d %s, want sign-in (revoked)", p.Status, p.Header.Get("Location"))
	}
}

// TestPasswordChangeEndsSessions: a new password ends every session of the
// person, the one that changed it too.
func TestPasswordChangeEndsSessions(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	here, there := e.browser(), e.browser()
	here.signIn(io)
	there.signIn(io)
	// A mismatch is refused beside its field, and no password comes back.
	p := here.post("/account/password", url.Values{"current_password": {io.Password}, "new_password": {"a new long passphrase 42"},
		"new_password2": {"another passphrase 43"}, "code": {e.code(io)}})
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-new_password2-err"`) || p.has("a new long passphrase 42") || p.has(io.Password) {
		t.Fatalf("mismatched passwords = %d:\n%s", p.Status, p.Body)
	}
	p = here.post("/account/password", url.Values{"current_password": {io.Password}, "new_password": {"a new long passphrase 42"},
		"new_password2": {"a new long passphrase 42"}, "code": {e.code(io)}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/signin" {
		t.Fatalf("password change = %d %s:\n%s", p.Status, p.Header.Get("Location"), p.Body)
	}
	for name, b := range map[string]*browser{"here": here, "there": there} {
		if p := b.get("/account"); p.Status != http.StatusSeeOther {
			t.Errorf("%s after the password change = %d, want sign-in", name, p.Status)
		}
	}
	io.Password = "a new long passphrase 42"
	here.signIn(io)
}

// TestTOTPRequiredAndSingleUse: no code, no session; a code that signed in
// once does not sign in again, and the page says a code works once.
func TestTOTPRequiredAndSingleUse(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	p := b.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}})
	if p.Status != http.StatusUnauthorized || b.session() != "" {
		t.Fatalf("sign-in without a code = %d, session %q", p.Status, b.session())
	}
	code := e.code(io)
	if p := b.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}, "code": {code}}); p.Status != http.StatusSeeOther {
		t.Fatalf("first use of the code = %d", p.Status)
	}
	b2 := e.browser()
	p = b2.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}, "code": {code}})
	if p.Status != http.StatusUnauthorized || b2.session() != "" || !p.has("Each code works once") {
		t.Fatalf("second use of the same code = %d:\n%s", p.Status, p.Body)
	}
	// The next code works (the clock moves on a step).
	e.clock.Advance(30 * time.Second)
	next, _ := auth.Code(io.Secret, e.clock.Now())
	if p := b2.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}, "code": {next}}); p.Status != http.StatusSeeOther {
		t.Fatalf("the next code = %d", p.Status)
	}
}

// TestThrottleMessage: too many failed sign-ins from one address are
// refused with the throttling message and Retry-After, before any password
// is checked; the form keeps the username.
func TestThrottleMessage(t *testing.T) {
	e := newEnv(t)
	e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	var p page
	for i := range 30 {
		p = b.post("/signin", url.Values{"username": {"io1"}, "password": {"wrong"}, "code": {"000000"}})
		if p.Status == http.StatusTooManyRequests {
			break
		}
		if p.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d", i, p.Status)
		}
	}
	if p.Status != http.StatusTooManyRequests || !p.has("Too many failed sign-ins") || p.Header.Get("Retry-After") == "" || !p.has(`value="io1"`) {
		t.Fatalf("throttled sign-in = %d (Retry-After %q):\n%s", p.Status, p.Header.Get("Retry-After"), p.Body)
	}
}

// TestLockoutMessage: after LockoutAfter failures the account is locked
// from this address; even the right password and code are then refused
// with the one sign-in message that says signing in is paused.
func TestLockoutMessage(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	for range e.svc.Config().LockoutAfter {
		b.post("/signin", url.Values{"username": {"io1"}, "password": {"wrong"}, "code": {"000000"}})
	}
	p := b.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}, "code": {e.code(io)}})
	if p.Status != http.StatusUnauthorized || !p.has("paused for 10 minutes") || b.session() != "" {
		t.Fatalf("locked sign-in = %d:\n%s", p.Status, p.Body)
	}
	e.clock.Advance(e.svc.Config().LockoutFor + time.Minute)
	b.signIn(io)
}

// TestCrossSitePostRefused: a form posted from another site (as a browser
// marks it: Sec-Fetch-Site cross-site, or an Origin of another host) is
// refused before any act: here a sign-out that would end the session.
func TestCrossSitePostRefused(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	b.signIn(io)
	for _, tc := range []struct{ site, origin string }{{"cross-site", "https://evil.example"}, {"", "https://evil.example"}, {"same-site", "https://sub.example"}} {
		req, _ := http.NewRequestWithContext(e.ctx, http.MethodPost, e.srv.URL+"/account/sessions/end", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", tc.origin)
		p := b.do(req, tc.site)
		if p.Status != http.StatusForbidden || !p.has("sent from another site") {
			t.Errorf("POST with Sec-Fetch-Site %q Origin %q = %d, want 403", tc.site, tc.origin, p.Status)
		}
	}
	// Nothing happened: no sign-out, and the refusal wrote nothing.
	if p := b.get("/account"); p.Status != http.StatusOK || p.has("Your other sessions have ended") {
		t.Errorf("after the refused posts: %d", p.Status)
	}
}

// TestNoStateChangeOnGet: sign-out and every act are POST only; a GET of
// them changes nothing.
func TestNoStateChangeOnGet(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	b.signIn(io)
	for _, path := range []string{"/signout", "/account/sessions/end"} {
		if p := b.get(path); p.Status != http.StatusMethodNotAllowed && p.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 405 or 404", path, p.Status)
		}
	}
	if p := b.get("/account"); p.Status != http.StatusOK {
		t.Errorf("signed out by a GET: %d", p.Status)
	}
}

// TestDraftKeptAfterExpiry: a form posted after the session ended asks to
// sign in again, carrying what was typed (never the password); after the
// sign-in the user sees it and can send it again.
func TestDraftKeptAfterExpiry(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	b.signIn(io)
	e.clock.Advance(20 * time.Minute)
	p := b.post("/account/password", url.Values{"current_password": {io.Password}, "new_password": {"typed-secret-value"}, "note": {"ضلع لاہور"}})
	if p.Status != http.StatusUnauthorized || !p.has(`name="draft:note" value="ضلع لاہور"`) || p.has("typed-secret-value") {
		t.Fatalf("post after expiry = %d:\n%s", p.Status, p.Body)
	}
	p = b.post("/signin", url.Values{"username": {"io1"}, "password": {io.Password}, "code": {e.code(io)},
		"draft_action": {"/account/password"}, "draft:note": {"ضلع لاہور"}, "draft:password": {"smuggled"}})
	if p.Status != http.StatusOK || !p.has(`action="/account/password"`) || !p.has(`name="note" value="ضلع لاہور"`) || p.has("smuggled") {
		t.Fatalf("after sign-in with a draft = %d:\n%s", p.Status, p.Body)
	}
}

// TestSessionCookieUnderTLS: served over TLS, the session cookie is
// __Host- prefixed, Secure, HttpOnly, SameSite=Strict, Path=/ and without a
// Domain, so no other host or path can set or read it.
func TestSessionCookieUnderTLS(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	srv := httptest.NewTLSServer(e.srv.Config.Handler)
	defer srv.Close()
	form := url.Values{"username": {"io1"}, "password": {io.Password}, "code": {e.code(io)}}
	req, _ := http.NewRequestWithContext(e.ctx, http.MethodPost, srv.URL+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var got *http.Cookie
	for _, ck := range resp.Cookies() {
		if strings.Contains(ck.Name, "session") {
			got = ck
		}
	}
	if got == nil || got.Name != "__Host-nsor_session" || !got.Secure || !got.HttpOnly || got.SameSite != http.SameSiteStrictMode || got.Path != "/" || got.Domain != "" {
		t.Fatalf("session cookie under TLS = %+v (status %d)", got, resp.StatusCode)
	}
	if h := resp.Header.Get("Strict-Transport-Security"); h == "" {
		t.Error("no HSTS under TLS")
	}
}
