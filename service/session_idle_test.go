package service_test

import (
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
)

// webSession signs the officer in through the web interface (Source web)
// and returns the session's secret.
func (w *signInWorld) webSession() string {
	w.t.Helper()
	secret, tok, _, err := w.svc.SignIn(w.ctx, w.io.Username, w.creds.Password, w.code(), nsor.Client{Addr: "203.0.113.10", Source: "web"})
	if err != nil {
		w.t.Fatal(err)
	}
	if tok.IdleUntil.IsZero() {
		w.t.Fatal("a web session has no idle limit")
	}
	return secret
}

func (w *signInWorld) auth(secret string) (*nsor.Actor, error) {
	return w.svc.Authenticate(w.ctx, secret, nsor.Client{Addr: "203.0.113.10", Source: "web"})
}

// TestSessionIdle: a web session used within each quarter hour lives on (each
// use moves its idle limit, in the store, not only in the cookie); left
// alone for 15 minutes it ends with auth.session_idle, and the refusal is
// audited. An API session has no idle limit. The absolute 12-hour limit
// holds even for a session in constant use.
func TestSessionIdle(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newSignInWorld(t, dsn)
		idle := w.svc.Config().SessionIdle
		if idle != 15*time.Minute {
			t.Fatalf("default SessionIdle = %v, want 15m", idle)
		}
		secret := w.webSession()
		for range 6 { // an hour and a half of use, each within the limit
			w.clock.Advance(idle - time.Minute)
			if _, err := w.auth(secret); err != nil {
				t.Fatalf("a session used every %v: %v", idle-time.Minute, err)
			}
		}
		w.clock.Advance(idle)
		_, err := w.auth(secret)
		wantCode(t, "a session idle for 15 minutes", err, "auth.session_idle")
		var refused int
		_ = w.db.View(w.ctx, func(tx nsor.Tx) error {
			recs, err := tx.AuditRecords(nsor.AuditFilter{Action: "auth.token"})
			for _, r := range recs {
				if r.Record.Code == "auth.session_idle" {
					refused++
				}
			}
			return err
		})
		if refused != 1 {
			t.Errorf("audit records of the idle refusal = %d, want 1", refused)
		}

		// An API session (a program's) is not ended by idling.
		apiSecret, tok, _, err := w.svc.SignIn(w.ctx, w.io.Username, w.creds.Password, w.code(), nsor.Client{Addr: "203.0.113.10", Source: "api"})
		if err != nil || !tok.IdleUntil.IsZero() {
			t.Fatalf("API sign-in = %v, idle %v; want no idle limit", err, tok.IdleUntil)
		}
		w.clock.Advance(2 * time.Hour)
		if _, err := w.auth(apiSecret); err != nil {
			t.Errorf("an API session after 2 idle hours: %v", err)
		}

		// Constant use does not outlive the absolute limit.
		secret = w.webSession()
		for range int(w.svc.Config().SessionTTL/(10*time.Minute)) - 1 {
			w.clock.Advance(10 * time.Minute)
			if _, err := w.auth(secret); err != nil {
				t.Fatalf("in use: %v", err)
			}
		}
		w.clock.Advance(10 * time.Minute)
		_, err = w.auth(secret)
		wantCode(t, "a session in use after 12 hours", err, "auth.token_expired")
	})
}

// TestSessionIdleWritesRarely: a session used many times a minute moves its
// idle limit at most once a minute (a write each time would load the store
// with every page).
func TestSessionIdleWritesRarely(t *testing.T) {
	w := newSignInWorld(t, t.TempDir()+"/nsor.db")
	secret := w.webSession()
	idleAt := func() time.Time {
		a, err := w.auth(secret)
		if err != nil {
			t.Fatal(err)
		}
		var tk *nsor.Token
		_ = w.db.View(w.ctx, func(tx nsor.Tx) error { tk, err = tx.Token(a.Token.ID); return err })
		return tk.IdleUntil
	}
	first := idleAt()
	w.clock.Advance(30 * time.Second)
	if got := idleAt(); !got.Equal(first) {
		t.Errorf("idle limit moved after 30 s: %v -> %v", first, got)
	}
	w.clock.Advance(31 * time.Second)
	if got := idleAt(); !got.After(first) {
		t.Errorf("idle limit did not move after 61 s: %v -> %v", first, got)
	}
}

// TestEndSessions: a person ends their other sessions and keeps the one
// they use; an administrator ends all of a user's sessions; nobody else
// may; machine tokens are untouched; each is audited.
func TestEndSessions(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newSignInWorld(t, dsn)
		here, other1, other2 := w.webSession(), w.webSession(), w.webSession()
		a, err := w.auth(here)
		if err != nil {
			t.Fatal(err)
		}
		n, err := w.svc.EndOtherSessions(w.ctx, a)
		if err != nil || n != 2 {
			t.Fatalf("EndOtherSessions = %d, %v; want 2", n, err)
		}
		if _, err := w.auth(here); err != nil {
			t.Errorf("the session in use was ended: %v", err)
		}
		for _, s := range []string{other1, other2} {
			_, err := w.auth(s)
			wantCode(t, "an ended session", err, "auth.token_revoked")
		}
		// The officer may not end another's sessions.
		_, err = w.svc.EndUserSessions(w.ctx, a, w.admin.ID)
		wantCode(t, "an officer ending the administrator's sessions", err, "auth.forbidden")
		admin := &nsor.Actor{User: w.admin, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
		n, err = w.svc.EndUserSessions(w.ctx, admin, w.io.ID)
		if err != nil || n != 1 {
			t.Fatalf("EndUserSessions = %d, %v; want 1", n, err)
		}
		_, err = w.auth(here)
		wantCode(t, "a session an administrator ended", err, "auth.token_revoked")
		var ended int
		_ = w.db.View(w.ctx, func(tx nsor.Tx) error {
			for _, act := range []string{"auth.sessions_end", "user.sessions_end"} {
				recs, err := tx.AuditRecords(nsor.AuditFilter{Action: act})
				if err != nil {
					return err
				}
				for _, r := range recs {
					if r.Record.Outcome == auditrec.OutcomeOK {
						ended++
					}
				}
			}
			return nil
		})
		if ended != 2 {
			t.Errorf("audit records of ending sessions = %d, want 2", ended)
		}
	})
}
