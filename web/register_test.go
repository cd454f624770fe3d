package web_test

import (
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// TestMakerChecker: a registrar never checks their own entry; an unchecked
// record is not answered from; a search needs its purpose.
func TestMakerChecker(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	maker, checker := e.login(c.registrar1), e.login(c.registrar2)
	v, err := maker.ProposeRecord(e.ctx, offenderRecord(), "Entered from the conviction file (synthetic)")
	if err != nil {
		t.Fatal(err)
	}
	problem(t, "maker checks own entry", maker.CheckChange(e.ctx, v.OffenderID, v.N, true, ""), http.StatusForbidden, "record.checker_is_maker")
	_, err = maker.Do(e.ctx, http.MethodPost, "/api/v1/register/search", map[string]any{"cnic": cnicOffender}, nil)
	problem(t, "search without a purpose", err, http.StatusUnprocessableEntity, "purpose.required")
	_, err = maker.Do(e.ctx, http.MethodPost, "/api/v1/register/search",
		map[string]any{"cnic": cnicOffender, "purpose": "Check 91234-5678901-3 for a duplicate"}, nil)
	problem(t, "purpose naming a CNIC", err, http.StatusUnprocessableEntity, "purpose.identifying")
	if rec := lastRefusal(t, e); rec == nil || rec.Purpose != "" {
		t.Errorf("refusal of an identifying purpose = %+v, want it recorded without the purpose in clear", rec)
	}
	var found client.List[map[string]any]
	if _, err := maker.Do(e.ctx, http.MethodPost, "/api/v1/register/search",
		map[string]any{"cnic": cnicOffender, "purpose": "Checking for a duplicate entry"}, &found); err != nil || len(found.Items) != 1 {
		t.Fatalf("registrar search = %d, %v; want the pending record", len(found.Items), err)
	}

	// The bureau cannot answer from the unchecked record.
	io, dpp, an := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1)
	id := fileRequest(t, e, io)
	act(t, e, dpp, id, "forward", map[string]any{"checklist": fullChecklist})
	rv := act(t, e, an, id, "assign", map[string]any{})
	if cands, err := an.Search(e.ctx, id, rv.Suspects[0].ID, nil); err != nil || len(cands) != 0 {
		t.Errorf("Search before the check = %d candidates, %v; want none", len(cands), err)
	}
	_, err = an.Act(e.ctx, id, "answer", map[string]any{"version": rv.Version, "outcomes": []map[string]any{
		{"suspect_id": rv.Suspects[0].ID, "outcome": "record_found", "record_id": v.OffenderID, "basis": "cnic"}}})
	problem(t, "answer from an unchecked record", err, http.StatusUnprocessableEntity, "answer.record_unknown")

	if err := checker.CheckChange(e.ctx, v.OffenderID, v.N, true, ""); err != nil {
		t.Fatal(err)
	}
	if cands, err := an.Search(e.ctx, id, rv.Suspects[0].ID, nil); err != nil || len(cands) != 1 {
		t.Errorf("Search after the check = %d candidates, %v; want the record", len(cands), err)
	}
}

// TestCorrectionOfReleasedRecordIsTold: when a released record is corrected
// or removed after release, its recipient is told.
func TestCorrectionOfReleasedRecordIsTold(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	maker, checker := e.login(c.registrar1), e.login(c.registrar2)
	recordID := enterRecord(t, e, maker, checker, offenderRecord())
	io, dpp, a1, a2 := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1), e.login(c.analyst2)
	id := fileRequest(t, e, io)
	act(t, e, dpp, id, "forward", map[string]any{"checklist": fullChecklist})
	v := act(t, e, a1, id, "assign", map[string]any{})
	if _, err := a1.Search(e.ctx, id, v.Suspects[0].ID, nil); err != nil {
		t.Fatalf("Search: %v", err)
	}
	act(t, e, a1, id, "answer", map[string]any{"outcomes": []map[string]any{
		{"suspect_id": v.Suspects[0].ID, "outcome": "record_found", "record_id": recordID, "basis": "cnic"}}})
	act(t, e, a2, id, "confirm", map[string]any{})
	act(t, e, dpp, id, "release", map[string]any{})
	act(t, e, io, id, "acknowledge", map[string]any{"accept_advisory": true})

	var ver client.RecordVersion
	if _, err := maker.Do(e.ctx, http.MethodPost, "/api/v1/register/records/"+itoa(recordID)+"/changes",
		map[string]any{"remove": true, "reason": "Acquitted on appeal (synthetic)"}, &ver); err != nil {
		t.Fatal(err)
	}
	if n := inboxCount(t, e, io, nsor.NoteRecordChanged); n != 0 {
		t.Errorf("recipient told before the check: %d notifications", n)
	}
	if err := checker.CheckChange(e.ctx, recordID, ver.N, true, ""); err != nil {
		t.Fatal(err)
	}
	if n := inboxCount(t, e, io, nsor.NoteRecordChanged); n != 1 {
		t.Errorf("recipient told of the removal %d times, want 1", n)
	}
}

// TestPriorRejectionShownToProsecutor: a new request for a suspect whose
// earlier request was rejected shows the prosecutor that rejection (docs/rules.md#r4).
func TestPriorRejectionShownToProsecutor(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io, dpp := e.login(c.io1), e.login(c.dpp)
	id := fileRequest(t, e, io)
	act(t, e, dpp, id, "reject", map[string]any{"reason": "The suspect is not named in the FIR copy."})
	first, _ := io.Request(e.ctx, id)
	again, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: first.FIRID, Suspects: []int64{first.Suspects[0].AccusedID},
		Grounds: "Named in the supplementary statement; prior record needed.", Declaration: true}, "")
	if err != nil {
		t.Fatalf("new request after a rejection: %v", err)
	}
	act(t, e, io, again.ID, "submit", map[string]any{})
	v, err := dpp.Request(e.ctx, again.ID)
	if err != nil || len(v.PriorRejections) != 1 || v.PriorRejections[0].RequestID != id || v.PriorRejections[0].Reason == "" {
		t.Errorf("prosecutor's view = %+v, %v; want the earlier rejection %d with its reason", v.PriorRejections, err, id)
	}
}

// TestMachineTokenScopes: a machine token narrows its service account's
// authority to its scopes.
func TestMachineTokenScopes(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.users["admin"])
	var made struct{ User nsor.User }
	if _, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/service-accounts", map[string]any{"username": "case.system",
		"name": "Case system (synthetic)", "role": "io", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID,
		"scopes": []string{"requests:read"}}, &made); err != nil {
		t.Fatal(err)
	}
	var tok struct {
		Token string `json:"token"`
	}
	if _, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": made.User.ID, "name": "case-system",
		"scopes": []string{"requests:read"}, "expires_in_hours": 24}, &tok); err != nil {
		t.Fatal(err)
	}
	m := e.api.As(tok.Token)
	if _, err := m.Requests(e.ctx, ""); err != nil {
		t.Errorf("read with requests:read: %v", err)
	}
	_, err := m.CreateFIR(e.ctx, firInput(e), "")
	problem(t, "write with requests:read", err, http.StatusForbidden, "auth.scope")
	_, err = admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": made.User.ID, "name": "x",
		"scopes": []string{"everything"}, "expires_in_hours": 24}, nil)
	problem(t, "unknown scope", err, http.StatusUnprocessableEntity, "token.scope_unknown")
}
