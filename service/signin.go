package service

import (
	"context"
	"encoding/hex"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"time"
)

// admitSignIn takes the source's token before any hash is spent, or refuses
// with 429 auth.throttled. Only the first refusal of a spell is recorded,
// so that a flood cannot turn the audit log into its amplifier.
func (s *Service) admitSignIn(ctx context.Context, source, username string, client nsor.Client) error {
	ok, retry, first := s.limits.take(source, s.now())
	if ok {
		return nil
	}
	e := errThrottled(max(retry, time.Second))
	if !first {
		return e
	}
	return s.refused(ctx, s.signInRecord(client, nil, username, "throttled"), e)
}

// signInUser reads the user signing in (nil when unknown) and whether they
// signed in from source before.
func (s *Service) signInUser(ctx context.Context, username, source string) (*nsor.User, bool, error) {
	var u *nsor.User
	known := false
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		if u, err = tx.UserByUsername(username); err != nil {
			return err
		}
		src, err := tx.SignInSource(u.ID, source)
		known = err == nil && src.Known
		if nsor.KindOf(err) == nsor.KindNotFound {
			return nil
		}
		return err
	})
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil, false, nil
	}
	return u, known, err
}

// checkPassword verifies password in one of the bounded hashers (known: the
// user signed in from this source before), against u's hash or, for an
// unknown user or one without a password, a dummy hash of the same parameters, so that both cost the
// same; it refuses with 429 auth.busy when no hasher comes free in time.
func (s *Service) checkPassword(ctx context.Context, password string, u *nsor.User, known bool, username string, client nsor.Client) (bool, error) {
	ok, first := s.hashers.acquire(ctx, known)
	if !ok {
		e := errBusy(time.Second)
		if !first {
			return false, e
		}
		return false, s.refused(ctx, s.signInRecord(client, u, username, "busy"), e)
	}
	defer s.hashers.release(known)
	// A service account has no password (docs/adr/0014-no-impersonation.md):
	// its empty hash would answer at once, and so tell that the account
	// exists; it is checked against the dummy hash like an unknown user.
	hash, real := s.dummyHash(), u != nil && u.PasswordHash != ""
	if real {
		hash = u.PasswordHash
	}
	return s.pw.Verify(password, hash) && real, nil
}

// dummyHash is a real hash of a random password, made once, for unknown
// users' attempts to be checked against.
func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		raw := make([]byte, 16)
		if _, err := s.rand.Read(raw); err != nil {
			return
		}
		if h, err := s.pw.Hash(hex.EncodeToString(raw)); err == nil {
			s.dummy.hash = h
		}
	})
	return s.dummy.hash
}

func (s *Service) signInRecord(client nsor.Client, u *nsor.User, username, reason string) *auditrec.Record {
	rec := s.record(client.ActorFor(u), "auth.signin")
	s.tag(rec, "username", username)
	detail(rec, "reason", reason)
	return rec
}

// signInGuard is a user's sign-in sources as one attempt sees them: the
// source it comes from, and all unknown sources together.
type signInGuard struct{ here, unknown *nsor.SignInSource }

func loadGuard(tx nsor.UserTx, userID int64, source string) (*signInGuard, error) {
	row := func(src string) (*nsor.SignInSource, error) {
		r, err := tx.SignInSource(userID, src)
		if nsor.KindOf(err) == nsor.KindNotFound {
			return &nsor.SignInSource{UserID: userID, Source: src}, nil
		}
		return r, err
	}
	here, err := row(source)
	if err != nil {
		return nil, err
	}
	unknown, err := row(nsor.UnknownSources)
	return &signInGuard{here: here, unknown: unknown}, err
}

// locked reports whether this source may not sign in now: it is locked
// itself, or it is unknown and unknown sources are locked.
func (g *signInGuard) locked(now time.Time) bool {
	return now.Before(g.here.LockedUntil) || (!g.here.Known && now.Before(g.unknown.LockedUntil))
}

// succeeded makes the source known and clears its failures.
func (g *signInGuard) succeeded(tx nsor.Tx) error {
	g.here.Known, g.here.Failures, g.here.LockedUntil = true, 0, time.Time{}
	return tx.PutSignInSource(g.here)
}

// countFailure counts a failed sign-in against its source, and, for a
// source the user never signed in from, against all unknown sources; when
// these lock, the administrators are alerted.
func (s *Service) countFailure(tx nsor.Tx, u *nsor.User, g *signInGuard, now time.Time, rec *auditrec.Record) error {
	limit := s.cfg.LockoutAfter
	if g.here.Known {
		limit = s.cfg.LockoutKnownAfter
	}
	if changed, locked := s.fail(g.here, limit, now); changed {
		if locked {
			detail(rec, "locked_until", g.here.LockedUntil.Format(time.RFC3339))
		}
		if err := tx.PutSignInSource(g.here); err != nil {
			return err
		}
	}
	if g.here.Known {
		return nil
	}
	changed, locked := s.fail(g.unknown, s.cfg.LockoutUnknownAfter, now)
	if !changed {
		return nil
	}
	if err := tx.PutSignInSource(g.unknown); err != nil || !locked {
		return err
	}
	detail(rec, "alert", "auth.signin_alert")
	return s.alertAttack(tx, u, g.unknown.LockedUntil)
}

// fail counts one failure of src, unless it is locked; the count starts
// afresh after LockoutFor without failures, and at limit src is locked for
// LockoutFor (NIST SP 800-63B section 5.2.2).
func (s *Service) fail(src *nsor.SignInSource, limit int, now time.Time) (changed, locked bool) {
	if now.Before(src.LockedUntil) {
		return false, false
	}
	if now.Sub(src.LastFailure) >= s.cfg.LockoutFor {
		src.Failures = 0
	}
	src.Failures++
	src.LastFailure = now
	if src.Failures >= limit {
		src.Failures, src.LockedUntil = 0, now.Add(s.cfg.LockoutFor)
		return true, true
	}
	return true, false
}

// alertAttack tells every administrator that u's sign-in from unknown
// sources is locked until until, and records the alert in the audit log.
// It runs once per lock, so once per account per window.
func (s *Service) alertAttack(tx nsor.Tx, u *nsor.User, until time.Time) error {
	admins, err := usersOf(tx, nsor.RoleAdmin)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Account %s: %d failed sign-ins from addresses it never signed in from. Sign-in to it from "+
		"new addresses is paused until %s UTC; from the addresses it signed in from before it still works.",
		u.Username, s.cfg.LockoutUnknownAfter, until.UTC().Format("2006-01-02 15:04"))
	if err := s.notify(tx, admins, nsor.NoteSignInAttack, 0, msg); err != nil {
		return err
	}
	rec := s.record(nil, "auth.signin_alert")
	rec.Object, rec.Outcome = object("user", u.ID), auditrec.OutcomeOK
	detail(rec, "locked_until", until.Format(time.RFC3339))
	detail(rec, "notified", len(admins))
	_, err = tx.AppendAudit(rec)
	return err
}

// hashPassword hashes a new password in one of the bounded hashers, or
// refuses with 429 auth.busy when none comes free in time. Like rehash, it
// holds a place of the unknown sources: a flood by a signed-in caller must
// leave officers a hasher as much as a flood from elsewhere does.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	if ok, _ := s.hashers.acquire(ctx, false); !ok {
		return "", errBusy(time.Second)
	}
	defer s.hashers.release(false)
	hash, err := s.pw.Hash(password)
	if err != nil {
		return "", nsor.Internalf(err, "hash password")
	}
	return hash, nil
}

// refusedBusy records err as a refusal of action on kind id when it is the
// hashers' auth.busy, which is a refusal of the caller's act (a fault is
// returned as it is, unrecorded, as Service.do does).
func (s *Service) refusedBusy(ctx context.Context, a *nsor.Actor, action, kind string, id int64, err error) error {
	if nsor.ErrorCode(err) != "auth.busy" {
		return err
	}
	rec := s.record(a, action)
	rec.Object = object(kind, id)
	return s.refused(ctx, rec, err)
}

// rehash checks a's current password and hashes the next one in one of the
// bounded hashers, so that a flood of password changes with a stolen token
// cannot exhaust memory either. It holds a place of the unknown sources, not
// a known one: a session is no sign-in from an officer's own address, and a
// flood of changes must not take the hasher kept for those
// (docs/adr/0015-sign-in-under-attack.md).
func (s *Service) rehash(ctx context.Context, a *nsor.Actor, current, next string) (bool, string, error) {
	if ok, _ := s.hashers.acquire(ctx, false); !ok {
		return false, "", s.refused(ctx, s.record(a, "auth.password_change"), errBusy(time.Second))
	}
	defer s.hashers.release(false)
	ok := s.pw.Verify(current, a.User.PasswordHash)
	hash, err := s.pw.Hash(next)
	if err != nil {
		return false, "", nsor.Internalf(err, "hash password")
	}
	return ok, hash, nil
}
