package service_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/internal/testclock"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
)

// signInWorld is a Service over a real store, with an administrator and an
// officer whose credentials the test knows.
type signInWorld struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	svc    *service.Service
	clock  *testclock.Clock
	pw     *verifyCounter
	admin  *nsor.User
	io     *nsor.User
	creds  *nsor.Credentials
	stepAt map[string]int64
}

// verifyCounter counts Verify calls, and those against an empty hash.
type verifyCounter struct {
	nsor.PasswordHasher
	calls, empty atomic.Int64
}

func (v *verifyCounter) Verify(password, hash string) bool {
	v.calls.Add(1)
	if hash == "" {
		v.empty.Add(1)
	}
	return v.PasswordHasher.Verify(password, hash)
}

// eachStore runs fn over SQLite, and over PostgreSQL as package pgtest says.
func eachStore(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "nsor.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.NewDatabase(t)) })
}

func newSignInWorld(t *testing.T, dsn string) *signInWorld {
	ctx := context.Background()
	db, _, kr := openStore(t, dsn)
	var err error
	w := &signInWorld{t: t, ctx: ctx, db: db, clock: testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)),
		pw: &verifyCounter{PasswordHasher: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1})}, stepAt: map[string]int64{}}
	w.svc = service.New(nsor.Deps{Store: db, Clock: w.clock, IDs: kr, OTP: auth.NewTOTP(kr, nil), Passwords: w.pw, Config: nsor.DefaultConfig()})
	if err := w.svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	var country, district *nsor.Jurisdiction
	err = db.View(ctx, func(tx nsor.Tx) error {
		if country, err = tx.JurisdictionByCode("PK"); err != nil {
			return err
		}
		district, err = tx.JurisdictionByCode("PB-LHR-LHR")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.admin, _, err = w.svc.Bootstrap(ctx, nsor.Operator{Name: "test"}, nsor.NewUser{Username: "admin", Name: "Admin (synthetic)", JurisdictionID: country.ID})
	if err != nil {
		t.Fatal(err)
	}
	actor := &nsor.Actor{User: w.admin, Jurisdiction: country, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
	w.io, w.creds, err = w.svc.CreateUser(ctx, actor, nsor.NewUser{Username: "io.service", Name: "Officer (synthetic)",
		Rank: "Inspector", BeltNumber: "B-1", Role: nsor.RoleIO, JurisdictionID: district.ID})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// code is a fresh TOTP code for the officer, moving the clock on a step
// when the current one was used.
func (w *signInWorld) code() string {
	step := w.clock.Now().Unix() / 30
	if last, ok := w.stepAt["io"]; ok && step <= last {
		w.clock.Advance(time.Duration(last-step+1) * 30 * time.Second)
		step = last + 1
	}
	w.stepAt["io"] = step
	c, err := auth.Code(w.creds.TOTPSecret, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// signIn signs the officer in from the address; only with the right
// password does it spend a fresh code (and perhaps 30 seconds of the clock).
func (w *signInWorld) signIn(from, password string) error {
	code := "000000"
	if password == w.creds.Password {
		code = w.code()
	}
	_, _, _, err := w.svc.SignIn(w.ctx, w.io.Username, password, code, nsor.Client{Addr: from, Source: "api"})
	return err
}

func (w *signInWorld) notifications(userID int64) []*nsor.Notification {
	var ns []*nsor.Notification
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		var err error
		ns, err = tx.Notifications(userID, false, 0, 100)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return ns
}

// TestSignInLockoutBySource: failures from one address lock out that address
// only; failures from many unknown addresses lock out every unknown address
// and alert the administrator once; the officer's own address signs in
// throughout; locks end after LockoutFor.
func TestSignInLockoutBySource(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newSignInWorld(t, dsn)
		cfg := w.svc.Config()
		office, attacker := "203.0.113.10", "198.51.100.1"
		if err := w.signIn(office, w.creds.Password); err != nil {
			t.Fatalf("SignIn(office) = %v, want success", err)
		}
		for range cfg.LockoutAfter {
			_ = w.signIn(attacker, "not the password 1")
		}
		if err := w.signIn(attacker, w.creds.Password); nsor.ErrorCode(err) != "auth.invalid_credentials" {
			t.Errorf("SignIn(locked attacker address, right password) = %v, want auth.invalid_credentials", err)
		}
		if err := w.signIn(office, w.creds.Password); err != nil {
			t.Errorf("SignIn(office) after an attack from one address = %v, want success", err)
		}
		for i := 0; i < cfg.LockoutUnknownAfter; i++ {
			_ = w.signIn("198.51.100."+string(rune('2'+i%8)), "not the password 1")
		}
		if err := w.signIn("192.0.2.77", w.creds.Password); nsor.ErrorCode(err) != "auth.invalid_credentials" {
			t.Errorf("SignIn(new address while unknown addresses are locked) = %v, want auth.invalid_credentials", err)
		}
		if err := w.signIn(office, w.creds.Password); err != nil {
			t.Errorf("SignIn(office) while unknown addresses are locked = %v, want success", err)
		}
		alerts := 0
		for _, n := range w.notifications(w.admin.ID) {
			if n.Kind == nsor.NoteSignInAttack {
				alerts++
			}
		}
		if alerts != 1 {
			t.Errorf("administrator's alerts = %d, want 1", alerts)
		}
		w.clock.Advance(cfg.LockoutFor)
		if err := w.signIn("192.0.2.77", w.creds.Password); err != nil {
			t.Errorf("SignIn(new address after the lock) = %v, want success", err)
		}
	})
}

// TestSignInUnknownUserCostsAHash: an unknown user's attempt is checked
// against a real hash made by the hasher, never an empty one (which an
// adapter may answer at once).
func TestSignInUnknownUserCostsAHash(t *testing.T) {
	w := newSignInWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	before := w.pw.calls.Load()
	_, _, _, err := w.svc.SignIn(w.ctx, "io.nobody", "some password 1", "123456", nsor.Client{Addr: "192.0.2.1", Source: "api"})
	if nsor.ErrorCode(err) != "auth.invalid_credentials" {
		t.Fatalf("SignIn(unknown) = %v, want auth.invalid_credentials", err)
	}
	if got := w.pw.calls.Load() - before; got != 1 || w.pw.empty.Load() != 0 {
		t.Errorf("SignIn(unknown): %d Verify calls, %d against an empty hash; want 1 and 0", got, w.pw.empty.Load())
	}
}

// TestSignInThrottleRecordsOncePerSpell: an address over its burst is
// refused auth.throttled, and only the first refusal of the spell is
// recorded, so that a flood does not write the audit log full.
func TestSignInThrottleRecordsOncePerSpell(t *testing.T) {
	w := newSignInWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	from := nsor.Client{Addr: "198.51.100.9", Source: "api"}
	throttled := 0
	for range w.svc.Config().SignInBurst + 5 {
		_, _, _, err := w.svc.SignIn(w.ctx, "io.nobody", "some password 1", "123456", from)
		if nsor.ErrorCode(err) == "auth.throttled" {
			throttled++
			if e := nsor.AsError(err); e.RetryAfter <= 0 {
				t.Errorf("auth.throttled RetryAfter = %v, want > 0", e.RetryAfter)
			}
		}
	}
	if throttled != 5 {
		t.Errorf("throttled attempts = %d, want 5", throttled)
	}
	var recorded int
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "auth.signin"})
		for _, e := range es {
			if e.Record.Code == "auth.throttled" {
				recorded++
			}
		}
		return err
	})
	if err != nil || recorded != 1 {
		t.Errorf("recorded throttled refusals = %d (%v), want 1", recorded, err)
	}
}
