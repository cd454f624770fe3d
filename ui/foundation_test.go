package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nsor"
	"nsor/ui"
)

// TestSignInAndLayout: the sign-in page shows the system-use banner before
// anything else; a good sign-in sets a HttpOnly, SameSite=Strict session
// cookie and leads to the account's pages, which carry the user and role,
// the language switch and the sign-out.
func TestSignInAndLayout(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	p := b.get("/")
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/signin" {
		t.Fatalf("GET / before sign-in = %d %s, want 303 to /signin", p.Status, p.Header.Get("Location"))
	}
	p = b.get("/signin")
	for _, want := range []string{"Authorised use only", "disciplinary action", `name="username"`, `type="password"`, "Each code works once", `lang="en" dir="ltr"`, `href="/signin?lang=ur"`} {
		if !p.has(want) {
			t.Errorf("sign-in page lacks %q", want)
		}
	}
	p = b.signIn(io)
	var session *http.Cookie
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == "nsor_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Value == "" {
		t.Fatalf("session cookie = %+v, want HttpOnly SameSite=Strict", session)
	}
	p = b.get("/account")
	if p.Status != http.StatusOK || !p.has("Officer io1") || !p.has("Investigating officer") || !p.has(`action="/signout"`) {
		t.Fatalf("account page = %d:\n%s", p.Status, p.Body)
	}
	if p.has("SYNTHETIC DATA") {
		t.Error("a server without --demo shows SYNTHETIC DATA")
	}
}

// TestUrduSwitch: ?lang=ur gives the page in Urdu, right to left, with the
// bundled font; the choice is remembered; Accept-Language chooses too.
func TestUrduSwitch(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	p := b.get("/signin?lang=ur")
	if !p.has(`<html lang="ur" dir="rtl">`) || !p.has("صرف مجاز استعمال") || !p.has("fonts/naskh.woff2") {
		t.Fatalf("Urdu sign-in page:\n%s", p.Body)
	}
	if p = b.get("/signin"); !p.has(`lang="ur"`) {
		t.Error("the Urdu choice was not remembered")
	}
	if p = b.get("/signin?lang=en"); !p.has(`lang="en"`) {
		t.Error("?lang=en did not switch back")
	}
	b2 := e.browser()
	b2.lang = "ur-PK, en;q=0.5"
	if p = b2.get("/signin"); !p.has(`lang="ur"`) {
		t.Error("Accept-Language: ur did not give Urdu")
	}
	b2.lang = "fr, en;q=0.8"
	if p = b2.get("/signin"); !p.has(`lang="en"`) {
		t.Error("Accept-Language without ur did not give English")
	}
}

// TestDemoBanner: a demo server marks every page, the sign-in page
// included, as synthetic data.
func TestDemoBanner(t *testing.T) {
	e := newEnvWith(t, nil, ui.Options{Demo: true})
	b := e.browser()
	for _, path := range []string{"/signin", "/no-such-page", "/signin?lang=ur"} {
		p := b.get(path)
		if !p.has("SYNTHETIC DATA") && !p.has("مصنوعی ڈیٹا") {
			t.Errorf("%s on a demo server lacks the synthetic-data banner", path)
		}
	}
}

// TestSignInRefusedKeepsUsername: a refused sign-in comes back on the same
// form with the message, the username kept, the password and code not.
func TestSignInRefusedKeepsUsername(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	p := b.post("/signin", url.Values{"username": {"io1"}, "password": {"wrong-password-typed"}, "code": {e.code(io)}})
	if p.Status != http.StatusUnauthorized || !p.has("Sign-in failed") || !p.has(`value="io1"`) {
		t.Fatalf("refused sign-in = %d:\n%s", p.Status, p.Body)
	}
	if p.has("wrong-password-typed") {
		t.Error("the refused page carries the password back")
	}
}

// TestHeaders: every page has the CSP without inline script, no framing,
// nosniff, no referrer, no-store; assets are cached for good.
func TestHeaders(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	p := b.get("/signin")
	for k, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
	} {
		if got := p.Header.Get(k); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	csp := p.Header.Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(p.Body, "<script>") || strings.Contains(p.Body, "style=") {
		t.Error("inline script or style on the page or allowed by the CSP")
	}
	i := strings.Index(p.Body, `href="/assets/`)
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	css := p.Body[i+len(`href="`):]
	css = css[:strings.IndexByte(css, '"')]
	a := b.get(css)
	if a.Status != http.StatusOK || !strings.Contains(a.Header.Get("Cache-Control"), "immutable") || a.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("asset %s = %d %q %q", css, a.Status, a.Header.Get("Cache-Control"), a.Header.Get("Content-Type"))
	}
	if a := b.get(strings.Replace(css, "style.css", "fonts/naskh.woff2", 1)); a.Status != http.StatusOK || a.Header.Get("Content-Type") != "font/woff2" {
		t.Errorf("font = %d %q", a.Status, a.Header.Get("Content-Type"))
	}
	if a := b.get(strings.Replace(css, "style.css", "../ui.go", 1)); a.Status == http.StatusOK {
		t.Error("an asset path escaped the assets")
	}
}

// TestAPIUnchanged: the API is still the API under the pages' mount.
func TestAPIUnchanged(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	p := b.get("/api/v1/no-such-call")
	if p.Status != http.StatusNotFound || !strings.Contains(p.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("unknown API call = %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	if p := b.get("/healthz"); p.Status != http.StatusOK {
		t.Errorf("/healthz = %d", p.Status)
	}
	if p := b.get("/no-such-page"); p.Status != http.StatusNotFound || !strings.Contains(p.Header.Get("Content-Type"), "text/html") {
		t.Errorf("unknown page = %d %s", p.Status, p.Header.Get("Content-Type"))
	}
}
