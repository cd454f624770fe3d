package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestServiceAccounts: a service account never signs in, is never an
// administrator, keeps its role, has no credentials to reset, and its tokens
// carry only the scopes it was granted.
func TestServiceAccounts(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.users["admin"])
	var made nsor.AccountResult
	resp, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": "dashboard.feed",
		"name": "Dashboard feed (synthetic)", "role": "oversight", "jurisdiction_id": e.jurisdiction("PB").ID,
		"scopes": []string{"dashboard:read"}}, &made)
	if err != nil || resp.StatusCode != http.StatusCreated || made.User == nil || made.User.Kind != nsor.UserService {
		t.Fatalf("POST /service-accounts = %v, %+v; want 201 with a service account", err, made.User)
	}
	id := made.User.ID
	var tok struct{ Token string }
	if _, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": id, "name": "feed",
		"scopes": []string{"dashboard:read"}, "expires_in_hours": 24}, &tok); err != nil {
		t.Fatalf("POST /tokens for the service account: %v", err)
	}
	if _, err := e.api.As(tok.Token).Do(e.ctx, http.MethodGet, "/api/v1/dashboard", nil, nil); err != nil {
		t.Errorf("GET /dashboard with the machine token: %v", err)
	}
	_, err = admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": id, "name": "feed",
		"scopes": []string{"requests:read"}, "expires_in_hours": 24}, nil)
	problem(t, "a scope not granted", err, http.StatusUnprocessableEntity, "token.scope_not_granted")
	_, _, err = e.api.SignIn(e.ctx, "dashboard.feed", "", "000000")
	problem(t, "service account signs in", err, http.StatusUnauthorized, "auth.invalid_credentials")
	_, err = admin.Do(e.ctx, http.MethodPatch, "/api/v1/users/"+itoa(id), map[string]any{"role": "auditor", "jurisdiction_id": e.jurisdiction("PK").ID}, nil)
	problem(t, "change a service account's role", err, http.StatusConflict, "user.service_account_fixed")
	_, err = admin.Do(e.ctx, http.MethodPost, "/api/v1/users/"+itoa(id)+"/reset-credentials", nil, nil)
	problem(t, "reset a service account", err, http.StatusConflict, "user.service_account_no_credentials")
	propose(t, e, admin, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": "filing.bot",
		"name": "Filing bot (synthetic)", "role": "io", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID,
		"scopes": []string{"requests:read", "requests:write"}}) // it would file requests and read their releases
	for _, bad := range []struct {
		body map[string]any
		code string
	}{
		{map[string]any{"role": "admin", "jurisdiction_id": e.jurisdiction("PK").ID, "scopes": []string{"dashboard:read"}}, "service_account.admin"},
		{map[string]any{"role": "auditor", "jurisdiction_id": e.jurisdiction("PK").ID, "scopes": []string{"admin"}}, "token.scope_unknown"},
	} {
		bad.body["username"], bad.body["name"] = "svc.bad", "Bad (synthetic)"
		_, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/service-accounts", bad.body, nil)
		problem(t, "service account "+bad.code, err, http.StatusUnprocessableEntity, bad.code)
	}
}

// TestServiceAccountRegisterScopes: a service account that reads the
// register, and each of its tokens, needs a second administrator; the token
// secret is shown to the approver, and then reads the register as any
// registrar's client would.
func TestServiceAccountRegisterScopes(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	recordID := registerRecord(t, e, c)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": "register.sync",
		"name": "Register sync (synthetic)", "role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID,
		"scopes": []string{"register:read"}})
	var made nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &made); err != nil || made.User == nil {
		t.Fatalf("approve the service account = %+v, %v", made, err)
	}
	p = propose(t, e, a, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": made.User.ID, "name": "sync",
		"scopes": []string{"register:read"}, "expires_in_hours": 24})
	problem(t, "proposer approves the token", decide(e, a, p.ID, "approve", nil), http.StatusForbidden, "approval.own_proposal")
	var tok nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &tok); err != nil || tok.Token == "" {
		t.Fatalf("approve the token = %+v, %v; want its secret", tok, err)
	}
	if err := readRecord(e, tok.Token, recordID); err != nil {
		t.Errorf("the approved machine token reads a record: %v", err)
	}
}
