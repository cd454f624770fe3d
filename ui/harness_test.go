package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auth"
	"nsor/biosample"
	"nsor/disclosure"
	"nsor/internal/testclock"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/ui"
	"nsor/web"
)

// env is a real nsor server (API and pages) in-process over a fresh SQLite
// database, with a fake clock: what cmd/nsor serve builds.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlstore.DB
	svc   *service.Service
	clock *testclock.Clock
	srv   *httptest.Server
	admin *nsor.Actor
	users map[string]*testUser
	steps map[string]int64
}

type testUser struct {
	*nsor.User
	Password, Secret string
}

var start = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env { return newEnvWith(t, nil, ui.Options{}) }

func newEnvWith(t *testing.T, configure func(*nsor.Config), opts ui.Options) *env {
	t.Helper()
	cfg := nsor.DefaultConfig()
	if configure != nil {
		configure(&cfg)
	}
	ctx := context.Background()
	db, svc, clock := newService(t, cfg)
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts.Log = log
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	srv := httptest.NewServer(web.New(svc, web.Options{Log: log, Demo: opts.Demo, UI: ui.New(svc, opts)}))
	t.Cleanup(srv.Close)
	e := &env{t: t, ctx: ctx, db: db, svc: svc, clock: clock, srv: srv, users: map[string]*testUser{}, steps: map[string]int64{}}
	root := e.jurisdiction("PK")
	u, creds, err := svc.Bootstrap(ctx, nsor.Operator{Name: "test"}, nsor.NewUser{Username: "admin", Name: "Admin (synthetic)", JurisdictionID: root.ID})
	if err != nil {
		t.Fatalf("Bootstrap: %v", err)
	}
	e.admin = &nsor.Actor{User: u, Jurisdiction: root, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
	e.users["admin"] = &testUser{User: u, Password: creds.Password, Secret: creds.TOTPSecret}
	return e
}

// newService is the service over a fresh SQLite store of its own, with its
// keys, audit log and test clock, and the jurisdictions seeded.
func newService(t *testing.T, cfg nsor.Config) (*sqlstore.DB, *service.Service, *testclock.Clock) {
	t.Helper()
	return newServiceDeps(t, cfg, nil)
}

// newServiceDeps is newService with the dependencies changed by deps (a
// biometric index, say).
func newServiceDeps(t *testing.T, cfg nsor.Config, deps func(*nsor.Deps)) (*sqlstore.DB, *service.Service, *testclock.Clock) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "nsor.db"), sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatalf("sqlstore.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	keyDir := t.TempDir()
	kr := keystest.Init(t, keyDir)
	clock := testclock.New(start)
	ak, err := auditlog.LoadKeys(keyDir, auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	alog, err := auditlog.New(db, clock, ak.Signer, auditlog.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := nsor.Deps{Store: db, Clock: clock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: cfg, Prover: alog, Marks: disclosure.New(), Samples: biosample.Reader{}}
	if deps != nil {
		deps(&d)
	}
	svc := service.New(d)
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatalf("SeedJurisdictions: %v", err)
	}
	return db, svc, clock
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

func (e *env) jurisdiction(code string) *nsor.Jurisdiction {
	var j *nsor.Jurisdiction
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		j, err = tx.JurisdictionByCode(code)
		return err
	})
	if err != nil {
		e.t.Fatalf("jurisdiction %s: %v", code, err)
	}
	return j
}

// user creates a user of role in the jurisdiction with the given code.
func (e *env) user(username string, role nsor.Role, code string) *testUser {
	e.t.Helper()
	u, creds, err := e.svc.CreateUser(e.ctx, e.admin, nsor.NewUser{Username: username, Name: "Officer " + username,
		Rank: "Inspector", BeltNumber: "B-" + username, Role: role, JurisdictionID: e.jurisdiction(code).ID})
	if err != nil {
		e.t.Fatalf("CreateUser(%s): %v", username, err)
	}
	tu := &testUser{User: u, Password: creds.Password, Secret: creds.TOTPSecret}
	e.users[username] = tu
	return tu
}

// code is a TOTP code for u not used yet, moving the clock a step on when
// the current one was used.
func (e *env) code(u *testUser) string {
	step := e.clock.Now().Unix() / 30
	if last, ok := e.steps[u.Username]; ok && step <= last {
		e.clock.Advance(time.Duration(last-step+1) * 30 * time.Second)
		step = last + 1
	}
	e.steps[u.Username] = step
	c, err := auth.Code(u.Secret, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// browser is a client that behaves as a browser at this origin does: a
// cookie jar, no automatic redirects, and the Fetch metadata and Origin a
// browser sends for a navigation and a form post of this site.
type browser struct {
	e      *env
	c      *http.Client
	lang   string
	header http.Header // extra headers of every request
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, header: http.Header{}, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// page is an answer: status, headers and body.
type page struct {
	Status int
	Header http.Header
	Body   string
}

func (p page) has(s string) bool { return strings.Contains(p.Body, s) }

func (b *browser) do(req *http.Request, site string) page {
	b.e.t.Helper()
	req.Header.Set("Sec-Fetch-Site", site)
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Dest", "document")
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(body)}
}

// get opens path as a same-origin navigation.
func (b *browser) get(path string) page {
	b.e.t.Helper()
	req, _ := http.NewRequestWithContext(b.e.ctx, http.MethodGet, b.e.srv.URL+path, nil)
	return b.do(req, "same-origin")
}

// post sends a form to path from a page of this site.
func (b *browser) post(path string, form url.Values) page {
	b.e.t.Helper()
	req, _ := http.NewRequestWithContext(b.e.ctx, http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.srv.URL)
	return b.do(req, "same-origin")
}

// signIn signs u in through the sign-in form and fails the test if refused.
func (b *browser) signIn(u *testUser) page {
	b.e.t.Helper()
	p := b.post("/signin", url.Values{"username": {u.Username}, "password": {u.Password}, "code": {b.e.code(u)}})
	if p.Status != http.StatusSeeOther {
		b.e.t.Fatalf("sign-in of %s = %d, want 303:\n%s", u.Username, p.Status, p.Body)
	}
	return p
}

// station is a police station under a district, made once.
func (e *env) station(district string, n int) *nsor.Jurisdiction {
	e.t.Helper()
	code := fmt.Sprintf("%s-S%d", district, n)
	var j *nsor.Jurisdiction
	if err := e.db.View(e.ctx, func(tx nsor.Tx) (err error) { j, err = tx.JurisdictionByCode(code); return err }); err == nil {
		return j
	}
	j = &nsor.Jurisdiction{Kind: nsor.KindStation, Code: code, Name: fmt.Sprintf("Synthetic station %d", n), ParentID: e.jurisdiction(district).ID}
	if err := e.svc.CreateJurisdiction(e.ctx, e.admin, j); err != nil {
		e.t.Fatalf("CreateJurisdiction: %v", err)
	}
	return j
}

// actor signs u in through the service (as the API does) and returns the
// actor, for the acts of roles whose pages are not under test.
func (e *env) actor(u *testUser) *nsor.Actor {
	e.t.Helper()
	secret, _, _, err := e.svc.SignIn(e.ctx, u.Username, u.Password, e.code(u), nsor.Client{Addr: "192.0.2.1", Source: "api"})
	if err != nil {
		e.t.Fatalf("SignIn(%s): %v", u.Username, err)
	}
	a, err := e.svc.Authenticate(e.ctx, secret, nsor.Client{Addr: "192.0.2.1", Source: "api"})
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// upload sends a multipart form with one file to path.
func (b *browser) upload(path string, fields url.Values, field, filename string, data []byte) page {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, filename)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequestWithContext(b.e.ctx, http.MethodPost, b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.e.srv.URL)
	return b.do(req, "same-origin")
}

// samplePDF is a minimal PDF whose bytes are sniffed as application/pdf.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% SYNTHETIC FIR COPY\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// uiDemo is the options of a demo server's pages.
func uiDemo() ui.Options { return ui.Options{Demo: true} }

func strconvItoa(n int64) string { return fmt.Sprint(n) }
