package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestResetSessionReadsNothing: after an approved reset the approver holds
// the officer's new credentials; until the officer chooses a password the
// session reads nothing of their cases. Without this the approver signs in as
// the officer, and without changing the password (so that the officer, given
// the credentials, notices nothing) reads the FIRs with the victim's
// particulars (PPC s.376A), the FIR copy, the Annexure A and the history,
// all recorded under the officer's name (docs/adr/0014-no-impersonation.md).
func TestResetSessionReadsNothing(t *testing.T) {
	g := newGateWith(t, nil, "forward")
	e := g.e
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPost, "/api/v1/users/"+itoa(g.c.io1.ID)+"/reset-credentials", nil)
	var out nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &out); err != nil || out.Credentials == nil {
		t.Fatalf("approve reset = %+v, %v; want new credentials", out, err)
	}
	as := e.login(&testUser{User: g.c.io1.User, Password: out.Credentials.Password, Secret: out.Credentials.TOTPSecret})
	for _, path := range []string{
		"/api/v1/firs",
		"/api/v1/firs/" + itoa(g.fir.ID),
		"/api/v1/requests/" + itoa(g.id) + "/fir-copy",
		"/api/v1/requests/" + itoa(g.id) + "/submissions",
		"/api/v1/requests/" + itoa(g.id) + "/events",
	} {
		_, err := as.Do(e.ctx, http.MethodGet, path, nil, nil)
		problem(t, "GET "+path+" before choosing a password", err, http.StatusForbidden, "auth.password_change_required")
	}
}
