package web_test

import (
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// machine makes a service account of role in jurisdiction with scopes, as
// two administrators approve it, and returns a client holding its token:
// the token secret is shown to the approver alone.
func machine(t *testing.T, e *env, username string, role nsor.Role, jurisdiction string, scopes ...string) *client.Client {
	c, _ := machineAccount(t, e, username, role, jurisdiction, scopes...)
	return c
}

// machineAccount is machine, with the service account's user ID.
func machineAccount(t *testing.T, e *env, username string, role nsor.Role, jurisdiction string, scopes ...string) (*client.Client, int64) {
	t.Helper()
	a, b := e.login(e.users["admin"]), e.login(e.user(username+".approver", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": username,
		"name": "Machine (synthetic)", "role": role, "jurisdiction_id": e.jurisdiction(jurisdiction).ID, "scopes": scopes})
	var made nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &made); err != nil || made.User == nil {
		t.Fatalf("approve the service account = %+v, %v", made, err)
	}
	p = propose(t, e, a, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": made.User.ID, "name": "client",
		"scopes": scopes, "expires_in_hours": 24})
	var tok nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &tok); err != nil || tok.Token == "" {
		t.Fatalf("approve the token = %+v, %v", tok, err)
	}
	return e.api.As(tok.Token), made.User.ID
}

// TestJudgementsArePeople: the prosecutor's verification and the bureau's
// second officer are people (separation of duties). A service account of the
// prosecutor's or the analyst's role, whose token secret the approving
// administrator alone receives, may not forward a request nor confirm a
// match: the gate would be a machine that one administrator holds.
func TestJudgementsArePeople(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	dppBot := machine(t, g.e, "dpp.bot", nsor.RoleDPP, "PB-LHR-LHR", "requests:read", "requests:write")
	cur, err := dppBot.Request(g.e.ctx, g.id)
	if err != nil {
		t.Fatalf("Request(as the DPP's service account): %v", err)
	}
	_, err = dppBot.Act(g.e.ctx, g.id, "forward", map[string]any{"version": cur.Version, "checklist": fullChecklist})
	problem(t, "a service account forwards", err, http.StatusForbidden, "request.person_required")

	g.step(g.dpp, "forward", map[string]any{"checklist": fullChecklist})
	g.step(g.a1, "assign", map[string]any{})
	if _, err := g.a1.Search(g.e.ctx, g.id, g.suspect, nil); err != nil {
		t.Fatalf("Search: %v", err)
	}
	g.step(g.a1, "answer", map[string]any{"outcomes": []map[string]any{
		{"suspect_id": g.suspect, "outcome": "record_found", "record_id": g.record, "basis": "cnic"}}})
	analystBot, botID := machineAccount(t, g.e, "analyst.bot", nsor.RoleAnalyst, "PK", "requests:read", "requests:write", "register:read")
	cur, err = analystBot.Request(g.e.ctx, g.id)
	if err != nil {
		t.Fatalf("Request(as the analyst's service account): %v", err)
	}
	_, err = analystBot.Act(g.e.ctx, g.id, "confirm", map[string]any{"version": cur.Version})
	problem(t, "a service account confirms a match", err, http.StatusForbidden, "request.person_required")
	if err := g.readRecord(analystBot, g.record); err == nil {
		t.Errorf("a service account read the record as the confirming officer")
	}
	// Nor is a request given to one: it could not work it.
	req, err := g.io.CreateRequest(g.e.ctx, nsor.RequestInput{FIRID: g.fir.ID, Suspects: []int64{g.fir.Accused[1].ID},
		Grounds: "The second accused is named by the victim; his prior record is needed.", Declaration: true}, "")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	g.id = req.ID
	g.step(g.io, "submit", map[string]any{})
	g.step(g.dpp, "forward", map[string]any{"checklist": fullChecklist})
	sup := g.e.login(g.c.supervisor)
	cur, err = sup.Request(g.e.ctx, g.id)
	if err != nil {
		t.Fatalf("Request(as the supervisor): %v", err)
	}
	_, err = sup.Act(g.e.ctx, g.id, "assign", map[string]any{"version": cur.Version, "analyst_id": botID})
	problem(t, "the supervisor assigns a request to a service account", err, http.StatusUnprocessableEntity, "request.analyst_unknown")
}

// TestRegisterCheckedByPerson: maker-checker holds between two registrars in
// person. A registrar's service account (a register sync, say), whose token
// the approving administrator alone receives, may propose changes but never
// check one, or one registrar and that administrator would put a record in
// the register unchecked.
func TestRegisterCheckedByPerson(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	bot := machine(t, e, "register.bot", nsor.RoleRegistrar, "PK", "register:read", "register:write")
	v, err := e.login(c.registrar1).ProposeRecord(e.ctx, strangerRecord(), "Entered from the conviction file (synthetic)")
	if err != nil {
		t.Fatalf("ProposeRecord: %v", err)
	}
	err = bot.CheckChange(e.ctx, v.OffenderID, v.N, true, "")
	problem(t, "a service account checks a registrar's change", err, http.StatusForbidden, "record.checker_not_person")
}

// TestCasesWorkedByPerson: a misuse case shows released records, so it is
// worked by an auditor in person. An auditor's service account (an export
// of the audit trail, say), whose token the approving administrator alone
// receives, may read the trail but not open or read a case.
func TestCasesWorkedByPerson(t *testing.T) {
	e := newEnv(t)
	bot := machine(t, e, "audit.bot", nsor.RoleAuditor, "PK", "audit:read", "audit:cases")
	_, err := bot.Do(e.ctx, http.MethodPost, "/api/v1/audit/cases", map[string]any{"audit_record_id": 1,
		"reason": "Opened by a machine (synthetic)."}, nil)
	problem(t, "a service account opens a case", err, http.StatusNotFound, "case.not_found")
	_, err = bot.Do(e.ctx, http.MethodGet, "/api/v1/audit/cases", nil, nil)
	problem(t, "a service account lists cases", err, http.StatusNotFound, "case.not_found")
	if _, err := bot.Do(e.ctx, http.MethodGet, "/api/v1/audit/records", nil, nil); err != nil {
		t.Errorf("the service account reads the audit trail: %v", err)
	}
}

// TestWhoSoughtAskedByPerson: whether a CNIC was sought tells whether its
// holder is a suspect somewhere; an auditor's service account, whose token
// the approving administrator alone holds, may not ask it, and the refused
// question is recorded with whom it sought.
func TestWhoSoughtAskedByPerson(t *testing.T) {
	e := newEnv(t)
	bot := machine(t, e, "who.bot", nsor.RoleAuditor, "PK", "audit:read")
	_, err := bot.Do(e.ctx, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": cnicOffender}, nil)
	problem(t, "a service account asks who sought a CNIC", err, http.StatusForbidden, "auth.forbidden")
}
