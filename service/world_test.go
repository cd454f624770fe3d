package service_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/biosample"
	"nsor/demo"
	"nsor/disclosure"
	"nsor/internal/testclock"
	"nsor/keys"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
)

// world is a Service over a real store, seeded with the demo's synthetic
// people, register records, FIRs and requests in every state, for the rules'
// tests at the service: no HTTP between the test and the rule.
type world struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlstore.DB
	svc   *service.Service
	clock *testclock.Clock
	seed  *demo.Seeded
	keys  *keys.Keyring // the installation's, which every instance holds
}

// newWorld seeds a world on the database dsn names (a SQLite path, or a
// PostgreSQL URL from pgtest.NewDatabase).
func newWorld(t *testing.T, dsn string) *world {
	t.Helper()
	ctx := context.Background()
	db, _, kr := openStore(t, dsn)
	var err error
	w := &world{t: t, ctx: ctx, db: db, clock: testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)), keys: kr}
	w.svc = service.New(nsor.Deps{Store: db, Clock: w.clock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig(),
		Marks: disclosure.New(), Samples: biosample.Reader{}})
	if err := w.svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if w.seed, err = demo.Seed(ctx, w.svc, db, rand.New(rand.NewPCG(1, 8)), &out); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	return w
}

// openStore opens the database dsn names, migrated, and a key ring made
// afresh in the directory it returns.
func openStore(t *testing.T, dsn string) (*sqlstore.DB, string, *keys.Keyring) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatalf("sqlstore.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	dir := t.TempDir()
	kr := keystest.Init(t, dir)
	return db, dir, kr
}

// as is the actor of a seeded username (see demo/people.go: io.lahore1,
// dpp.lahore1, analyst1, supervisor1, registrar1, auditor1, admin, ...).
func (w *world) as(username string) *nsor.Actor {
	a := w.seed.Actor(username)
	if a == nil {
		w.t.Fatalf("no seeded user %s", username)
	}
	return a
}

// request reads a request as the store holds it.
func (w *world) request(id int64) *nsor.Request {
	w.t.Helper()
	var r *nsor.Request
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { r, err = tx.Request(id); return err }); err != nil {
		w.t.Fatalf("Request(%d): %v", id, err)
	}
	return r
}

// inState is the first seeded request left in state st.
func (w *world) inState(st nsor.State) *nsor.Request {
	w.t.Helper()
	ids := w.seed.Requests[st]
	if len(ids) == 0 {
		w.t.Fatalf("the demo seeds no request in state %s", st)
	}
	return w.request(ids[0])
}

// auditCount is the number of audit records, which every act and every
// refusal adds to.
func (w *world) auditCount() int64 {
	w.t.Helper()
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.AuditRecords(nsor.AuditFilter{}); return err }); err != nil {
		w.t.Fatalf("AuditRecords: %v", err)
	}
	return int64(len(es))
}

// wantCode fails the test unless err is a refusal with code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var e *nsor.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Errorf("%s = %v, want refusal %s", what, err, code)
	}
}

// TestWorldSeeds is the fixture's own check: it seeds a request in each
// state the demo promises.
func TestWorldSeeds(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	for _, st := range []nsor.State{nsor.StateDraft, nsor.StateSubmitted, nsor.StateReturned} {
		if r := w.inState(st); r.State != st {
			t.Errorf("inState(%s) = %s", st, r.State)
		}
	}
}

// serviceOver is another instance over w's store, clock and keys, with
// the indexes and readers d gives.
func serviceOver(t *testing.T, w *world, d nsor.Deps) *service.Service {
	t.Helper()
	d.Store, d.Clock, d.IDs, d.Config = w.db, w.clock, w.keys, nsor.DefaultConfig()
	return service.New(d)
}
