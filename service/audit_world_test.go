package service_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/auth"
	"nsor/demo"
	"nsor/disclosure"
	"nsor/internal/testclock"
	"nsor/service"
)

// auditWorld is the seeded world with a running Merkle audit log, as
// cmd/nsor wires it (Deps.Prover), stepped by hand by the tests.
type auditWorld struct {
	*world
	log *auditlog.Log
}

// newAuditWorld seeds a world, as newWorld does, over a service that proves
// audit records with a real audit log.
func newAuditWorld(t *testing.T, dsn string) *auditWorld {
	t.Helper()
	ctx := context.Background()
	db, dir, kr := openStore(t, dsn)
	ak, err := auditlog.LoadKeys(dir, auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	clock := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	alog, err := auditlog.New(db, clock, ak.Signer, auditlog.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: ctx, db: db, clock: clock}
	w.svc = service.New(nsor.Deps{Store: db, Clock: clock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig(),
		Marks: disclosure.New(), Prover: alog})
	if err := w.svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if w.seed, err = demo.Seed(ctx, w.svc, db, rand.New(rand.NewPCG(1, 8)), &out); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	return &auditWorld{world: w, log: alog}
}

// checkpoint integrates every record written so far and signs a checkpoint
// of the tree.
func (w *auditWorld) checkpoint() *nsor.Checkpoint {
	w.t.Helper()
	res, err := w.log.Step(w.ctx, true)
	if err != nil || !res.Leased {
		w.t.Fatalf("audit log step: %+v, %v", res, err)
	}
	var cp *nsor.Checkpoint
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { cp, err = tx.LatestCheckpoint(); return err }); err != nil || cp == nil {
		w.t.Fatalf("LatestCheckpoint: %v, %v", cp, err)
	}
	return cp
}

// auditRecords is the audit records f selects, as the store holds them.
func (w *world) auditRecords(f nsor.AuditFilter) []*nsor.AuditEntry {
	w.t.Helper()
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.AuditRecords(f); return err }); err != nil {
		w.t.Fatalf("AuditRecords: %v", err)
	}
	return es
}

// auditLast is the newest audit record.
func (w *world) auditLast() *nsor.AuditEntry {
	w.t.Helper()
	es := w.auditRecords(nsor.AuditFilter{})
	if len(es) == 0 {
		w.t.Fatal("the audit trail is empty")
	}
	return es[len(es)-1]
}

// auditWantRefusal checks that the refusal was the one record written
// since before, with the action and code.
func (w *world) auditWantRefusal(t *testing.T, before int64, action, code string) {
	t.Helper()
	if n := w.auditCount(); n != before+1 {
		t.Errorf("%s refused: %d audit records written, want 1 (the refusal)", action, n-before)
		return
	}
	r := w.auditLast().Record
	if r.Action != action || r.Outcome != auditrec.OutcomeRefused || r.Code != code {
		t.Errorf("refusal recorded as %s/%s/%s, want %s/%s/%s", r.Action, r.Outcome, r.Code, action, auditrec.OutcomeRefused, code)
	}
}

// auditWantAct checks that the act wrote exactly one audit record, of
// the action and a success, and returns it.
func (w *world) auditWantAct(t *testing.T, before int64, action string) *auditrec.Record {
	t.Helper()
	if n := w.auditCount(); n != before+1 {
		t.Errorf("%s: %d audit records written, want 1", action, n-before)
	}
	r := w.auditLast().Record
	if r.Action != action || r.Outcome != auditrec.OutcomeOK {
		t.Errorf("act recorded as %s/%s, want %s/ok", r.Action, r.Outcome, action)
	}
	return r
}

// auditDetail is the value of a record's detail, or "".
func auditDetail(r *auditrec.Record, key string) string {
	for _, d := range r.Details {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

// auditWithToken is a copy of a with a token carrying scopes, as a signed-in
// client acts.
func auditWithToken(a *nsor.Actor, scopes ...string) *nsor.Actor {
	b := *a
	b.Token = &nsor.Token{ID: 1, Kind: nsor.TokenSession, Scopes: scopes}
	if a.User != nil {
		b.Token.UserID = a.User.ID
	}
	return &b
}

// auditAsService is a copy of a acting as a machine client of the same
// role.
func auditAsService(a *nsor.Actor) *nsor.Actor {
	b := *a
	u := *a.User
	u.Kind = nsor.UserService
	b.User = &u
	return &b
}

// auditReleased is the demo's released and acknowledged request and its release.
func (w *world) auditReleased() (*nsor.Request, *nsor.Release) {
	w.t.Helper()
	r := w.inState(nsor.StateAcknowledged)
	var rel *nsor.Release
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { rel, err = tx.ReleaseOf(r.ID); return err }); err != nil {
		w.t.Fatalf("ReleaseOf(%d): %v", r.ID, err)
	}
	return r, rel
}
