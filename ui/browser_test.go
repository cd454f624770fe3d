package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nsor"
)

// The browser tests drive Debian's Chromium, headless, through the pages:
// the README's test command skips them, with the reason, where Chromium is
// missing; NSOR_TEST_BROWSER=1 (set by .ci/run) makes a skip a failure.
// NSOR_CHROMIUM names another binary. NSOR_AXE names axe-core's axe.min.js
// (npm package axe-core), run on every page visited; without it the check
// is skipped, again failing under NSOR_TEST_BROWSER. Screenshots go to
// NSOR_SCREENSHOTS, else ui/testdata/screenshots (ignored by git).

func browserRequired() bool { return os.Getenv("NSOR_TEST_BROWSER") != "" }

// skipOrFail skips the test with why, or fails it when browser tests are
// mandatory.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if browserRequired() {
		t.Fatalf("NSOR_TEST_BROWSER is set, but %s", why)
	}
	t.Skipf("browser test skipped: %s (install Debian's chromium, or set NSOR_CHROMIUM)", why)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NSOR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	skipOrFail(t, "no chromium on PATH")
	return ""
}

// chrome is one headless Chromium with a fresh profile, and the pages'
// server.
type chrome struct {
	t    *testing.T
	e    *env
	ctx  context.Context
	axe  string // axe-core's source, "" when not given
	shot string // the screenshot directory
	seen map[string]bool
}

func newChrome(t *testing.T, e *env) *chrome {
	t.Helper()
	bin := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("font-render-hinting", "none"), chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// Generous: on a shared two-core machine one axe run can take seconds.
	ctx, cancelT := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		skipOrFail(t, fmt.Sprintf("chromium %s does not start: %v", bin, err))
	}
	c := &chrome{t: t, e: e, ctx: ctx, seen: map[string]bool{}}
	if p := os.Getenv("NSOR_AXE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("NSOR_AXE: %v", err)
		}
		c.axe = string(b)
	} else if browserRequired() {
		t.Fatal("NSOR_TEST_BROWSER is set, but NSOR_AXE (axe-core's axe.min.js) is not")
	} else {
		t.Log("NSOR_AXE is not set: the accessibility check is skipped")
	}
	c.shot = os.Getenv("NSOR_SCREENSHOTS")
	if c.shot == "" {
		c.shot = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(c.shot, 0o755); err != nil {
		t.Fatal(err)
	}
	return c
}

// run runs actions, failing the test on an error.
func (c *chrome) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, actions...); err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that gives a value.
func get[T any](c *chrome, what string, a chromedp.Action[T]) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, a)
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression (awaiting a promise it gives).
func eval[T any](c *chrome, expr string) T {
	c.t.Helper()
	return get(c, "evaluate", chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// open navigates to path and checks the page's accessibility.
func (c *chrome) open(path string) {
	c.t.Helper()
	c.run("open "+path, chromedp.Navigate(c.e.srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
	c.check()
}

// submitTo clicks the button sel and waits for the next page, which shows
// want (a CSS selector). The page before is marked, and the wait is for a
// page without the mark: the page before may show want too (a flash), and a
// test that went on from it would race the form's post.
func (c *chrome) submitTo(sel, want string) {
	c.t.Helper()
	_ = eval[bool](c, `window.nsorBefore = true`)
	c.run("submit "+sel, chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(2 * time.Minute)
	for {
		// Mid-navigation the evaluation may fail: that is not yet a new page.
		before, err := chromedp.Run(c.ctx, chromedp.Evaluate[bool](`window.nsorBefore === true`))
		if err == nil && !before {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("submit %s: no new page after two minutes", sel)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.run("submit "+sel, chromedp.WaitVisible(chromedp.CSS(want)))
	c.check()
}

// location is the page's path and query.
func (c *chrome) location() string {
	return eval[string](c, `location.pathname + location.search`)
}

// check runs axe-core on the page (once per path and language): no
// serious or critical violation of WCAG 2.1 A/AA is allowed.
func (c *chrome) check() {
	c.t.Helper()
	key := eval[string](c, `location.pathname.replace(/\d+/g, "N") + " " + document.documentElement.lang`)
	if c.axe == "" || c.seen[key] {
		return
	}
	c.seen[key] = true
	script := c.axe + `;
		axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r =>
			JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
				({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))))`
	out := eval[string](c, script)
	var vs []map[string]any
	_ = json.Unmarshal([]byte(out), &vs)
	for _, v := range vs {
		c.t.Errorf("accessibility of %s: %v", key, v)
	}
}

// screenshot saves the whole page as name.png.
func (c *chrome) screenshot(name string) {
	c.t.Helper()
	// The viewport is made as tall as the page and captured as it is laid
	// out: chromedp's FullScreenshot shifts a right-to-left page.
	h := eval[int64](c, `Math.ceil(document.documentElement.scrollHeight)`)
	c.run("resize for "+name, chromedp.EmulateViewport(1280, h))
	buf := get(c, "screenshot "+name, chromedp.CaptureScreenshot())
	c.run("resize back", chromedp.EmulateViewport(1280, 900))
	if err := os.WriteFile(filepath.Join(c.shot, name+".png"), buf, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// signIn signs u in through the sign-in form.
func (c *chrome) signIn(u *testUser) {
	c.t.Helper()
	c.open("/signin?lang=en")
	c.run("sign in "+u.Username,
		chromedp.SendKeys(chromedp.CSS(`#f-username`), u.Username),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), u.Password),
		chromedp.SendKeys(chromedp.CSS(`#f-code`), c.e.code(u)))
	c.submitTo(`form[action="/signin"] button[type=submit]`, `form[action="/signout"]`)
}

func (c *chrome) signOut() {
	c.t.Helper()
	c.submitTo(`form[action="/signout"] button`, `#f-username`)
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	return get(c, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// TestBrowserOfficer walks the officer's part through Chromium: sign-in,
// an FIR with a refused bad input shown beside its field and an accused
// typed in Urdu, its copy uploaded, the request picked from the FIR and
// submitted; the bureau answers (through the service); the advisory is
// acknowledged and the release printed to PDF; the Urdu switch shows the
// page right to left in the bundled font.
func TestBrowserOfficer(t *testing.T) {
	e := newEnv(t)
	c := newChrome(t, e)
	st := e.station("PB-LHR-LHR", 1)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	dpp := e.user("dpp1", nsor.RoleDPP, "PB-LHR-LHR")
	an := e.user("analyst1", nsor.RoleAnalyst, "PK")
	c.signIn(io)
	if loc := c.location(); loc != "/officer" {
		t.Fatalf("after sign-in: %s, want /officer", loc)
	}
	c.open("/officer/firs/new")
	urdu := "زرغون ترقیل"
	c.run("fill the FIR, without its number",
		chromedp.SetValue(chromedp.CSS(`#f-station_id`), fmt.Sprint(st.ID)),
		chromedp.SetValue(chromedp.CSS(`[name="registered_on"]`), "2026-10-30"),
		chromedp.SendKeys(chromedp.CSS(`[name="sections"]`), "376 PPC"),
		chromedp.SendKeys(chromedp.CSS(`[name="accused[0].name"]`), urdu),
		chromedp.SetValue(chromedp.CSS(`[name="accused[0].parentage_relation"]`), "S/O"),
		chromedp.SendKeys(chromedp.CSS(`[name="accused[0].parentage"]`), "Tariq"),
		chromedp.SendKeys(chromedp.CSS(`[name="accused[0].age"]`), "34"),
		chromedp.SendKeys(chromedp.CSS(`[name="accused[0].address"]`), "Synthetic street 1, Lahore"))
	c.submitTo(`form[action="/officer/firs"] button.primary`, `[id="f-number-err"]`)
	if msg := c.text(`[id="f-number-err"]`); !strings.Contains(msg, "FIR number") {
		t.Errorf("the message beside the number = %q", msg)
	}
	kept := get(c, "the Urdu name kept", chromedp.Value(chromedp.CSS(`[name="accused[0].name"]`)))
	if kept != urdu {
		t.Errorf("the accused's name after the refusal = %q, want %q", kept, urdu)
	}
	c.screenshot("io-fir-refused-en")
	c.run("the number", chromedp.SendKeys(chromedp.CSS(`#f-number`), "123"))
	c.submitTo(`form[action="/officer/firs"] button.primary`, `#f-file`)
	pdf := filepath.Join(t.TempDir(), "fir.pdf")
	if err := os.WriteFile(pdf, samplePDF, 0o600); err != nil {
		t.Fatal(err)
	}
	c.run("upload the copy", chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{pdf}))
	c.submitTo(`form[action$="/copy"] button`, `.flash`)
	c.run("pick the suspect", chromedp.Click(chromedp.CSS(`[name="suspects"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-grounds`), "Named by the victim; his prior record is needed."),
		chromedp.Click(chromedp.CSS(`#f-declaration-box`)))
	c.submitTo(`form[action$="/requests"] button.primary`, `form[action$="/submit"]`)
	reqPath := c.location()
	c.submitTo(`form[action$="/submit"] button`, `.flash`)
	c.open("/officer")
	c.screenshot("io-main-en")
	c.open("/officer?lang=ur")
	lang := get(c, "lang", chromedp.AttributeValue(chromedp.CSS(`html`), "lang")).Value
	dir := get(c, "dir", chromedp.AttributeValue(chromedp.CSS(`html`), "dir")).Value
	fontOK := eval[bool](c, `document.fonts.ready.then(() => document.fonts.check('16px "Noto Naskh Arabic"', 'میری') &&
		[...document.fonts].some(f => f.family.includes("Noto Naskh Arabic") && f.status === "loaded"))`)
	if lang != "ur" || dir != "rtl" || !fontOK {
		t.Errorf("Urdu page: lang %q dir %q, font loaded %v", lang, dir, fontOK)
	}
	c.screenshot("io-main-ur")
	c.open("/officer?lang=en")

	// The prosecutor and the bureau act through the service.
	id := lastID(t, reqPath)
	d, a := e.actor(dpp), e.actor(an)
	r, _ := e.svc.Request(e.ctx, d, id)
	mustDo(t, "forward", func() error {
		_, err := e.svc.Forward(e.ctx, d, id, r.Version, nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true})
		return err
	})
	r, _ = e.svc.Request(e.ctx, a, id)
	mustDo(t, "assign", func() error { _, err := e.svc.Assign(e.ctx, a, id, r.Version, 0); return err })
	mustDo(t, "search", func() error {
		_, err := e.svc.SearchRegister(e.ctx, a, id, r.Suspects[0].ID, nsor.SearchTerms{})
		return err
	})
	r, _ = e.svc.Request(e.ctx, a, id)
	mustDo(t, "answer", func() error {
		_, err := e.svc.Answer(e.ctx, a, id, r.Version, []nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeNoRecord}})
		return err
	})
	r, _ = e.svc.Request(e.ctx, d, id)
	mustDo(t, "release", func() error { _, err := e.svc.Release(e.ctx, d, id, r.Version); return err })

	c.open(reqPath)
	c.run("accept the advisory", chromedp.Click(chromedp.CSS(`#f-accept-box`)))
	c.submitTo(`form[action$="/acknowledge"] button`, `.mark`)
	if s := c.text(`.mark`); !strings.Contains(s, "Officer io1") || !strings.Contains(s, "Disclosure number") {
		t.Errorf("the release's marks = %q, want the disclosure number and the recipient", s)
	}
	c.screenshot("io-release-en")
	printed := get(c, "print the release", chromedp.PrintToPDF())
	if !strings.HasPrefix(string(printed), "%PDF") || len(printed) < 1000 {
		t.Errorf("the printed release is not a PDF (%d bytes)", len(printed))
	}
	if err := os.WriteFile(filepath.Join(c.shot, "io-release-printed.pdf"), printed, 0o644); err != nil {
		t.Fatal(err)
	}
	c.open(reqPath + "/annexure")
	c.screenshot("io-annexure-en")
	c.signOut()
}

func mustDo(t *testing.T, what string, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowserMainPages signs in as each role and saves a screenshot of its
// main page in English and in Urdu, checking each with axe-core; the
// sign-in page too.
func TestBrowserMainPages(t *testing.T) {
	e := newEnvWith(t, nil, uiDemo())
	c := newChrome(t, e)
	c.open("/signin?lang=en")
	c.screenshot("signin-en")
	c.open("/signin?lang=ur")
	c.screenshot("signin-ur")
	codes := map[nsor.Role]string{nsor.RoleIO: "PB-LHR-LHR", nsor.RoleDPO: "PB-LHR-LHR", nsor.RoleDPP: "PB-LHR-LHR",
		nsor.RoleAnalyst: "PK", nsor.RoleSupervisor: "PK", nsor.RoleRegistrar: "PK", nsor.RoleOversight: "PB", nsor.RoleAuditor: "PK"}
	for _, role := range nsor.Roles {
		var u *testUser
		if role == nsor.RoleAdmin {
			u = e.users["admin"]
		} else {
			u = e.user("u-"+strings.ReplaceAll(string(role), "_", "-"), role, codes[role])
		}
		c.signIn(u)
		main := c.location()
		c.screenshot(string(role) + "-main-en")
		c.open(main + sep(main) + "lang=ur")
		c.screenshot(string(role) + "-main-ur")
		c.open("/account?lang=en")
		c.signOut()
	}
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// TestBrowserAccessibility opens every page of the administrator and the
// auditor, the account pages, a refused form and the error page, in English
// and Urdu, each checked with axe-core (the officer's pages are checked by
// TestBrowserOfficer, each role's main page by TestBrowserMainPages).
func TestBrowserAccessibility(t *testing.T) {
	e := newEnv(t)
	c := newChrome(t, e)
	if c.axe == "" {
		t.Skip("NSOR_AXE is not set: nothing to check")
	}
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	auditor := e.user("auditor1", nsor.RoleAuditor, "PK")
	both := func(path string) {
		c.open(path + sep(path) + "lang=en")
		c.open(path + sep(path) + "lang=ur")
	}
	c.signIn(e.users["admin"])
	for _, p := range []string{"/admin/users", "/admin/approvals", fmt.Sprintf("/admin/users/%d", io.ID), "/account", "/account/password", "/no-such-page"} {
		both(p)
	}
	c.open("/admin/users?lang=en")
	c.run("a refused new user", chromedp.SendKeys(chromedp.CSS(`#f-name`), "Nameless (synthetic)"))
	c.submitTo(`form[action="/admin/users"] button.primary`, `.summary`)
	c.screenshot("admin-refused-en")
	c.run("a new DPO", chromedp.SendKeys(chromedp.CSS(`#f-username`), "dpo.two"),
		chromedp.SetValue(chromedp.CSS(`#f-role`), "dpo"),
		chromedp.SetValue(chromedp.CSS(`#f-jurisdiction_id`), fmt.Sprint(e.jurisdiction("PB-LHR-LHR").ID)))
	c.submitTo(`form[action="/admin/users"] button.primary`, `img[alt]`)
	c.screenshot("admin-credentials-en")
	c.signOut()
	c.signIn(auditor)
	for _, p := range []string{"/auditor", fmt.Sprintf("/auditor?user=%d", io.ID), "/auditor/trace", "/auditor/cases", "/auditor/checkpoint"} {
		both(p)
	}
	c.screenshot("auditor-checkpoint-ur")
}
