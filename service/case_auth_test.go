package service_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/auth"
)

// caseCode is a fresh TOTP code of username's secret: the clock moves on a
// step, since each code is accepted once.
func caseCode(w *world, secret string) string {
	w.t.Helper()
	w.clock.Advance(30 * time.Second)
	c, err := auth.Code(secret, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// caseTokens counts a user's tokens.
func caseTokens(w *world, userID int64) int {
	w.t.Helper()
	var ts []*nsor.Token
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { ts, err = tx.Tokens(userID); return err }); err != nil {
		w.t.Fatal(err)
	}
	return len(ts)
}

// TestCaseSignIn: a password and a fresh code give a session token, which
// authenticates until it is signed out of or expires; every failed sign-in
// has the one answer, issues no token, and is recorded with its reason.
func TestCaseSignIn(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	acc := w.seed.Users["io.lahore1"]
	id := acc.User.ID
	code := caseCode(w, acc.TOTPSecret)
	secret, tok, u, err := w.svc.SignIn(w.ctx, "io.lahore1", acc.Password, code, caseClient)
	if err != nil || secret == "" || tok.UserID != id || u.ID != id || !tok.ExpiresAt.Equal(tok.CreatedAt.Add(w.svc.Config().SessionTTL)) {
		t.Fatalf("SignIn = %q, %+v, %v; want a session token of the officer", secret, tok, err)
	}
	if rec := caseLastAudit(w); rec.Action != "auth.signin" || rec.Outcome != auditrec.OutcomeOK || rec.TokenID != tok.ID {
		t.Errorf("sign-in recorded as %+v", rec)
	}
	a, err := w.svc.Authenticate(w.ctx, secret, caseClient)
	if err != nil || a.ID() != id || a.Token.ID != tok.ID || a.Jurisdiction == nil || a.Jurisdiction.ID != acc.User.JurisdictionID {
		t.Fatalf("Authenticate = %+v, %v", a, err)
	}

	tokens := caseTokens(w, id)
	for _, c := range []struct{ name, username, password, code, reason string }{
		{"the same code again", "io.lahore1", acc.Password, code, "reused_code"},
		{"a wrong password", "io.lahore1", "not the password at all", caseCode(w, acc.TOTPSecret), "wrong_password"},
		{"a wrong code", "io.lahore1", acc.Password, "000000", "wrong_code"},
		{"an unknown user", "io.nobody", acc.Password, "000000", "unknown_user"},
	} {
		_, _, _, err := w.svc.SignIn(w.ctx, c.username, c.password, c.code, caseClient)
		wantCode(t, "SignIn("+c.name+")", err, "auth.invalid_credentials")
		rec := caseLastAudit(w)
		if rec.Outcome != auditrec.OutcomeRefused || !slices.Contains(rec.Details, auditrec.Detail{Key: "reason", Value: c.reason}) {
			t.Errorf("SignIn(%s) recorded as %s %+v, want refused with reason %s", c.name, rec.Outcome, rec.Details, c.reason)
		}
	}
	if got := caseTokens(w, id); got != tokens {
		t.Errorf("failed sign-ins issued %d tokens", got-tokens)
	}

	// Signed out: the token is refused, and the refusal recorded.
	if err := w.svc.SignOut(w.ctx, a); err != nil {
		t.Fatalf("SignOut = %v", err)
	}
	_, err = w.svc.Authenticate(w.ctx, secret, caseClient)
	wantCode(t, "Authenticate(signed out)", err, "auth.token_revoked")
	if rec := caseLastAudit(w); rec.Action != "auth.token" || rec.Code != "auth.token_revoked" || rec.ActorID != id {
		t.Errorf("refused token recorded as %+v", rec)
	}
	// Expired: a session lives SessionTTL.
	secret = caseSignIn(w, "io.lahore1")
	w.clock.Advance(w.svc.Config().SessionTTL)
	_, err = w.svc.Authenticate(w.ctx, secret, caseClient)
	wantCode(t, "Authenticate(expired)", err, "auth.token_expired")
	_, err = w.svc.Authenticate(w.ctx, "nsor_not-a-token", caseClient)
	wantCode(t, "Authenticate(unknown)", err, "auth.token_invalid")

	caseRefuses(t, w, []caseRefusal{
		{"sign out without a token", "auth.signout", "auth.no_token", func() error { return w.svc.SignOut(w.ctx, w.as("io.lahore1")) }},
	})

	// A disabled account signs in no more.
	yes := true
	if _, _, err := w.svc.UpdateUser(w.ctx, w.as("admin"), id, nsor.UserPatch{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = w.svc.SignIn(w.ctx, "io.lahore1", acc.Password, caseCode(w, acc.TOTPSecret), caseClient)
	wantCode(t, "SignIn(disabled)", err, "auth.invalid_credentials")
	if rec := caseLastAudit(w); !slices.Contains(rec.Details, auditrec.Detail{Key: "reason", Value: "disabled"}) {
		t.Errorf("SignIn(disabled) recorded as %+v", rec.Details)
	}
}

// TestCaseChangePassword: a person given a password by an administrator
// may do nothing but choose their own; the change needs the current
// password and a fresh code, and voids every token.
func TestCaseChangePassword(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	res, err := w.svc.AddUser(w.ctx, caseAPI(w, "admin"), nsor.NewUser{Username: "dpo.new", Name: "Dpo Synthetic", Rank: "SSP",
		Role: nsor.RoleDPO, JurisdictionID: caseJurisdiction(w, "PB-LHR-LHR").ID})
	if err != nil {
		t.Fatal(err)
	}
	creds := res.Credentials
	secret, _, _, err := w.svc.SignIn(w.ctx, "dpo.new", creds.Password, caseCode(w, creds.TOTPSecret), caseClient)
	if err != nil {
		t.Fatalf("SignIn(new account) = %v", err)
	}
	a, err := w.svc.Authenticate(w.ctx, secret, caseClient)
	if err != nil {
		t.Fatal(err)
	}
	next := "a synthetic passphrase of my own"
	caseRefuses(t, w, []caseRefusal{
		{"acting before changing the password", "fir.list", "auth.password_change_required", func() error { _, err := w.svc.FIRs(w.ctx, a, nsor.Page{}); return err }},
		{"too short", "auth.password_change", "password.too_short", func() error { return w.svc.ChangePassword(w.ctx, a, creds.Password, "short", "000000") }},
		{"unchanged", "auth.password_change", "password.unchanged", func() error { return w.svc.ChangePassword(w.ctx, a, creds.Password, creds.Password, "000000") }},
		{"wrong current password", "auth.password_change", "auth.invalid_credentials", func() error {
			return w.svc.ChangePassword(w.ctx, a, "not the current password", next, caseCode(w, creds.TOTPSecret))
		}},
		{"wrong code", "auth.password_change", "auth.invalid_credentials", func() error { return w.svc.ChangePassword(w.ctx, a, creds.Password, next, "000000") }},
	})

	before := caseUser(w, a.ID())
	if err := w.svc.ChangePassword(w.ctx, a, creds.Password, next, caseCode(w, creds.TOTPSecret)); err != nil {
		t.Fatalf("ChangePassword = %v", err)
	}
	if u := caseUser(w, a.ID()); u.MustChangePassword || u.CredVersion != before.CredVersion+1 || u.PasswordHash == before.PasswordHash {
		t.Errorf("after ChangePassword: must change %v, cred version %d (was %d)", u.MustChangePassword, u.CredVersion, before.CredVersion)
	}
	_, err = w.svc.Authenticate(w.ctx, secret, caseClient)
	wantCode(t, "Authenticate(token before the change)", err, "auth.token_revoked")
	if _, _, _, err := w.svc.SignIn(w.ctx, "dpo.new", creds.Password, caseCode(w, creds.TOTPSecret), caseClient); nsor.ErrorCode(err) != "auth.invalid_credentials" {
		t.Errorf("SignIn(old password) = %v, want auth.invalid_credentials", err)
	}
	secret, _, _, err = w.svc.SignIn(w.ctx, "dpo.new", next, caseCode(w, creds.TOTPSecret), caseClient)
	if err != nil {
		t.Fatalf("SignIn(new password) = %v", err)
	}
	if a, err = w.svc.Authenticate(w.ctx, secret, caseClient); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.FIRs(w.ctx, a, nsor.Page{}); err != nil {
		t.Errorf("FIRs after choosing a password = %v, want success", err)
	}
}
