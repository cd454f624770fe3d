package service

import (
	"context"
	"encoding/base64"
	"errors"
	"nsor"
	"nsor/auditrec"
	"time"
)

// errBadCredentials is the one answer for every failed sign-in: unknown user,
// wrong password, wrong or reused code, locked or disabled account (ASVS
// 2.2.1, 3.x): the answer never tells which, nor whether the user exists.
func errBadCredentials() *nsor.Error {
	return &nsor.Error{Kind: nsor.KindUnauthenticated, Code: "auth.invalid_credentials",
		Message: "Sign-in failed. Check your username, password and the 6-digit code from your authenticator. " +
			"After repeated failures, signing in from where you are is paused for 10 minutes.",
		Fields: []nsor.FieldError{{Field: "credentials", Code: "auth.invalid_credentials", Message: "Sign-in failed."}}}
}

// SignIn checks a password and a TOTP code (each code is accepted once) and
// issues a session token, whose secret is returned only here. An address
// that fails too fast is refused (429 auth.throttled) before any work, and
// when every password hasher stays busy the attempt is refused (429
// auth.busy): argon2id is slow and large by design, so it runs in a bounded
// pool, outside any transaction (docs/adr/0015-sign-in-under-attack.md).
func (s *Service) SignIn(ctx context.Context, username, password, code string, client nsor.Client) (string, *nsor.Token, *nsor.User, error) {
	if nsor.CheckText("username", username, nsor.LimitIdentifier) != nil {
		username = "" // no account has it: the same answer as any unknown user
	}
	source := sourceOf(client.Addr)
	if err := s.admitSignIn(ctx, source, username, client); err != nil {
		return "", nil, nil, err
	}
	u, known, err := s.signInUser(ctx, username, source)
	if err != nil {
		return "", nil, nil, err
	}
	passwordOK, err := s.checkPassword(ctx, password, u, known, username, client)
	if err != nil {
		return "", nil, nil, err
	}
	var secret string
	var tok *nsor.Token
	var refusal error
	err = s.store.Update(ctx, func(tx nsor.Tx) error {
		rec := s.record(client.ActorFor(u), "auth.signin")
		s.tag(rec, "username", username)
		var err error
		secret, tok, refusal, err = s.signIn(tx, username, source, passwordOK, code, client.Source == "web", rec)
		if err != nil {
			return err
		}
		if refusal != nil {
			rec.Outcome, rec.Code = auditrec.OutcomeRefused, nsor.ErrorCode(refusal)
		} else {
			rec.Outcome, rec.TokenID = auditrec.OutcomeOK, tok.ID
		}
		return tx.RecordAudit(rec)
	})
	switch {
	case err != nil:
		return "", nil, nil, nsor.AsError(err)
	case refusal != nil:
		return "", nil, nil, refusal
	}
	s.limits.refund(source)
	return secret, tok, u, nil
}

// signIn decides a sign-in from source within the transaction. A refusal is
// returned as refusal, not err, because the failure count it raises must
// commit.
func (s *Service) signIn(tx nsor.Tx, username, source string, passwordOK bool, code string, web bool, rec *auditrec.Record) (string, *nsor.Token, error, error) {
	u, err := tx.UserByUsername(username)
	if nsor.KindOf(err) == nsor.KindNotFound {
		detail(rec, "reason", "unknown_user")
		return "", nil, errBadCredentials(), nil
	} else if err != nil {
		return "", nil, nil, err
	}
	now := s.now()
	g, err := loadGuard(tx, u.ID, source)
	if err != nil {
		return "", nil, nil, err
	}
	step, codeErr := s.otp.Check(u.TOTPSealed, code, now)
	if codeErr != nil && nsor.KindOf(codeErr) == nsor.KindInternal {
		// A secret that cannot be opened (a lost seal key) is the system's
		// fault: counting it as the user's failure would lock everyone out.
		return "", nil, nil, codeErr
	}
	if reason := signInRefusal(u, g, now, passwordOK, codeErr, step); reason != "" {
		detail(rec, "reason", reason)
		return "", nil, errBadCredentials(), s.countFailure(tx, u, g, now, rec)
	}
	u.TOTPLastStep = step
	if err := tx.UpdateUser(u); err != nil {
		return "", nil, nil, err
	}
	if err := g.succeeded(tx); err != nil {
		return "", nil, nil, err
	}
	idle := time.Duration(0)
	if web {
		idle = s.sessionIdle()
	}
	secret, tok, err := s.newToken(tx, u, nsor.TokenSession, "", []string{nsor.ScopeAll}, s.cfg.SessionTTL, idle)
	return secret, tok, nil, err
}

// signInRefusal is why a sign-in fails, for the audit record, or "".
func signInRefusal(u *nsor.User, g *signInGuard, now time.Time, passwordOK bool, codeErr error, step int64) string {
	switch {
	case u.Disabled:
		return "disabled"
	case g.locked(now):
		return "locked"
	case !passwordOK:
		return "wrong_password"
	case codeErr != nil:
		return "wrong_code"
	case step <= u.TOTPLastStep:
		return "reused_code"
	}
	return ""
}

// newToken creates a bearer token: 32 random bytes, stored only as SHA-256.
// An administrator's session carries AdminSessionScopes. A token with an
// idle limit ends when not used for that long (a web session's).
func (s *Service) newToken(tx nsor.Tx, u *nsor.User, kind nsor.TokenKind, name string, scopes []string, ttl, idle time.Duration) (string, *nsor.Token, error) {
	if kind == nsor.TokenSession && u.Role == nsor.RoleAdmin {
		scopes = nsor.AdminSessionScopes
	}
	raw := make([]byte, 32)
	if _, err := s.rand.Read(raw); err != nil {
		return "", nil, nsor.Internalf(err, "token randomness")
	}
	secret := "nsor_" + base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	t := &nsor.Token{UserID: u.ID, Kind: kind, Name: name, Scopes: scopes, Hash: nsor.HashToken(secret),
		CredVersion: u.CredVersion, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if idle > 0 {
		t.IdleUntil = now.Add(idle)
	}
	if err := tx.CreateToken(t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Authenticate resolves a bearer token to its actor. Unknown, expired and
// revoked tokens, and tokens of a user whose role, jurisdiction, password or
// second factor changed since, are refused, and the refusal is recorded.
func (s *Service) Authenticate(ctx context.Context, secret string, client nsor.Client) (*nsor.Actor, error) {
	a, refusal, err := s.authenticateDirect(ctx, secret, client)
	if errors.Is(err, errNeedSnapshot) {
		err = s.view(ctx, func(tx nsor.Tx) error {
			var err error
			a, refusal, err = s.authenticate(tx, secret, client)
			return err
		})
	}
	if err != nil {
		return nil, nsor.AsError(err)
	}
	if refusal != nil {
		rec := s.record(client.ActorFor(nil), "auth.token")
		if a != nil {
			rec = s.record(a, "auth.token")
		}
		return nil, s.refused(ctx, rec, refusal)
	}
	s.touch(ctx, a.Token)
	return a, nil
}

// sessionIdle is the idle limit of a web session.
func (s *Service) sessionIdle() time.Duration {
	if s.cfg.SessionIdle > 0 {
		return s.cfg.SessionIdle
	}
	return nsor.DefaultConfig().SessionIdle
}

// touchEvery: a session's idle limit is moved on when it is at least this
// much nearer than a full idle period, so that a busy session writes at
// most once a minute, not on every page.
const touchEvery = time.Minute

// touch moves the idle limit of a session just used on (docs/web.md). It
// is bookkeeping of the session, not an act, so it has no audit record of
// its own (the act or read that used the session has one). A failed write
// is not the user's fault and does not refuse the use: the session then
// ends at its earlier limit.
func (s *Service) touch(ctx context.Context, t *nsor.Token) {
	if t == nil || t.IdleUntil.IsZero() {
		return
	}
	until := s.now().Add(s.sessionIdle())
	if until.Sub(t.IdleUntil) < touchEvery {
		return
	}
	if err := s.store.Update(ctx, func(tx nsor.Tx) error { return tx.TouchToken(t.ID, until) }); err == nil {
		t.IdleUntil = until
	}
}

// errNeedSnapshot: the store cannot read the credentials by themselves, or
// the actor's jurisdiction is not cached; authenticate in a View instead.
var errNeedSnapshot = errors.New("nsor: authenticate in a snapshot")

// authenticateDirect authenticates with the store's one-statement read of the
// token and its user (CredentialReader) and the cached jurisdiction, without
// a transaction.
func (s *Service) authenticateDirect(ctx context.Context, secret string, client nsor.Client) (*nsor.Actor, *nsor.Error, error) {
	cr, ok := s.store.(nsor.CredentialReader)
	if !ok {
		return nil, nil, errNeedSnapshot
	}
	t, u, err := cr.TokenUser(ctx, nsor.HashToken(secret))
	return s.checkToken(t, u, err, client, func(id int64) (*nsor.Jurisdiction, error) {
		if j, ok := s.jcache.cached(id, s.clock.Now()); ok {
			return j, nil
		}
		return nil, errNeedSnapshot
	})
}

func (s *Service) authenticate(tx nsor.Tx, secret string, client nsor.Client) (*nsor.Actor, *nsor.Error, error) {
	t, err := tx.TokenByHash(nsor.HashToken(secret))
	var u *nsor.User
	if err == nil {
		u, err = tx.User(t.UserID)
	}
	return s.checkToken(t, u, err, client, func(id int64) (*nsor.Jurisdiction, error) { return s.jurisdiction(tx, id) })
}

// checkToken decides on the token and its user as read (err the read's
// error): the actor, or the refusal to record.
func (s *Service) checkToken(t *nsor.Token, u *nsor.User, err error, client nsor.Client,
	jurisdiction func(int64) (*nsor.Jurisdiction, error)) (*nsor.Actor, *nsor.Error, error) {
	if nsor.KindOf(err) == nsor.KindNotFound && t == nil {
		return nil, nsor.Errorf(nsor.KindUnauthenticated, "auth.token_invalid", "Sign in again: this token is not valid."), nil
	} else if err != nil {
		return nil, nil, err
	}
	a := &nsor.Actor{User: u, Token: t, Client: client.Addr, Source: client.Source}
	now := s.now()
	switch {
	case !t.RevokedAt.IsZero() || u.Disabled || t.CredVersion != u.CredVersion || !nsor.TokenFitsUser(t, u):
		return a, nsor.Errorf(nsor.KindUnauthenticated, "auth.token_revoked", "Sign in again: this token was revoked."), nil
	case !now.Before(t.ExpiresAt):
		return a, nsor.Errorf(nsor.KindUnauthenticated, "auth.token_expired", "Sign in again: this token has expired."), nil
	case !t.IdleUntil.IsZero() && !now.Before(t.IdleUntil):
		idle := int(s.sessionIdle() / time.Minute)
		return a, nsor.Errorf(nsor.KindUnauthenticated, "auth.session_idle", "Sign in again: this session was not used for %d minutes and has ended.", idle), nil
	}
	a.Jurisdiction, err = jurisdiction(u.JurisdictionID)
	return a, nil, err
}

// SignOut revokes the token the actor used.
func (s *Service) SignOut(ctx context.Context, a *nsor.Actor) error {
	return s.do(ctx, a, "auth.signout", func(tx nsor.Tx, rec *auditrec.Record) error {
		if a.Token == nil {
			return nsor.Errorf(nsor.KindBadRequest, "auth.no_token", "There is no token to sign out of.")
		}
		rec.Object = object("token", a.Token.ID)
		return tx.RevokeToken(a.Token.ID, s.now())
	})
}

// ChangePassword sets a new password after checking the current one and a
// fresh TOTP code. Every token of the user is revoked.
func (s *Service) ChangePassword(ctx context.Context, a *nsor.Actor, current, next, code string) error {
	if err := nsor.ValidatePassword(next, a.User.Username); err != nil {
		return s.refused(ctx, s.record(a, "auth.password_change"), err)
	}
	if next == current {
		return s.refused(ctx, s.record(a, "auth.password_change"),
			nsor.Invalid("new_password", "password.unchanged", "Choose a password other than the current one."))
	}
	ok, hash, err := s.rehash(ctx, a, current, next)
	if err != nil {
		return err
	}
	return s.do(ctx, a, "auth.password_change", func(tx nsor.Tx, rec *auditrec.Record) error {
		u, err := tx.User(a.ID())
		if err != nil {
			return err
		}
		step, cerr := s.otp.Check(u.TOTPSealed, code, s.now())
		if cerr != nil && nsor.KindOf(cerr) == nsor.KindInternal {
			return cerr
		}
		if !ok || cerr != nil || step <= u.TOTPLastStep {
			return errBadCredentials()
		}
		u.PasswordHash, u.TOTPLastStep, u.MustChangePassword = hash, step, false
		u.CredVersion++
		rec.Object = object("user", u.ID)
		return tx.UpdateUser(u)
	})
}
