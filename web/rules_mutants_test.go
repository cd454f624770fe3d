package web_test

import (
	"net/http"
	"slices"
	"testing"

	"nsor"
	"nsor/client"
)

// The tests in this file are the procedure's rules that .ci/mutants relies
// on, each through the API: separation of duties across a change of role
// (a user keeps their ID when their posting changes;
// docs/adr/0006-authorisation.md), the supervisor who does not answer, the
// transfer of a closed request's case, and the acts a view offers.

// repost gives u a new role in the jurisdiction with the given code (an
// administrator at the console, as a posting order is carried out) and signs
// them in afresh.
func repost(t *testing.T, e *env, u *testUser, role nsor.Role, code string) *client.Client {
	t.Helper()
	j := e.jurisdiction(code).ID
	if _, _, err := e.svc.UpdateUser(e.ctx, e.admin, u.ID, nsor.UserPatch{Role: &role, JurisdictionID: &j}); err != nil {
		t.Fatalf("post %s as %s of %s: %v", u.Username, role, code, err)
	}
	return e.login(u)
}

// transferCase moves the gate's case from its filer to the second officer.
func transferCase(t *testing.T, g *gate) {
	t.Helper()
	e := g.e
	if _, err := e.login(g.c.dpo).Do(e.ctx, http.MethodPost, "/api/v1/firs/"+itoa(g.fir.ID)+"/transfer",
		map[string]any{"io_user_id": g.c.io2.ID, "reason": "Officer posted elsewhere (synthetic)."}, nil); err != nil {
		t.Fatalf("transfer to io2: %v", err)
	}
}

// refusedAct asserts that who is not offered act on the gate's request, is
// refused it with status and code, and that the request did not move.
func refusedAct(t *testing.T, g *gate, who *client.Client, act string, body map[string]any, status int, code string) {
	t.Helper()
	e := g.e
	cur, err := who.Request(e.ctx, g.id)
	if err != nil {
		t.Fatalf("Request before %s: %v", act, err)
	}
	if slices.Contains(cur.Actions, nsor.Action(act)) {
		t.Errorf("view.actions = %v, offers %s", cur.Actions, act)
	}
	body["version"] = cur.Version
	_, err = who.Act(e.ctx, g.id, act, body)
	problem(t, act, err, status, code)
	after, err := who.Request(e.ctx, g.id)
	if err != nil || after.Version != cur.Version || after.State != cur.State {
		t.Errorf("after the refused %s: request %v %v, %v; want it unchanged at %s, version %d", act, after.State, after.Version, err, cur.State, cur.Version)
	}
}

// answer records the gate's suspect as found (by CNIC, after the search
// that shows the record) or not.
func (g *gate) answer(found bool) {
	o := map[string]any{"suspect_id": g.suspect, "outcome": "no_record"}
	if found {
		if _, err := g.a1.Search(g.e.ctx, g.id, g.suspect, nil); err != nil {
			g.e.t.Fatalf("Search: %v", err)
		}
		o = map[string]any{"suspect_id": g.suspect, "outcome": "record_found", "record_id": g.record, "basis": "cnic"}
	}
	g.step(g.a1, "answer", map[string]any{"outcomes": []map[string]any{o}})
}

// TestRuleFilerMadeProsecutorMayNotForward: the officer who filed a request
// and is later posted as the district's prosecutor may not verify and
// forward it, even once the case is with another officer: the filer is not
// only whoever holds the case now.
func TestRuleFilerMadeProsecutorMayNotForward(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	transferCase(t, g)
	filer := repost(t, g.e, g.c.io1, nsor.RoleDPP, "PB-LHR-LHR")
	refusedAct(t, g, filer, "forward", map[string]any{"checklist": fullChecklist}, http.StatusForbidden, "request.separation_of_duties")
	g.step(g.dpp, "forward", map[string]any{"checklist": fullChecklist}) // another prosecutor may
}

// TestRuleFilerMadeProsecutorMayNotRelease: nor may that prosecutor release
// the bureau's answer to the request they filed.
func TestRuleFilerMadeProsecutorMayNotRelease(t *testing.T) {
	g := newGate(t)
	g.answer(false)
	transferCase(t, g)
	filer := repost(t, g.e, g.c.io1, nsor.RoleDPP, "PB-LHR-LHR")
	refusedAct(t, g, filer, "release", map[string]any{}, http.StatusForbidden, "request.separation_of_duties")
	g.step(g.dpp, "release", map[string]any{})
}

// TestRuleFilerMadeAnalystMayNotConfirm: the officer who filed a request and
// is later posted to the bureau may not be the second officer who confirms
// a record found for it, even once the case is with another officer.
func TestRuleFilerMadeAnalystMayNotConfirm(t *testing.T) {
	g := newGate(t)
	g.answer(true)
	transferCase(t, g)
	filer := repost(t, g.e, g.c.io1, nsor.RoleAnalyst, "PK")
	refusedAct(t, g, filer, "confirm", map[string]any{}, http.StatusForbidden, "request.separation_of_duties")
	g.step(g.a2, "confirm", map[string]any{})
}

// TestRuleForwarderMadeAnalystMayNotConfirm: the prosecutor who forwarded a
// request and is later posted to the bureau may not confirm its answer.
func TestRuleForwarderMadeAnalystMayNotConfirm(t *testing.T) {
	g := newGate(t)
	g.answer(true)
	forwarder := repost(t, g.e, g.c.dpp, nsor.RoleAnalyst, "PK")
	refusedAct(t, g, forwarder, "confirm", map[string]any{}, http.StatusForbidden, "request.separation_of_duties")
	g.step(g.a2, "confirm", map[string]any{})
}

// TestRuleSupervisorMayNotAnswer: the supervisor assigns and reassigns; the
// answer is an analyst's. An analyst made supervisor while a request is
// assigned to them may no longer answer it.
func TestRuleSupervisorMayNotAnswer(t *testing.T) {
	g := newGate(t)
	e := g.e
	body := func() map[string]any {
		return map[string]any{"outcomes": []map[string]any{{"suspect_id": g.suspect, "outcome": "no_record"}}}
	}
	refusedAct(t, g, e.login(g.c.supervisor), "answer", body(), http.StatusForbidden, "request.forbidden")
	promoted := repost(t, e, g.c.analyst1, nsor.RoleSupervisor, "PK")
	refusedAct(t, g, promoted, "answer", body(), http.StatusForbidden, "request.forbidden")
}

// TestRuleClosedRequestTransfers: a closed request's case can be transferred
// (its releases go with the case file): the DPO is offered the transfer and
// it is done; the new officer acknowledges afresh and reads the release,
// the former officer no longer sees the request.
func TestRuleClosedRequestTransfers(t *testing.T) {
	g := newGate(t)
	e := g.e
	g.answer(false)
	g.step(g.dpp, "release", map[string]any{})
	g.step(g.io, "acknowledge", map[string]any{"accept_advisory": true})
	if v := g.step(g.io, "close", map[string]any{}); v.State != nsor.StateClosed {
		t.Fatalf("close: state %s, want closed", v.State)
	}
	dpo := e.login(g.c.dpo)
	v, err := dpo.Request(e.ctx, g.id)
	if err != nil || !slices.Equal(v.Actions, []nsor.Action{nsor.ActTransfer}) {
		t.Errorf("DPO's view of the closed request: actions %v, %v; want [transfer]", v.Actions, err)
	}
	transferCase(t, g)
	_, err = g.io.Request(e.ctx, g.id)
	problem(t, "former officer reads the closed request", err, http.StatusNotFound, "request.not_found")
	io2 := e.login(g.c.io2)
	if v, err := io2.Request(e.ctx, g.id); err != nil || v.State != nsor.StateClosed || v.IOUserID != g.c.io2.ID {
		t.Fatalf("new officer's view = %+v, %v; want the closed request, theirs", v, err)
	}
	_, err = io2.ReadRelease(e.ctx, g.id)
	problem(t, "new officer reads before acknowledging", err, http.StatusForbidden, "release.acknowledgement_required")
	g.step(io2, "acknowledge", map[string]any{"accept_advisory": true})
	if _, err := io2.ReadRelease(e.ctx, g.id); err != nil {
		t.Errorf("new officer ReadRelease: %v", err)
	}
}

// TestRuleViewOffersTheActsAllowed: a view's actions are exactly the acts
// the caller may do now, in the order of nsor.ActionOrder.
func TestRuleViewOffersTheActsAllowed(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	e := g.e
	check := func(who string, c *client.Client, want ...nsor.Action) {
		t.Helper()
		v, err := c.Request(e.ctx, g.id)
		if err != nil {
			t.Fatalf("%s reads the request: %v", who, err)
		}
		if want == nil {
			want = []nsor.Action{}
		}
		if !slices.Equal(v.Actions, want) {
			t.Errorf("%s's view of the %s request: actions %v, want %v", who, v.State, v.Actions, want)
		}
	}
	dpo := e.login(g.c.dpo)
	check("officer", g.io, nsor.ActWithdraw, nsor.ActViewFIRCopy)
	check("prosecutor", g.dpp, nsor.ActReturn, nsor.ActReject, nsor.ActForward, nsor.ActViewFIRCopy)
	check("DPO", dpo, nsor.ActTransfer)
	g.step(g.dpp, "forward", map[string]any{"checklist": fullChecklist})
	check("officer", g.io, nsor.ActViewFIRCopy)
	check("prosecutor", g.dpp, nsor.ActViewFIRCopy)
	check("analyst", g.a1, nsor.ActAssign)
	check("supervisor", e.login(g.c.supervisor), nsor.ActAssign)
	g.step(g.a1, "assign", map[string]any{})
	check("assigned analyst", g.a1, nsor.ActAssign, nsor.ActSearch, nsor.ActAnswer, nsor.ActViewFIRCopy)
	check("other analyst", g.a2)
	g.answer(true)
	check("assigned analyst", g.a1, nsor.ActViewFIRCopy)
	check("other analyst", g.a2, nsor.ActReopen, nsor.ActConfirm)
	check("prosecutor", g.dpp, nsor.ActViewFIRCopy)
}
