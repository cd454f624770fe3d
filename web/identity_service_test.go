package web_test

import (
	"testing"
	"time"

	"nsor"
)

// Service-level tests of the no-impersonation rules against the real store
// (docs/adr/0014-no-impersonation.md), with actors as the API makes them:
// signed in, holding a token.

// apiActor signs u in and returns the actor its token stands for.
func apiActor(t *testing.T, e *env, u *testUser) *nsor.Actor {
	t.Helper()
	secret, _, _, err := e.svc.SignIn(e.ctx, u.Username, u.Password, e.code(u), nsor.Client{Source: "api"})
	if err != nil {
		t.Fatalf("SignIn(%s): %v", u.Username, err)
	}
	a, err := e.svc.Authenticate(e.ctx, secret, nsor.Client{Source: "api"})
	if err != nil {
		t.Fatalf("Authenticate(%s): %v", u.Username, err)
	}
	return a
}

// audits returns the audit records of action on object, oldest first.
func audits(t *testing.T, e *env, action, object string) []*nsor.AuditEntry {
	t.Helper()
	var es []*nsor.AuditEntry
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		es, err = tx.AuditRecords(nsor.AuditFilter{Action: action, Object: object})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestServiceProposalRecorded: a proposal is recorded under its act's name,
// on the approval; the proposer's refused approval is recorded as refused;
// the approval is recorded with its kind; and only the approval makes the
// account.
func TestServiceProposalRecorded(t *testing.T) {
	e := newEnv(t)
	a := apiActor(t, e, e.users["admin"])
	b := apiActor(t, e, e.user("admin.b", nsor.RoleAdmin, "PK"))
	out, err := e.svc.AddUser(e.ctx, a, nsor.NewUser{Username: "analyst.new", Name: "Analyst (synthetic)",
		Role: nsor.RoleAnalyst, JurisdictionID: e.jurisdiction("PK").ID})
	if err != nil || !out.Pending() || out.User != nil || out.Credentials != nil {
		t.Fatalf("AddUser(analyst) = %+v, %v; want only a pending approval", out, err)
	}
	obj := "approval/" + itoa(out.Approval.ID)
	if es := audits(t, e, "user.create", obj); len(es) != 1 || es[0].Record.ActorID != a.ID() || es[0].Record.Outcome != "ok" {
		t.Errorf("audit of the proposal = %d records, want one by the proposer", len(es))
	}
	if _, err := e.svc.Approve(e.ctx, a, out.Approval.ID); nsor.ErrorCode(err) != "approval.own_proposal" {
		t.Errorf("Approve(own) = %v, want approval.own_proposal", err)
	}
	es := audits(t, e, "approval.approve", obj)
	if len(es) != 1 || es[0].Record.Outcome != "refused" || es[0].Record.Code != "approval.own_proposal" {
		t.Errorf("audit of the refused approval = %d records, want one refused", len(es))
	}
	done, err := e.svc.Approve(e.ctx, b, out.Approval.ID)
	if err != nil || done.User == nil || done.User.Role != nsor.RoleAnalyst || done.Credentials == nil {
		t.Fatalf("Approve(second) = %+v, %v; want the analyst with credentials", done, err)
	}
	if es := audits(t, e, "approval.approve", obj); len(es) != 2 || es[1].Record.Outcome != "ok" || es[1].Record.ActorID != b.ID() {
		t.Errorf("audit of the approval = %d records, want the refusal and b's approval", len(es))
	}
}

// TestServiceConsoleIsNotTheAPI: the console (no token) creates a registrar at
// once, as `nsor` commands and the demo seed do; the same call by an
// administrator signed in through the API is refused and writes nothing.
func TestServiceConsoleIsNotTheAPI(t *testing.T) {
	e := newEnv(t)
	pk := e.jurisdiction("PK").ID
	if _, _, err := e.svc.CreateUser(e.ctx, e.admin, nsor.NewUser{Username: "registrar.console", Name: "R (synthetic)",
		Role: nsor.RoleRegistrar, JurisdictionID: pk}); err != nil {
		t.Fatalf("CreateUser at the console: %v", err)
	}
	a := apiActor(t, e, e.users["admin"])
	_, _, err := e.svc.CreateUser(e.ctx, a, nsor.NewUser{Username: "registrar.api", Name: "R (synthetic)",
		Role: nsor.RoleRegistrar, JurisdictionID: pk})
	if nsor.ErrorCode(err) != "approval.required" {
		t.Errorf("CreateUser(registrar) over the API = %v, want approval.required", err)
	}
	users, err := e.svc.Users(e.ctx, a, nsor.Page{Limit: nsor.MaxPageSize})
	for _, u := range users.Items {
		if u.Username == "registrar.api" {
			t.Errorf("CreateUser refused, yet the account exists: %+v", u)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestServicePersonMachineTokenVoid: a machine token on a person's account,
// as an administrator could mint before service accounts, no longer
// authenticates.
func TestServicePersonMachineTokenVoid(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	secret := "nsor_" + "legacy-machine-token-of-a-person-000000000000"
	err := e.db.Update(e.ctx, func(tx nsor.Tx) error {
		return tx.CreateToken(&nsor.Token{UserID: c.registrar1.ID, Kind: nsor.TokenMachine, Name: "legacy",
			Scopes: []string{nsor.ScopeRegisterRead}, Hash: nsor.HashToken(secret), CredVersion: c.registrar1.CredVersion,
			CreatedAt: e.clock.Now(), ExpiresAt: e.clock.Now().Add(24 * time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(e.ctx, secret, nsor.Client{Source: "api"}); nsor.ErrorCode(err) != "auth.token_revoked" {
		t.Errorf("Authenticate(a person's machine token) = %v, want auth.token_revoked", err)
	}
}
