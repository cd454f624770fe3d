package ui_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/demo"
	"nsor/ui"
	"nsor/web"
)

// newDemoEnv is an env over the demo's synthetic world (demo.Seed): its
// people, register records, FIRs and requests in every state; e.users holds
// every seeded account.
func newDemoEnv(t *testing.T) (*env, *demo.Seeded) {
	t.Helper()
	return newDemoEnvDeps(t, nil)
}

// newDemoEnvDeps is newDemoEnv with the service's dependencies changed by
// deps first (a stand-in biometric index, say).
func newDemoEnvDeps(t *testing.T, deps func(*nsor.Deps)) (*env, *demo.Seeded) {
	t.Helper()
	ctx := context.Background()
	db, svc, clock := newServiceDeps(t, nsor.DefaultConfig(), deps)
	seed, err := demo.Seed(ctx, svc, db, rand.New(rand.NewPCG(1, 8)), nil)
	if err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := httptest.NewServer(web.New(svc, web.Options{Log: log, Demo: true, UI: ui.New(svc, ui.Options{Demo: true, Log: log, Now: clock.Now})}))
	t.Cleanup(srv.Close)
	e := &env{t: t, ctx: ctx, db: db, svc: svc, clock: clock, srv: srv, users: map[string]*testUser{}, steps: map[string]int64{}}
	for name, acc := range seed.Users {
		e.users[name] = &testUser{User: acc.User, Password: acc.Password, Secret: acc.TOTPSecret}
	}
	return e, seed
}

// as signs a seeded user in with a browser of their own.
func (e *env) as(username string) *browser {
	e.t.Helper()
	u := e.users[username]
	if u == nil {
		e.t.Fatalf("no seeded user %s", username)
	}
	b := e.browser()
	b.signIn(u)
	return b
}

// rawKey finds a message key shown in place of its text: a dotted key of
// this part's prefixes left in a page.
var rawKey = regexp.MustCompile(`>\s*(?:webb|dpp|dpo|bureau|oversight|registrar)\.[a-z_.]+\s*<`)

// okPage fails unless p is a 200 page with none of the catalogue's keys
// left untranslated.
func okPage(t *testing.T, what string, p page) {
	t.Helper()
	if p.Status != http.StatusOK {
		t.Fatalf("%s: status %d:\n%s", what, p.Status, p.Body)
	}
	if m := rawKey.FindString(p.Body); m != "" {
		t.Errorf("%s shows an untranslated key %s", what, m)
	}
	if strings.Contains(p.Body, "style=") || strings.Contains(p.Body, "<script>") {
		t.Errorf("%s carries inline style or script", what)
	}
}

func (e *env) request(id int64) *nsor.Request {
	e.t.Helper()
	var r *nsor.Request
	if err := e.db.View(e.ctx, func(tx nsor.Tx) (err error) { r, err = tx.Request(id); return err }); err != nil {
		e.t.Fatal(err)
	}
	return r
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// TestProsecutorPages: the prosecutor's queue shows the district's waiting
// requests with the time left, overdue ones marked, and the totals; the
// request page shows the checklist beside the FIR copy (a frame of this
// site, served only to a frame or a navigation of this site); a return
// without a reason comes back with the message beside the field and the
// ticked item kept, writing nothing; the return with its reason, then the
// officer's resubmission, then the forward go through; a release of an
// answered request goes through. In English and Urdu.
func TestProsecutorPages(t *testing.T) {
	e, seed := newDemoEnv(t)
	dpp := e.as("dpp.lahore1")
	sub := seed.Requests[nsor.StateSubmitted]
	if len(sub) == 0 {
		t.Fatal("no submitted request seeded")
	}
	var r *nsor.Request
	for _, id := range sub {
		if x := e.request(id); x.DistrictPath != "" && strings.HasPrefix(x.Ref, "") {
			if v, err := e.svc.Request(e.ctx, seed.Actor("dpp.lahore1"), id); err == nil && len(v.Actions) > 0 {
				r = x
				break
			}
		}
	}
	if r == nil {
		t.Fatal("no submitted request the Lahore prosecutor may act on")
	}
	q := dpp.get("/prosecutor/queue")
	okPage(t, "queue", q)
	if !q.has(r.Ref) || !q.has("left") || !q.has("waiting") {
		t.Errorf("the queue lacks %s, the time left or the totals", r.Ref)
	}
	e.clock.Advance(49 * time.Hour)
	dpp = e.as("dpp.lahore1") // the session idled out meanwhile
	if q = dpp.get("/prosecutor/queue"); !q.has("OVERDUE") || !q.has("row-overdue") {
		t.Error("an overdue request is not marked")
	}
	dpp.lang = "ur"
	okPage(t, "queue in Urdu", dpp.get("/prosecutor/queue"))
	if p := dpp.get("/prosecutor/queue"); !p.has(`lang="ur"`) || !p.has(`dir="rtl"`) || !p.has("تاخیر شدہ") {
		t.Error("the Urdu queue is not in Urdu")
	}
	dpp.lang = ""

	path := "/prosecutor/requests/" + idStr(r.ID)
	p := dpp.get(path)
	okPage(t, "request", p)
	if !p.has(`<iframe class="fircopy" src="`+path+`/fir-copy"`) || !p.has("Checklist") {
		t.Error("the request page lacks the FIR copy's frame or the checklist")
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path+"/fir-copy", nil)
	req.Header.Set("Sec-Fetch-Dest", "iframe")
	if fc := dpp.do(req, "same-origin"); fc.Status != http.StatusOK || fc.Header.Get("Content-Type") == "" ||
		!strings.Contains(fc.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Errorf("FIR copy in a frame: %d %v", fc.Status, fc.Header)
	}
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+path+"/fir-copy", nil)
	if fc := dpp.do(req, "cross-site"); fc.Status == http.StatusOK {
		t.Error("the FIR copy was served to another site")
	}

	version := idStr(int64(r.Version))
	bad := dpp.post(path+"/return", url.Values{"version": {version}, "failed_items": {"grounds_substantiated"}, "reason": {""}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="f-reason-err"`) ||
		!strings.Contains(bad.Body, `value="grounds_substantiated" checked`) {
		t.Errorf("a return without a reason: %d; want 422 with the message beside the reason and the item kept:\n%s", bad.Status, bad.Body)
	}
	if x := e.request(r.ID); x.Version != r.Version || x.State != nsor.StateSubmitted {
		t.Error("the refused return changed the request")
	}
	ok := dpp.post(path+"/return", url.Values{"version": {version}, "failed_items": {"grounds_substantiated"},
		"reason": {"The grounds do not say why the record is needed."}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("return: %d\n%s", ok.Status, ok.Body)
	}
	if x := e.request(r.ID); x.State != nsor.StateReturned || len(x.ReturnedItems) != 1 {
		t.Fatalf("after the return: %s %v", x.State, x.ReturnedItems)
	}
	// The officer resubmits (through the service: the officer's pages are another part's).
	x := e.request(r.ID)
	if _, err := e.svc.Resubmit(e.ctx, seed.Actor(e.userByID(x.IOUserID)), r.ID, x.Version, "The grounds now say why the record is needed."); err != nil {
		t.Fatal(err)
	}
	x = e.request(r.ID)
	p = dpp.get(path)
	if !p.has("The grounds now say why the record is needed.") {
		t.Error("the clarification is not shown to the prosecutor")
	}
	stale := dpp.post(path+"/forward", url.Values{"version": {version}, "checklist.fir_copy_matches": {"on"}, "checklist.eligible_section": {"on"},
		"checklist.suspects_named_in_fir": {"on"}, "checklist.grounds_substantiated": {"on"}})
	if stale.Status != http.StatusConflict {
		t.Errorf("a forward on a stale version: %d, want 409", stale.Status)
	}
	fw := dpp.post(path+"/forward", url.Values{"version": {idStr(int64(x.Version))}, "checklist.fir_copy_matches": {"on"}, "checklist.eligible_section": {"on"},
		"checklist.suspects_named_in_fir": {"on"}, "checklist.grounds_substantiated": {"on"}})
	if fw.Status != http.StatusSeeOther || e.request(r.ID).State != nsor.StateForwarded {
		t.Fatalf("forward: %d %s\n%s", fw.Status, e.request(r.ID).State, fw.Body)
	}

	// A release of an answer with no record found.
	for _, id := range seed.Requests[nsor.StateAnswered] {
		a := e.request(id)
		if a.AnyRecordFound() || !strings.HasPrefix(a.DistrictPath, seed.Users["dpp.lahore1"].Jurisdiction.Path) {
			continue
		}
		rp := dpp.get("/prosecutor/requests/" + idStr(id))
		okPage(t, "answered request", rp)
		rel := dpp.post("/prosecutor/requests/"+idStr(id)+"/release", url.Values{"version": {idStr(int64(a.Version))}})
		if rel.Status != http.StatusSeeOther || e.request(id).State != nsor.StateReleased {
			t.Errorf("release: %d %s", rel.Status, e.request(id).State)
		}
		break
	}
	// Nobody else's page.
	io := e.as("io.lahore1")
	if p := io.get("/prosecutor/queue"); p.Status == http.StatusOK {
		t.Error("an officer opened the prosecutor's queue")
	}
}

func (e *env) userByID(id int64) string {
	for name, u := range e.users {
		if u.ID == id {
			return name
		}
	}
	e.t.Fatalf("no user %d", id)
	return ""
}
