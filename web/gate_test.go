package web_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"

	"nsor"
	"nsor/client"
)

// gate is a request forwarded to the bureau and taken by an analyst, the
// people around it and the register records it may meet.
type gate struct {
	e                   *env
	c                   *cast
	io, dpp, a1, a2     *client.Client
	fir                 *client.FIR
	id                  int64 // the request
	suspect             int64 // its suspect (the FIR's first accused)
	record, otherRecord int64 // the suspect's record; a stranger's record
}

// newGate files, submits, forwards and assigns a request for the FIR's first
// accused, with the register holding that accused's record and a stranger's.
func newGate(t *testing.T) *gate { return newGateWith(t, nil, "assign") }

// newGateWith is newGate with the FIR changed by change, stopping after
// the act until ("submit", "forward" or "assign").
func newGateWith(t *testing.T, change func(*nsor.FIRInput), until string) *gate {
	t.Helper()
	return newGateAt(t, newEnv(t), change, until)
}

// newGateAt is newGateWith in the environment e.
func newGateAt(t *testing.T, e *env, change func(*nsor.FIRInput), until string) *gate {
	t.Helper()
	g := &gate{e: e, c: newCast(e)}
	g.io, g.dpp, g.a1, g.a2 = e.login(g.c.io1), e.login(g.c.dpp), e.login(g.c.analyst1), e.login(g.c.analyst2)
	maker, checker := e.login(g.c.registrar1), e.login(g.c.registrar2)
	g.record = enterRecord(t, e, maker, checker, offenderRecord())
	g.otherRecord = enterRecord(t, e, maker, checker, strangerRecord())
	var err error
	in := firInput(e)
	if change != nil {
		change(&in)
	}
	if g.fir, err = g.io.CreateFIR(e.ctx, in, ""); err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := g.io.PutFIRCopy(e.ctx, g.fir.ID, samplePDF); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	req, err := g.io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: g.fir.ID, Suspects: []int64{g.fir.Accused[0].ID},
		Grounds: "The accused is named by the victim; his prior record is needed to assess risk.", Declaration: true}, "")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	g.id, g.suspect = req.ID, req.Suspects[0].ID
	g.step(g.io, "submit", map[string]any{})
	if until == "submit" {
		return g
	}
	g.step(g.dpp, "forward", map[string]any{"checklist": fullChecklist})
	if until == "forward" {
		return g
	}
	g.step(g.a1, "assign", map[string]any{})
	return g
}

// strangerRecord is a register record of somebody no request names.
func strangerRecord() nsor.RecordInput {
	return nsor.RecordInput{Name: "Baktawar Sohrabzai", CNIC: "97777-2222222-5", Gender: "male",
		Parentage: []nsor.Parentage{{Relation: "S/O", Name: "Nadir Sohrabzai"}}, DOB: "1979-09-21",
		Convictions: []nsor.Conviction{{Court: "Sessions Court (synthetic)", CaseNumber: "SC-3/2010", Sections: []string{"377 PPC"}, ConvictedOn: "2010-02-11"}},
		Addresses:   []nsor.Address{{Address: "House 1, Synthetic Town", From: "2012-01-01"}}}
}

func (g *gate) step(who *client.Client, action string, body map[string]any) *nsor.RequestView {
	g.e.t.Helper()
	cur, err := who.Request(g.e.ctx, g.id)
	if err != nil {
		g.e.t.Fatalf("Request before %s: %v", action, err)
	}
	body["version"] = cur.Version
	v, err := who.Act(g.e.ctx, g.id, action, body)
	if err != nil {
		g.e.t.Fatalf("%s: %v", action, err)
	}
	return v
}

func (g *gate) amend(in nsor.AccusedInput) error {
	_, err := g.io.Do(g.e.ctx, http.MethodPut, "/api/v1/firs/"+itoa(g.fir.ID)+"/accused/"+itoa(g.fir.Accused[0].ID),
		map[string]any{"accused": in, "reason": "Corrected from the case diary (synthetic)."}, nil)
	return err
}

func (g *gate) readRecord(who *client.Client, rid int64) error {
	_, err := who.Do(g.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(g.id)+"/records/"+itoa(rid), nil, nil)
	return err
}

// TestGateAccusedFrozenAfterForward: once the prosecutor has forwarded a
// request, its officer cannot swap the suspect for another person; the
// refused attempt shows in the request's audit trail, and the bureau still
// searches for the person the prosecutor verified.
func TestGateAccusedFrozenAfterForward(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		testGateAccusedFrozenAfterForward(t, newGateAt(t, newEnvAt(t, dsn, nil, nil), nil, "assign"))
	})
}

func testGateAccusedFrozenAfterForward(t *testing.T, g *gate) {
	other := nsor.AccusedInput{Name: "Baktawar Sohrabzai", CNIC: "97777-2222222-5", Gender: "male",
		Parentage: &nsor.Parentage{Relation: "S/O", Name: "Nadir Sohrabzai"}, Address: "House 1, Synthetic Town", Age: 47}
	problem(t, "amend the accused after forwarding", g.amend(other), http.StatusConflict, "fir.accused_frozen")
	if got := auditActions(t, g.e, g.id); !slices.Contains(got, "fir.accused_amend:refused") {
		t.Errorf("audit trail of the request = %v, want the refused amendment in it", got)
	}
	cands, err := g.a1.Search(g.e.ctx, g.id, g.suspect, nil)
	if err != nil || len(cands) != 1 || cands[0].RecordID != g.record {
		t.Errorf("Search = %+v, %v, want only the verified suspect's record %d", cands, err, g.record)
	}
	if err := g.readRecord(g.a1, g.otherRecord); err == nil {
		t.Errorf("analyst read the record of the person the officer tried to substitute")
	}
}

// TestGateFIRCopyFrozenAfterSubmit: the FIR copy cannot be replaced while a
// request is open, and the copy served is the one whose hash the submission
// recorded.
func TestGateFIRCopyFrozenAfterSubmit(t *testing.T) {
	g := newGate(t)
	forged := append(slices.Clone(samplePDF), []byte("% ANOTHER FIR\n")...)
	_, err := g.io.PutFIRCopy(g.e.ctx, g.fir.ID, forged)
	problem(t, "replace the FIR copy after forwarding", err, http.StatusConflict, "fir.copy_frozen")
	if got := auditActions(t, g.e, g.id); !slices.Contains(got, "fir.copy_upload:refused") {
		t.Errorf("audit trail of the request = %v, want the refused upload in it", got)
	}
	var served []byte
	if _, err := g.a1.Do(g.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(g.id)+"/fir-copy", nil, &served); err != nil {
		t.Fatalf("fir-copy: %v", err)
	}
	if !bytes.Equal(served, samplePDF) {
		t.Errorf("FIR copy served to the analyst = %q, want the copy the prosecutor verified", served)
	}
}

// TestGateRecordReadBoundToSearch: through a request, the analyst reads only
// what its searches for its suspects returned; any other record ID is not
// found, and the attempt is recorded.
func TestGateRecordReadBoundToSearch(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		testGateRecordReadBoundToSearch(t, newGateAt(t, newEnvAt(t, dsn, nil, nil), nil, "assign"))
	})
}

func testGateRecordReadBoundToSearch(t *testing.T, g *gate) {
	problem(t, "read a record before any search", g.readRecord(g.a1, g.record), http.StatusNotFound, "record.not_found")
	if _, err := g.a1.Search(g.e.ctx, g.id, g.suspect, nil); err != nil {
		t.Fatalf("Search: %v", err)
	}
	if err := g.readRecord(g.a1, g.record); err != nil {
		t.Errorf("read the record the search returned: %v", err)
	}
	problem(t, "read a stranger's record by ID", g.readRecord(g.a1, g.otherRecord), http.StatusNotFound, "record.not_found")
	// Citing a record in the answer would bring it within reach: only what a
	// search for the suspect showed may be cited.
	cur, _ := g.a1.Request(g.e.ctx, g.id)
	_, err := g.a1.Act(g.e.ctx, g.id, "answer", map[string]any{"version": cur.Version, "outcomes": []map[string]any{
		{"suspect_id": g.suspect, "outcome": "possible_match", "record_id": g.otherRecord, "needed_identifiers": []string{"cnic"}}}})
	problem(t, "answer citing a stranger's record", err, http.StatusUnprocessableEntity, "answer.record_not_searched")
	g.step(g.a1, "answer", map[string]any{"outcomes": []map[string]any{
		{"suspect_id": g.suspect, "outcome": "record_found", "record_id": g.record, "basis": "cnic"}}})
	if err := g.readRecord(g.a2, g.record); err != nil {
		t.Errorf("confirming analyst reads the record the answer cites: %v", err)
	}
	problem(t, "read the stranger as the confirming analyst", g.readRecord(g.a2, g.otherRecord), http.StatusNotFound, "record.not_found")
	if got := auditActions(t, g.e, g.id); !slices.Contains(got, "register.read:refused") {
		t.Errorf("audit trail = %v, want register.read:refused", got)
	}
}

// TestGateSearchTermsComplete: an added identifier completes the named
// suspect and never replaces them; it needs a reason, which the confirming
// analyst sees with it.
func TestGateSearchTermsComplete(t *testing.T) {
	g := newGate(t)
	why := "CNIC read off page 2 of the FIR copy (synthetic)."
	problem(t, "search with another person's CNIC", g.search(map[string]any{"cnic": "97777-2222222-5", "reason": why}, nil),
		http.StatusUnprocessableEntity, "search.cnic_replaces_suspect")
	problem(t, "search by another person's name", g.search(map[string]any{"name": "Baktawar Sohrabzai", "reason": why}, nil),
		http.StatusUnprocessableEntity, "search.name_not_suspect")
	problem(t, "add a spelling without a reason", g.search(map[string]any{"name": "Zarghun Tarqeel"}, nil),
		http.StatusUnprocessableEntity, "search.reason_required")
	var cands []nsor.Candidate
	if err := g.search(map[string]any{"name": "Zarghun Tarqeel", "reason": "The record spells the name Zarghun."}, &cands); err != nil ||
		len(cands) != 1 || cands[0].RecordID != g.record {
		t.Errorf("Search(another spelling) = %+v, %v, want record %d", cands, err, g.record)
	}
	problem(t, "read the stranger after the refused searches", g.readRecord(g.a1, g.otherRecord), http.StatusNotFound, "record.not_found")
	// An auditor asking who sought the stranger finds the refused attempts.
	aud := g.e.login(g.c.auditor)
	for _, body := range []map[string]any{{"cnic": "97777-2222222-5"}, {"name": "Baktawar Sohrabzai"}} {
		if got := actions(t, g.e, aud, http.MethodPost, "/api/v1/audit/who", body); !slices.Contains(got, "register.search") {
			t.Errorf("who(%v) = %v, want the refused register.search", body, got)
		}
	}
	var v struct {
		Added []struct {
			SuspectID int64  `json:"suspect_id"`
			Name      string `json:"name"`
			Reason    string `json:"reason"`
		} `json:"added_identifiers"`
	}
	if _, err := g.a2.Do(g.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(g.id), nil, &v); err != nil ||
		len(v.Added) != 1 || v.Added[0].Name != "Zarghun Tarqeel" || v.Added[0].SuspectID != g.suspect || v.Added[0].Reason == "" {
		t.Errorf("confirming analyst's view of added identifiers = %+v, %v, want the spelling with its reason", v, err)
	}
}

func (g *gate) search(body map[string]any, out *[]nsor.Candidate) error {
	var list struct {
		Items []nsor.Candidate `json:"items"`
	}
	_, err := g.a1.Do(g.e.ctx, http.MethodPost, "/api/v1/requests/"+itoa(g.id)+"/suspects/"+itoa(g.suspect)+"/search", body, &list)
	if out != nil {
		*out = list.Items
	}
	return err
}
