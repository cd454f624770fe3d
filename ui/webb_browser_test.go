package ui_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nsor"
)

// TestBrowserWebB walks the prosecutor's, DPO's, bureau's, registrar's and
// oversight's pages in headless Chromium over the demo's world: each role's
// main page in English and Urdu, saved as a screenshot and checked with
// axe-core (NSOR_AXE, axe.min.js); and the prosecutor's return of a request
// with a reason, by clicks. Without Chromium it is skipped, with the reason;
// with NSOR_TEST_BROWSER set a skip fails. Screenshots go to
// NSOR_SCREENSHOTS, else ui/testdata/screenshots.
func TestBrowserWebB(t *testing.T) {
	bin := os.Getenv("NSOR_CHROMIUM")
	if bin == "" {
		bin, _ = exec.LookPath("chromium")
	}
	if bin == "" {
		if os.Getenv("NSOR_TEST_BROWSER") != "" {
			t.Fatal("NSOR_TEST_BROWSER is set, but there is no chromium on PATH")
		}
		t.Skip("browser test skipped: no chromium on PATH (install Debian's chromium, or set NSOR_CHROMIUM)")
	}
	var axe string
	if p := os.Getenv("NSOR_AXE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		axe = string(b)
	} else if os.Getenv("NSOR_TEST_BROWSER") != "" {
		t.Fatal("NSOR_TEST_BROWSER is set, but NSOR_AXE (axe-core's axe.min.js) is not")
	}
	shots := os.Getenv("NSOR_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	e, seed := newDemoEnv(t)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("font-render-hinting", "none"), chromedp.WindowSize(1280, 900))
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	defer cancelT()
	do := func(what string, as ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, as...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate: %v", err)
		}
		return v
	}
	checked := map[string]bool{}
	check := func() {
		t.Helper()
		key := eval(`location.pathname.replace(/\d+/g, "N") + " " + document.documentElement.lang`)
		if axe == "" || checked[key] {
			return
		}
		checked[key] = true
		out := eval(axe + `;
			axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r =>
				JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
					({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))))`)
		var vs []map[string]any
		_ = json.Unmarshal([]byte(out), &vs)
		for _, v := range vs {
			t.Errorf("accessibility of %s: %v", key, v)
		}
	}
	open := func(path string) {
		t.Helper()
		do("open "+path, chromedp.Navigate(e.srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
		check()
	}
	shot := func(name string) {
		t.Helper()
		h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.ceil(document.documentElement.scrollHeight)`))
		if err != nil {
			t.Fatal(err)
		}
		do("resize", chromedp.EmulateViewport(1280, min(h, 6000)))
		buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		do("resize back", chromedp.EmulateViewport(1280, 900))
		if err := os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(username string) {
		t.Helper()
		u := e.users[username]
		open("/signin?lang=en")
		do("sign in "+username, chromedp.SendKeys(chromedp.CSS(`#f-username`), u.Username),
			chromedp.SendKeys(chromedp.CSS(`#f-password`), u.Password), chromedp.SendKeys(chromedp.CSS(`#f-code`), e.code(u)),
			chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)))
	}
	signOut := func() {
		t.Helper()
		do("sign out", chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)), chromedp.WaitVisible(chromedp.CSS(`#f-username`)))
	}

	for _, c := range []struct{ user, path, name string }{
		{"dpp.lahore1", "/prosecutor/queue", "dpp-queue"},
		{"dpo.lahore", "/dpo", "dpo-main"},
		{"analyst1", "/bureau", "analyst-main"},
		{"supervisor1", "/bureau", "supervisor-main"},
		{"registrar2", "/registrar", "registrar-main"},
		{"oversight.punjab", "/oversight", "oversight-main"},
	} {
		signIn(c.user)
		open(c.path + "?lang=en")
		shot("webb-" + c.name + "-en")
		open(c.path + "?lang=ur")
		shot("webb-" + c.name + "-ur")
		open(c.path + "?lang=en")
		signOut()
	}

	// The prosecutor returns a request through the page, by clicks: first
	// without a reason (refused beside the field), then with one.
	signIn("dpp.lahore1")
	var id int64
	for _, x := range seed.Requests[nsor.StateSubmitted] {
		if r := e.request(x); strings.HasPrefix(r.DistrictPath, seed.Users["dpp.lahore1"].Jurisdiction.Path) {
			id = x
			break
		}
	}
	open("/prosecutor/requests/" + idStr(id) + "?lang=en")
	shot("webb-dpp-request-en")
	ret := `form[action$="/return"]`
	do("return without a reason", chromedp.Click(chromedp.CSS(`#f-failed-grounds_substantiated`)),
		chromedp.Click(chromedp.CSS(ret+` button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#f-reason-err`)))
	check()
	do("return with a reason", chromedp.SendKeys(chromedp.CSS(`#f-reason`), "The grounds do not say why the record is needed."),
		chromedp.Click(chromedp.CSS(ret+` button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if st := e.request(id).State; st != nsor.StateReturned {
		t.Errorf("after the return through the page the request is %s", st)
	}
	open("/prosecutor/requests/" + idStr(id) + "?lang=ur")
	shot("webb-dpp-request-ur")
}
