package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestTransferNotToServiceAccount: a case moves with an officer's posting,
// to another officer; never to a machine client's account. One
// administrator alone makes a service account of the officer's role with
// requests:read and holds its token; a case transferred to it would show the
// FIR copy and the victim's particulars (PPC s.376A) to whoever holds that
// token, and the request's suspects.
func TestTransferNotToServiceAccount(t *testing.T) {
	g := newGateWith(t, nil, "forward")
	e := g.e
	admin := e.login(e.users["admin"])
	var made nsor.AccountResult
	resp, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": "case.sync",
		"name": "Case sync (synthetic)", "role": "io", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID,
		"scopes": []string{"requests:read"}}, &made)
	if err != nil || resp.StatusCode != http.StatusCreated || made.User == nil {
		t.Fatalf("POST /service-accounts = %v, %+v; want 201 made by one administrator", err, made)
	}
	var tok struct{ Token string }
	if _, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": made.User.ID, "name": "sync",
		"scopes": []string{"requests:read"}, "expires_in_hours": 24}, &tok); err != nil {
		t.Fatalf("POST /tokens: %v", err)
	}
	dpo := e.login(g.c.dpo)
	_, err = dpo.Do(e.ctx, http.MethodPost, "/api/v1/firs/"+itoa(g.fir.ID)+"/transfer",
		map[string]any{"io_user_id": made.User.ID, "reason": "Officer posted to another unit (synthetic)."}, nil)
	problem(t, "transfer a case to a service account", err, http.StatusUnprocessableEntity, "transfer.officer_unknown")
	machine := e.api.As(tok.Token)
	if _, err := machine.Do(e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(g.id)+"/fir-copy", nil, nil); err == nil {
		t.Errorf("the service account's token read the FIR copy")
	}
	if _, err := machine.Do(e.ctx, http.MethodGet, "/api/v1/firs/"+itoa(g.fir.ID), nil, nil); err == nil {
		t.Errorf("the service account's token read the FIR with the victim's particulars")
	}
}
