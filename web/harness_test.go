package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auth"
	"nsor/biosample"
	"nsor/client"
	"nsor/disclosure"
	"nsor/internal/testclock"
	"nsor/keys"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
	"nsor/web"
)

// env is a real nsor server in-process on a random port, over a fresh
// database (SQLite, or PostgreSQL for the tests that run on both), with a
// fake clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlstore.DB
	svc   *service.Service
	log   *auditlog.Log // the audit log's sequencer; tests step it by hand
	vkeys []string      // the audit log's public keys
	logs  *lockedBuffer // everything the server logged, at every level
	clock *testclock.Clock
	keys  *keys.Keyring // the identifier and sealing keys; tests may rotate them
	srv   *httptest.Server
	api   *client.Client
	admin *nsor.Actor
	users map[string]*testUser
	steps map[string]int64 // last TOTP step used per user
}

// testUser is a user with the credentials to sign in.
type testUser struct {
	*nsor.User
	Password, Secret string
}

var start = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with the configuration changed by configure.
func newEnvWith(t *testing.T, configure func(*nsor.Config)) *env {
	return newEnvWrapped(t, configure, nil)
}

// newEnvWrapped is newEnvWith with the store wrapped (for fault injection).
func newEnvWrapped(t *testing.T, configure func(*nsor.Config), wrap func(nsor.Store) nsor.Store) *env {
	t.Helper()
	return newEnvAt(t, filepath.Join(t.TempDir(), "nsor.db"), configure, wrap)
}

// eachDatabase runs fn on SQLite and on PostgreSQL (a database of its own,
// skipped or failed as package pgtest says). Only the tests that exercise
// the store end to end use it: the machine has two cores.
func eachDatabase(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "nsor.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.NewDatabase(t)) })
}

// newEnvAt is newEnvWrapped over the database dsn names: a SQLite path or a
// PostgreSQL URL.
func newEnvAt(t *testing.T, dsn string, configure func(*nsor.Config), wrap func(nsor.Store) nsor.Store) *env {
	t.Helper()
	return newEnvAtDeps(t, dsn, configure, wrap, nil)
}

// newEnvDeps is newEnvWrapped with the service's dependencies changed by
// deps (e.g. no Merkle log, a fake prover, another disclosure marker).
func newEnvDeps(t *testing.T, configure func(*nsor.Config), wrap func(nsor.Store) nsor.Store, deps func(*nsor.Deps)) *env {
	t.Helper()
	return newEnvAtDeps(t, filepath.Join(t.TempDir(), "nsor.db"), configure, wrap, deps)
}

// newEnvMarked is newEnvWrapped with another disclosure marker (for the
// planted-bug controls of tracing).
func newEnvMarked(t *testing.T, configure func(*nsor.Config), wrap func(nsor.Store) nsor.Store, marks nsor.Marker) *env {
	t.Helper()
	return newEnvDeps(t, configure, wrap, func(d *nsor.Deps) { d.Marks = marks })
}

// newEnvAtDeps is newEnvAt with the service's dependencies changed by deps.
func newEnvAtDeps(t *testing.T, dsn string, configure func(*nsor.Config), wrap func(nsor.Store) nsor.Store, deps func(*nsor.Deps)) *env {
	t.Helper()
	cfg := nsor.DefaultConfig()
	if configure != nil {
		configure(&cfg)
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatalf("sqlstore.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	keyDir := t.TempDir()
	kr := keystest.Init(t, keyDir)
	clock := testclock.New(start)
	var store nsor.Store = db
	if wrap != nil {
		store = wrap(db)
	}
	ak, err := auditlog.LoadKeys(keyDir, auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	alog, err := auditlog.New(db, clock, ak.Signer, auditlog.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := nsor.Deps{Store: store, Clock: clock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: cfg, Prover: alog, Marks: disclosure.New(), Samples: biosample.Reader{}}
	if deps != nil {
		deps(&d)
	}
	svc := service.New(d)
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatalf("SeedJurisdictions: %v", err)
	}
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewMultiHandler(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}),
		slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	srv := httptest.NewServer(web.New(svc, web.Options{Log: logger}))
	t.Cleanup(srv.Close)
	e := &env{t: t, ctx: ctx, db: db, svc: svc, keys: kr, log: alog, logs: logs, vkeys: ak.Verifiers, clock: clock, srv: srv, api: client.New(srv.URL, validatingClient(t, srv.Client())),
		users: map[string]*testUser{}, steps: map[string]int64{}}
	e.bootstrap()
	return e
}

func (e *env) bootstrap() {
	root := e.jurisdiction("PK")
	u, creds, err := e.svc.Bootstrap(e.ctx, nsor.Operator{Name: "test"}, nsor.NewUser{Username: "admin", Name: "Admin (synthetic)", JurisdictionID: root.ID})
	if err != nil {
		e.t.Fatalf("Bootstrap: %v", err)
	}
	e.admin = &nsor.Actor{User: u, Jurisdiction: root, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
	e.users["admin"] = &testUser{User: u, Password: creds.Password, Secret: creds.TOTPSecret}
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

// station returns a police station under a district, creating it once.
func (e *env) station(districtCode string, n int) *nsor.Jurisdiction {
	code := fmt.Sprintf("%s-S%d", districtCode, n)
	var j *nsor.Jurisdiction
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		j, err = tx.JurisdictionByCode(code)
		return err
	})
	if err == nil {
		return j
	}
	j = &nsor.Jurisdiction{Kind: nsor.KindStation, Code: code, Name: fmt.Sprintf("Synthetic station %d", n), ParentID: e.jurisdiction(districtCode).ID}
	if err := e.svc.CreateJurisdiction(e.ctx, e.admin, j); err != nil {
		e.t.Fatalf("CreateJurisdiction: %v", err)
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

// code returns a TOTP code for u that has not been used yet, moving the
// clock on by a step when this user already used the current one.
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

// login signs u in through the API.
func (e *env) login(u *testUser) *client.Client {
	e.t.Helper()
	c, _, err := e.api.SignIn(e.ctx, u.Username, u.Password, e.code(u))
	if err != nil {
		e.t.Fatalf("SignIn(%s): %v", u.Username, err)
	}
	return c
}

// samplePDF is a minimal PDF whose bytes are sniffed as application/pdf.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% SYNTHETIC FIR COPY\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// problem asserts that err is an API problem with status and code.
func problem(t *testing.T, what string, err error, status int, code string) *client.Error {
	t.Helper()
	ce, ok := err.(*client.Error)
	if !ok {
		t.Fatalf("%s: error %v, want a %d %s problem", what, err, status, code)
	}
	if ce.Status != status || ce.Code != code {
		t.Fatalf("%s = %d %s (%s), want %d %s", what, ce.Status, ce.Code, ce.Detail, status, code)
	}
	return ce
}

// lockedBuffer collects the server's log for tests that read it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testWriter sends the server's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// newOfficerWithFIR is a fresh server with the cast, and the first officer
// signed in with an FIR of theirs.
func newOfficerWithFIR(t *testing.T) (*env, *cast, *client.Client, *client.FIR) {
	t.Helper()
	e := newEnv(t)
	c := newCast(e)
	io := e.login(c.io1)
	fir, err := io.CreateFIR(e.ctx, firInput(e), "")
	if err != nil {
		t.Fatal(err)
	}
	return e, c, io, fir
}
