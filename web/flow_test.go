package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// flow is one request filed by io1 on a fresh FIR, with the cast and their
// clients, for the tests of what the procedure's users meet.
type flow struct {
	e                  *env
	c                  *cast
	io1, dpp, a1, a2   *client.Client
	id, record, suspID int64
}

func newFlow(t *testing.T) *flow {
	t.Helper()
	e := newEnv(t)
	c := newCast(e)
	f := &flow{e: e, c: c, io1: e.login(c.io1), dpp: e.login(c.dpp), a1: e.login(c.analyst1), a2: e.login(c.analyst2)}
	f.record = enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
	in := firInput(e)
	in.Accused = in.Accused[:1]
	fir, err := f.io1.CreateFIR(e.ctx, in, "")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := f.io1.PutFIRCopy(e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	r, err := f.io1.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed.", Declaration: true}, "")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	f.id, f.suspID = r.ID, r.Suspects[0].ID
	return f
}

// act does action as who with body and the request's current version.
func (f *flow) act(t *testing.T, who *client.Client, action string, body map[string]any) *nsor.RequestView {
	t.Helper()
	v, err := f.try(who, action, body)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	return v
}

func (f *flow) try(who *client.Client, action string, body map[string]any) (*nsor.RequestView, error) {
	cur, err := who.Request(f.e.ctx, f.id)
	if err != nil {
		return nil, err
	}
	body["version"] = cur.Version
	return who.Act(f.e.ctx, f.id, action, body)
}

// forwarded brings the request to the bureau, unassigned.
func (f *flow) forwarded(t *testing.T) {
	t.Helper()
	f.act(t, f.io1, "submit", map[string]any{})
	f.act(t, f.dpp, "forward", map[string]any{"checklist": fullChecklist})
}

// TestSearchUnassignedSaysTakeItFirst: an analyst who searches or answers a
// request nobody has taken is told to take it, not that another analyst
// holds it; once a colleague has taken it, that is what they are told.
func TestSearchUnassignedSaysTakeItFirst(t *testing.T) {
	f := newFlow(t)
	f.forwarded(t)
	_, err := f.a1.Search(f.e.ctx, f.id, f.suspID, nil)
	ce := problem(t, "Search(unassigned)", err, http.StatusConflict, "request.unassigned")
	if strings.Contains(ce.Detail, "another analyst") {
		t.Errorf("Search(unassigned) detail = %q, want no mention of another analyst", ce.Detail)
	}
	_, err = f.try(f.a1, "answer", map[string]any{"outcomes": []map[string]any{{"suspect_id": f.suspID, "outcome": "no_record"}}})
	problem(t, "answer(unassigned)", err, http.StatusConflict, "request.unassigned")

	f.act(t, f.a1, "assign", map[string]any{})
	_, err = f.a2.Search(f.e.ctx, f.id, f.suspID, nil)
	ce = problem(t, "Search(assigned to a colleague)", err, http.StatusForbidden, "request.not_assigned")
	if !strings.Contains(ce.Detail, "another analyst") {
		t.Errorf("Search(assigned to a colleague) detail = %q, want it to say another analyst holds it", ce.Detail)
	}
	if _, err := f.a1.Search(f.e.ctx, f.id, f.suspID, nil); err != nil {
		t.Errorf("Search(assigned to self) = %v, want the candidates", err)
	}
}

// TestForwardNotifiesAnalysts: the bureau's analysts, who take forwarded
// requests, are told of one, and the notice names the request only.
func TestForwardNotifiesAnalysts(t *testing.T) {
	f := newFlow(t)
	f.forwarded(t)
	for _, who := range []*client.Client{f.a1, f.a2} {
		ns, err := who.Notifications(f.e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ns, func(n *nsor.Notification) bool { return n.Kind == nsor.NoteForwarded })
		if i < 0 {
			t.Fatalf("analyst's inbox = %+v, want a request.forwarded notice", ns)
		}
		n := ns[i]
		if n.RequestID != f.id || strings.Contains(n.Message, "Zarghoon") || strings.Contains(n.Message, cnicOffender) {
			t.Errorf("forwarded notice = %+v, want request %d named, and no suspect's particulars", n, f.id)
		}
	}
}

// TestActsWithoutBody holds every act to one rule: without the version it
// acted on (no If-Match, and no body to carry the version field) an act is
// 428 version.required, which names If-Match; with If-Match and no body, an
// act that needs nothing more runs, and one that needs more (a reason, a
// checklist, the advisory's acceptance) is 400 body.required naming what.
func TestActsWithoutBody(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		act, state string
		who        func(*world) *testUser
		needs      string // the field body.required names; "" when the act runs without a body
	}{
		{"submit", "draft", byOwner, ""},
		{"withdraw", "draft", byOwner, ""},
		{"resubmit", "returned", byOwner, "clarification"},
		{"return", "submitted", byDPP, "reason"},
		{"reject", "submitted", byDPP, "reason"},
		{"forward", "submitted", byDPP, "checklist"},
		{"assign", "forwarded", byAn1, ""},
		{"answer", "forwarded", byAn1, "outcomes"},
		{"reopen", "answered", byAn2, "reason"},
		{"confirm", "answered", byAn2, ""},
		{"release", "confirmed", byDPP, ""},
		{"acknowledge", "released", byOwner, "accept_advisory"},
		{"close", "acknowledged", byOwner, ""},
	}
	for _, tc := range cases {
		t.Run(tc.act, func(t *testing.T) {
			f := w.build(t, tc.state)
			c := w.clients[tc.who(w).Username]
			path := "/api/v1/requests/" + itoa(f.id) + "/" + tc.act
			_, err := c.Do(w.e.ctx, http.MethodPost, path, nil, nil)
			ce := problem(t, tc.act+" with no body and no If-Match", err, http.StatusPreconditionRequired, "version.required")
			if !strings.Contains(ce.Detail, "If-Match") {
				t.Errorf("%s: 428 detail = %q, want it to name If-Match", tc.act, ce.Detail)
			}
			ifMatch := client.Header{Key: "If-Match", Value: `"v` + itoa(int64(w.version(f.id))) + `"`}
			_, err = c.Do(w.e.ctx, http.MethodPost, path, nil, nil, ifMatch)
			if tc.needs == "" {
				if err != nil {
					t.Errorf("%s with If-Match and no body = %v, want it done", tc.act, err)
				}
				return
			}
			ce = problem(t, tc.act+" with If-Match and no body", err, http.StatusBadRequest, "body.required")
			if len(ce.Errors) == 0 || ce.Errors[0].Field != tc.needs {
				t.Errorf("%s: body.required fields = %+v, want %s named", tc.act, ce.Errors, tc.needs)
			}
		})
	}
}

// events reads a request's history through the API.
func (f *flow) events(t *testing.T, who *client.Client) []*nsor.Event {
	t.Helper()
	var l client.List[*nsor.Event]
	if _, err := who.Do(f.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(f.id)+"/events", nil, &l); err != nil {
		t.Fatalf("events: %v", err)
	}
	return l.Items
}

// TestHistoryNamesActorsAsTheyWere: each event of a request's history gives
// its actor's ID, display name and role at the time of the act; renaming the
// officer, or changing their role, later rewrites none of it.
func TestHistoryNamesActorsAsTheyWere(t *testing.T) {
	f := newFlow(t)
	f.act(t, f.io1, "submit", map[string]any{})
	err := f.e.db.Update(f.e.ctx, func(tx nsor.Tx) error {
		u, err := tx.User(f.c.io1.ID)
		if err != nil {
			return err
		}
		u.Name, u.Role = "Renamed Later (synthetic)", nsor.RoleDPO
		return tx.UpdateUser(u)
	})
	if err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	es := f.events(t, f.dpp)
	if len(es) != 2 {
		t.Fatalf("events = %d, want create and submit", len(es))
	}
	for _, e := range es {
		if e.ActorID != f.c.io1.ID || e.ActorName != f.c.io1.Name || e.ActorRole != nsor.RoleIO {
			t.Errorf("event %s = actor %d %q %s, want %d %q io (as they were)", e.Action, e.ActorID, e.ActorName, e.ActorRole,
				f.c.io1.ID, f.c.io1.Name)
		}
	}
}

// TestReturnNamesFailedItems: a return names the checklist items that
// failed, from the checklist's closed set; the request's view, its history
// and the officer's notice show them. A return naming none, or an unknown
// item, or disagreeing with the checklist sent with it, is refused and
// changes nothing.
func TestReturnNamesFailedItems(t *testing.T) {
	f := newFlow(t)
	f.act(t, f.io1, "submit", map[string]any{})
	reason := "The sections cited do not fit the facts stated."
	for _, tc := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"none", map[string]any{"reason": reason}, "return.items_required"},
		{"empty list", map[string]any{"reason": reason, "failed_items": []string{}}, "return.items_required"},
		{"every item ticked", map[string]any{"reason": reason, "checklist": fullChecklist}, "return.items_required"},
		{"unknown", map[string]any{"reason": reason, "failed_items": []string{"victim_is_nice"}}, "return.item_unknown"},
		{"repeated", map[string]any{"reason": reason, "failed_items": []string{"eligible_section", "eligible_section"}}, "return.item_repeated"},
		{"disagrees", map[string]any{"reason": reason, "failed_items": []string{"eligible_section"}, "checklist": fullChecklist}, "return.checklist_disagrees"},
	} {
		_, err := f.try(f.dpp, "return", tc.body)
		problem(t, "return "+tc.name, err, http.StatusUnprocessableEntity, tc.code)
	}
	if v, err := f.dpp.Request(f.e.ctx, f.id); err != nil || v.State != nsor.StateSubmitted || v.Version != 2 {
		t.Fatalf("after refused returns: %+v, %v; want submitted at version 2 (nothing written)", v, err)
	}

	v := f.act(t, f.dpp, "return", map[string]any{"reason": reason, "failed_items": []string{"grounds_substantiated", "eligible_section"}})
	want := []string{"eligible_section", "grounds_substantiated"} // in the checklist's order
	if !slices.Equal(v.ReturnedItems, want) {
		t.Errorf("returned request's returned_items = %v, want %v", v.ReturnedItems, want)
	}
	if io, err := f.io1.Request(f.e.ctx, f.id); err != nil || !slices.Equal(io.ReturnedItems, want) {
		t.Errorf("officer's view returned_items = %v, %v, want %v", io.ReturnedItems, err, want)
	}
	es := f.events(t, f.io1)
	if last := es[len(es)-1]; last.Action != nsor.ActReturn || !slices.Equal(last.FailedItems, want) {
		t.Errorf("history's last event = %s %v, want return naming %v", last.Action, last.FailedItems, want)
	}
	ns, err := f.io1.Notifications(f.e.ctx)
	if err != nil || len(ns) == 0 || ns[0].Kind != nsor.NoteReturned {
		t.Fatalf("officer's inbox = %+v, %v, want the return first", ns, err)
	}
	for _, item := range want {
		if !strings.Contains(ns[0].Message, item) {
			t.Errorf("return notice %q does not name %s", ns[0].Message, item)
		}
	}

	// A checklist alone names the items it leaves unticked.
	f.act(t, f.io1, "resubmit", map[string]any{"clarification": "Section 376 PPC added to the FIR."})
	cl := map[string]any{"fir_copy_matches": false, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}
	v = f.act(t, f.dpp, "return", map[string]any{"reason": reason, "checklist": cl})
	if !slices.Equal(v.ReturnedItems, []string{"fir_copy_matches"}) {
		t.Errorf("return with a checklist: returned_items = %v, want [fir_copy_matches]", v.ReturnedItems)
	}
}

// releaseSummaryJSON is the release summary as the API shows it.
type releaseSummaryJSON struct {
	Release *struct {
		Advisory       string `json:"advisory"`
		AdvisorySHA256 string `json:"advisory_sha256"`
		Acknowledged   bool   `json:"acknowledged_by_you"`
	} `json:"release"`
}

// TestAdvisoryShownBeforeAccepting: the officer reads the advisory's text on
// the released request before accepting it (and nothing of the records);
// accepting records which text they accepted, by its SHA-256, and an
// acceptance of another text is refused and records nothing.
func TestAdvisoryShownBeforeAccepting(t *testing.T) {
	f := newFlow(t)
	f.forwarded(t)
	f.act(t, f.a1, "assign", map[string]any{})
	if _, err := f.a1.Search(f.e.ctx, f.id, f.suspID, nil); err != nil {
		t.Fatal(err)
	}
	f.act(t, f.a1, "answer", map[string]any{"outcomes": []map[string]any{{"suspect_id": f.suspID, "outcome": "no_record"}}})
	f.act(t, f.dpp, "release", map[string]any{})

	var got releaseSummaryJSON
	if _, err := f.io1.Do(f.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(f.id), nil, &got); err != nil {
		t.Fatal(err)
	}
	if got.Release == nil || got.Release.Advisory != nsor.Advisory || got.Release.AdvisorySHA256 != nsor.AdvisoryHash(nsor.Advisory) ||
		got.Release.Acknowledged {
		t.Fatalf("released view's release = %+v, want the advisory's text and hash, not yet acknowledged", got.Release)
	}
	if _, err := f.io1.ReadRelease(f.e.ctx, f.id); err == nil {
		t.Fatal("ReadRelease before accepting = nil error, want refused")
	}

	_, err := f.try(f.io1, "acknowledge", map[string]any{"accept_advisory": true, "advisory_sha256": strings.Repeat("0", 64)})
	problem(t, "acknowledge another text", err, http.StatusConflict, "release.advisory_changed")
	f.act(t, f.io1, "acknowledge", map[string]any{"accept_advisory": true, "advisory_sha256": got.Release.AdvisorySHA256})
	var acks []*nsor.Acknowledgement
	err = f.e.db.View(f.e.ctx, func(tx nsor.Tx) error {
		var err error
		_, acks, err = tx.ReleaseWithAcks(f.id)
		return err
	})
	if err != nil || len(acks) != 1 || acks[0].UserID != f.c.io1.ID || acks[0].AdvisorySHA256 != got.Release.AdvisorySHA256 {
		t.Fatalf("acknowledgements = %+v, %v; want one by the officer, of advisory %s", acks, err, got.Release.AdvisorySHA256)
	}
}

// TestEmptyBodyElsewhere: a call other than an act on a request that needs
// a body, sent none, says so (400 body.required), not that the JSON is bad.
func TestEmptyBodyElsewhere(t *testing.T) {
	f := newFlow(t)
	dpo := f.e.login(f.c.dpo)
	v, err := f.io1.Request(f.e.ctx, f.id)
	if err != nil {
		t.Fatal(err)
	}
	_, err = dpo.Do(f.e.ctx, http.MethodPost, "/api/v1/firs/"+itoa(v.FIRID)+"/transfer", nil, nil)
	problem(t, "transfer with no body", err, http.StatusBadRequest, "body.required")
}
