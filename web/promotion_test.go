package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestPromotionTakesNewCredentials: one administrator alone makes an
// DPO's account and sees its first credentials; signing in as it and
// choosing its password, they hold it. A second administrator who approves
// its promotion to a role that reads the register sees only a role change.
// The promotion therefore comes with new credentials, made at approval and
// shown to the approver, as for an account created with that role
// (docs/adr/0014-no-impersonation.md): the proposer's hold on the account
// ends.
func TestPromotionTakesNewCredentials(t *testing.T) {
	e := newEnv(t)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	var made struct {
		User        *nsor.User
		Credentials *nsor.Credentials
	}
	if _, err := a.Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "dpo.sleeper",
		"name": "Sleeper (synthetic)", "role": "dpo", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID}, &made); err != nil {
		t.Fatalf("POST /users (DPO, by one administrator): %v", err)
	}
	sleeper := &testUser{User: made.User, Password: made.Credentials.Password, Secret: made.Credentials.TOTPSecret}
	changePassword(t, e, sleeper, "the proposer's passphrase for the sleeper (synthetic)")
	sleeper.Password = "the proposer's passphrase for the sleeper (synthetic)"
	p := propose(t, e, a, http.MethodPatch, "/api/v1/users/"+itoa(made.User.ID),
		map[string]any{"role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID})
	var out nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &out); err != nil || out.User == nil || out.User.Role != nsor.RoleRegistrar {
		t.Fatalf("approve the promotion = %+v, %v", out, err)
	}
	if out.Credentials == nil || !out.User.MustChangePassword {
		t.Errorf("approve the promotion: credentials %v, must_change_password %v; want new credentials for the approver",
			out.Credentials, out.User.MustChangePassword)
	}
	if _, _, err := e.api.SignIn(e.ctx, sleeper.Username, sleeper.Password, e.code(sleeper)); err == nil {
		t.Errorf("the proposer signs in to the promoted account with the password they chose")
	}
}
