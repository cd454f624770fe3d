package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// cast is the set of people of one end-to-end run.
type cast struct {
	io1, io2, dpo, dpp, analyst1, analyst2, supervisor, registrar1, registrar2, oversight, auditor *testUser
}

func newCast(e *env) *cast {
	return &cast{
		io1: e.user("io.lhr1", nsor.RoleIO, "PB-LHR-LHR"), io2: e.user("io.lhr2", nsor.RoleIO, "PB-LHR-LHR"),
		dpo: e.user("ccpo.lhr", nsor.RoleDPO, "PB-LHR-LHR"), dpp: e.user("dpp.lhr", nsor.RoleDPP, "PB-LHR-LHR"),
		analyst1: e.user("analyst1", nsor.RoleAnalyst, "PK"), analyst2: e.user("analyst2", nsor.RoleAnalyst, "PK"),
		supervisor: e.user("supervisor", nsor.RoleSupervisor, "PK"),
		registrar1: e.user("registrar1", nsor.RoleRegistrar, "PK"), registrar2: e.user("registrar2", nsor.RoleRegistrar, "PK"),
		oversight: e.user("aig.punjab", nsor.RoleOversight, "PB"), auditor: e.user("auditor", nsor.RoleAuditor, "PK"),
	}
}

// Synthetic identities: CNICs begin with 9, which no province has.
const (
	cnicOffender = "91234-5678901-3"
	cnicOther    = "95555-1234567-1"
	nameOffender = "Zarghun Tarqeel"
	nameOther    = "Qudratullah Benazeer"
	firNumber    = "4417"
)

// enterRecord enters and checks a register record through the API.
func enterRecord(t *testing.T, e *env, maker, checker *client.Client, rec nsor.RecordInput) int64 {
	t.Helper()
	v, err := maker.ProposeRecord(e.ctx, rec, "Entered from the conviction file (synthetic)")
	if err != nil {
		t.Fatalf("ProposeRecord: %v", err)
	}
	if err := checker.CheckChange(e.ctx, v.OffenderID, v.N, true, ""); err != nil {
		t.Fatalf("CheckChange: %v", err)
	}
	return v.OffenderID
}

func offenderRecord() nsor.RecordInput {
	return nsor.RecordInput{Name: "Ch. " + nameOffender, Aliases: []string{"Zarghoon Tarqeel"}, CNIC: cnicOffender, Gender: "male",
		Parentage: []nsor.Parentage{{Relation: "S/O", Name: "Gulzar Tarqeel"}}, DOB: "1988-04-17",
		Convictions: []nsor.Conviction{{Court: "Sessions Court (synthetic)", CaseNumber: "SC-77/2015", Sections: []string{"376 PPC"}, ConvictedOn: "2015-06-02"},
			{Court: "Sessions Court (synthetic)", CaseNumber: "SC-12/2021", Sections: []string{"377-B"}, ConvictedOn: "2021-01-20"}},
		Addresses: []nsor.Address{{Address: "House 9, Street 9, Synthetic Colony", From: "2019-01-01"}}}
}

func firInput(e *env) nsor.FIRInput {
	return nsor.FIRInput{StationID: e.station("PB-LHR-LHR", 1).ID, Number: firNumber, Year: 2026, RegisteredOn: "2026-10-30",
		Sections: []string{"376 PPC", "506 PPC"}, Victim: &nsor.Victim{Name: "Victim Synthetic", Age: 14, Gender: nsor.GenderFemale},
		Accused: []nsor.AccusedInput{
			{Name: "Zarghoon Tarqeel", CNIC: cnicOffender, Gender: "male", Parentage: &nsor.Parentage{Relation: "S/O", Name: "Gulzar Tarqeel"},
				Address: "House 9, Street 9, Synthetic Colony", Age: 38},
			{Name: nameOther, CNIC: cnicOther, Gender: "male", Parentage: &nsor.Parentage{Relation: "S/O", Name: "Abdul Synthetic"},
				Address: "Village 9 (synthetic)", DOB: "1990-03-03"},
		}}
}

// TestProcedureEndToEnd drives the whole procedure through the API against
// the real server, as docs/procedure.md describes it, and checks the audit trail and
// the inboxes it leaves, on each database.
func TestProcedureEndToEnd(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) { testProcedureEndToEnd(t, newEnvAt(t, dsn, nil, nil)) })
}

func testProcedureEndToEnd(t *testing.T, e *env) {
	c := newCast(e)
	ctx := e.ctx
	io1, dpp, a1, a2 := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1), e.login(c.analyst2)
	recordID := enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())

	// The officer enters the FIR, attaches its copy and files a request.
	fir, err := io1.CreateFIR(ctx, firInput(e), "fir-key-1")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := io1.PutFIRCopy(ctx, fir.ID, samplePDF); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	req, err := io1.CreateRequest(ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID, fir.Accused[1].ID},
		Grounds: "Both accused are named by the victim; prior record needed to assess risk.", Declaration: true}, "req-key-1")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	id := req.ID
	step := func(who *client.Client, action string, body map[string]any) *nsor.RequestView {
		t.Helper()
		cur, err := who.Request(ctx, id)
		if err != nil {
			t.Fatalf("Request before %s: %v", action, err)
		}
		body["version"] = cur.Version
		v, err := who.Act(ctx, id, action, body)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		return v
	}
	step(io1, "submit", map[string]any{})
	step(dpp, "return", map[string]any{"reason": "The FIR copy is illegible on page 2; attach a clear scan.",
		"checklist": map[string]any{"fir_copy_matches": false, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}})
	step(io1, "resubmit", map[string]any{"clarification": "A clear scan of the FIR copy is attached."})
	v := step(dpp, "forward", map[string]any{"checklist": map[string]any{"fir_copy_matches": true, "eligible_section": true,
		"suspects_named_in_fir": true, "grounds_substantiated": true, "note": "Qudratullah Benazeer is named on page 2."}})
	if v.State != nsor.StateForwarded {
		t.Fatalf("state after forward = %s, want forwarded", v.State)
	}

	// The bureau: the first analyst searches and answers; the second reopens
	// once, then confirms the corrected answer.
	step(a1, "assign", map[string]any{})
	s1, s2 := v.Suspects[0].ID, v.Suspects[1].ID
	cands, err := a1.Search(ctx, id, s1, nil)
	if err != nil || len(cands) != 1 || cands[0].RecordID != recordID || cands[0].Band != nsor.BandLikely {
		t.Fatalf("Search(suspect 1) = %+v, %v, want record %d likely", cands, err, recordID)
	}
	if cands, err := a1.Search(ctx, id, s2, nil); err != nil || len(cands) != 0 {
		t.Fatalf("Search(suspect 2) = %+v, %v, want none", cands, err)
	}
	answer := func(note string) {
		step(a1, "answer", map[string]any{"outcomes": []map[string]any{
			{"suspect_id": s1, "outcome": "record_found", "record_id": recordID, "basis": "cnic", "note": note},
			{"suspect_id": s2, "outcome": "no_record"}}})
	}
	answer("")
	step(a2, "reopen", map[string]any{"reason": "Add a note on the alias spelling used in the FIR."})
	answer("The FIR spells the name Zarghoon, an alias on the record.")
	step(a2, "confirm", map[string]any{})
	step(dpp, "release", map[string]any{})

	// The officer reads only after acknowledging the advisory.
	_, err = io1.ReadRelease(ctx, id)
	problem(t, "ReadRelease before acknowledging", err, http.StatusForbidden, "release.acknowledgement_required")
	step(io1, "acknowledge", map[string]any{"accept_advisory": true})
	rel, err := io1.ReadRelease(ctx, id)
	if err != nil {
		t.Fatalf("ReadRelease: %v", err)
	}
	checkRelease(t, rel, recordID)

	// The DPO moves the case; the new officer acknowledges afresh, the
	// former officer loses access.
	dpo := e.login(c.dpo)
	var moved client.FIR
	if _, err := dpo.Do(ctx, http.MethodPost, "/api/v1/firs/"+itoa(fir.ID)+"/transfer",
		map[string]any{"io_user_id": c.io2.ID, "reason": "Officer posted to another unit; the Zarghoon Tarqeel case goes with the case file 4417."}, &moved); err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if moved.Victim != nil || moved.IOUserID != c.io2.ID {
		t.Errorf("transfer answer = victim %+v, officer %d; want no victim (PPC s.376A) and officer %d", moved.Victim, moved.IOUserID, c.io2.ID)
	}
	_, err = io1.Request(ctx, id)
	problem(t, "former officer reads request", err, http.StatusNotFound, "request.not_found")
	io2 := e.login(c.io2)
	_, err = io2.ReadRelease(ctx, id)
	problem(t, "new officer reads before acknowledging", err, http.StatusForbidden, "release.acknowledgement_required")
	step(io2, "acknowledge", map[string]any{"accept_advisory": true})
	if _, err := io2.ReadRelease(ctx, id); err != nil {
		t.Fatalf("new officer ReadRelease: %v", err)
	}

	checkAuditTrail(t, e, id)
	checkNoClearIdentifiers(t, e)
	checkInboxes(t, e, c)
}

func checkRelease(t *testing.T, rel *client.Release, recordID int64) {
	t.Helper()
	if rel.Number == "" || rel.SHA256 == "" || !strings.Contains(rel.Advisory, "investigation") {
		t.Errorf("release = %+v, want a disclosure number, hash and the advisory", rel.Release)
	}
	got := rel.Content.Suspects
	if len(got) != 2 || got[0].Outcome != nsor.OutcomeRecordFound || got[0].Record == nil || got[0].Record.ID != recordID ||
		got[1].Outcome != nsor.OutcomeNoRecord || got[1].Record != nil {
		t.Errorf("release suspects = %+v, want record %d found and no record", got, recordID)
	}
	if got[0].Record != nil && !got[0].Record.Serial {
		t.Errorf("released record serial = false, want true (two convictions)")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// auditActions returns the actions of the request's audit records, in order.
func auditActions(t *testing.T, e *env, requestID int64) []string {
	t.Helper()
	var out []string
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{RequestID: requestID})
		for _, en := range es {
			out = append(out, en.Record.Action+":"+en.Record.Outcome)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func checkAuditTrail(t *testing.T, e *env, id int64) {
	t.Helper()
	want := []string{
		"request.create:ok", "request.submit:ok", "request.return:ok", "request.resubmit:ok", "request.forward:ok",
		"request.assign:ok", "register.search:ok", "register.search:ok", "request.answer:ok", "request.reopen:ok",
		"request.answer:ok", "request.confirm:ok", "request.release:ok",
		"release.read:refused", "request.acknowledge:ok", "release.read:ok",
		"request.transfer:ok", "request.view:refused", // the former officer, after the transfer: not found, and recorded
		"release.read:refused", "request.acknowledge:ok", "release.read:ok",
	}
	got := auditActions(t, e, id)
	// The transfer is recorded on the FIR, and each moved request as an event.
	got = slices.DeleteFunc(got, func(s string) bool { return s == "request.view:ok" })
	want = slices.DeleteFunc(want, func(s string) bool { return s == "request.transfer:ok" })
	if !slices.Equal(got, want) {
		t.Errorf("audit trail of the request =\n%v\nwant\n%v", got, want)
	}
}

// checkNoClearIdentifiers scans every stored audit record, the Merkle log's
// tables, its signed checkpoints as stored and as exported, and everything
// the server logged, for the synthetic identifiers entered: none may appear
// in clear.
func checkNoClearIdentifiers(t *testing.T, e *env) {
	t.Helper()
	canaries := []string{"9123456789013", "91234-5678901-3", "9555512345671", "Zarghun", "Zarghoon", "zarghun", "Tarqeel",
		"tarqeel", "Qudratullah", "qudratullah", "Benazeer", "Gulzar", "Victim Synthetic", "4417"}
	scan := func(where string, data []byte) {
		for _, c := range canaries {
			if bytes.Contains(data, []byte(c)) {
				t.Errorf("%s holds %q in clear", where, c)
			}
		}
	}
	cp := e.sequence()
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{})
		for _, en := range es {
			scan(fmt.Sprintf("audit record %d (%s)", en.ID, en.Record.Action), en.Data)
		}
		for i := int64(0); err == nil && i < cp.Size; i++ {
			var leaf *nsor.AuditEntry
			if leaf, err = tx.AuditLeafRecord(i); err == nil {
				scan(fmt.Sprintf("audit leaf %d", i), leaf.Data)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	scan("the signed checkpoint", cp.Note)
	var served []byte
	if _, err := e.api.Do(e.ctx, "GET", "/api/v1/audit/checkpoint", nil, &served); err != nil {
		t.Fatal(err)
	}
	scan("the exported checkpoint", served)
	if !strings.Contains(e.logs.String(), "route=") {
		t.Fatal("the server's log is empty; the scan of it would prove nothing")
	}
	scan("the server's log", []byte(e.logs.String()))
}

func checkInboxes(t *testing.T, e *env, c *cast) {
	t.Helper()
	want := map[*testUser][]nsor.NotificationKind{
		c.dpp:        {nsor.NoteSubmitted, nsor.NoteSubmitted, nsor.NoteConfirmed},
		c.dpo:        {nsor.NoteSubmitted, nsor.NoteSubmitted, nsor.NoteForwarded},
		c.io1:        {nsor.NoteReturned, nsor.NoteForwarded, nsor.NoteReleased, nsor.NoteTransferred},
		c.io2:        {nsor.NoteTransferred},
		c.supervisor: {nsor.NoteForwarded},
		c.analyst1:   {nsor.NoteForwarded, nsor.NoteReopened},
		c.analyst2:   {nsor.NoteForwarded, nsor.NoteAnswered, nsor.NoteAnswered},
	}
	for u, kinds := range want {
		ns, err := e.login(u).Notifications(e.ctx)
		if err != nil {
			t.Fatalf("Notifications(%s): %v", u.Username, err)
		}
		var got []nsor.NotificationKind
		for i := len(ns) - 1; i >= 0; i-- {
			got = append(got, ns[i].Kind)
		}
		if !slices.Equal(got, kinds) {
			t.Errorf("inbox of %s = %v, want %v", u.Username, got, kinds)
		}
	}
}
