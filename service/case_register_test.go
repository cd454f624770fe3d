package service_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"nsor"
)

// caseRecordInput is a valid register record of a convicted offender.
func caseRecordInput(name, cnic string) nsor.RecordInput {
	return nsor.RecordInput{Name: name, CNIC: cnic, Gender: "male", DOB: "1980-04-12",
		Parentage: []nsor.Parentage{{Relation: "S/O", Name: "Rashid Synthetic"}},
		Convictions: []nsor.Conviction{{Court: "Sessions Court (synthetic)", CaseNumber: "Sessions Case 12/2015",
			Sections: []string{"376 PPC"}, ConvictedOn: "2015-03-01"}}}
}

// caseReleasedRecord is a register record released to io.lahore1 in the
// acknowledged request.
func caseReleasedRecord(w *world) int64 {
	w.t.Helper()
	var rel *nsor.Release
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) {
		rel, err = tx.ReleaseOf(w.inState(nsor.StateAcknowledged).ID)
		return err
	}); err != nil {
		w.t.Fatalf("ReleaseOf: %v", err)
	}
	if len(rel.RecordIDs) == 0 {
		w.t.Fatal("the acknowledged request released no record")
	}
	return rel.RecordIDs[0]
}

// TestCaseRegisterMakerChecker: a registrar proposes a record, a second one
// checks it; a correction or removal of a released record tells the
// officers it was released to; every broken rule is refused and recorded,
// with nothing written.
func TestCaseRegisterMakerChecker(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	maker, checker := w.as("registrar1"), w.as("registrar2")
	v, _, err := w.svc.ProposeRecord(w.ctx, maker, caseRecordInput("Saleem Synthetic", "91111-2222333-5"), "Conviction reported by the court.", nsor.Idempotency{})
	if err != nil || v.N != 1 || v.Kind != nsor.ChangeCreate || v.Decision != nsor.DecisionPending || v.MadeBy != maker.ID() {
		t.Fatalf("ProposeRecord = %+v, %v", v, err)
	}
	id := v.OffenderID
	o, _, err := w.svc.Record(w.ctx, checker, id, "record maintenance check")
	if err != nil || o.Status != nsor.RecordPending || o.Record.CNIC != "9111122223335" {
		t.Errorf("Record(new) = %+v, %v; want pending with the CNIC", o, err)
	}
	if caseNotes(w, checker.ID(), nsor.NoteChangePending) == 0 || caseNotes(w, maker.ID(), nsor.NoteChangePending) != 0 {
		t.Errorf("the second registrar, and only they, are asked to check")
	}
	pend, err := w.svc.PendingChanges(w.ctx, checker, nsor.Page{Limit: 200})
	if err != nil || !slices.ContainsFunc(pend.Items, func(p *nsor.OffenderVersion) bool { return p.OffenderID == id }) {
		t.Errorf("PendingChanges = %d, %v; want the new record among them", len(pend.Items), err)
	}

	check := func(a *nsor.Actor, id int64, n int, approve bool, note string) func() error {
		return func() error { _, err := w.svc.CheckChange(w.ctx, a, id, n, approve, note); return err }
	}
	propose := func(a *nsor.Actor, in nsor.RecordInput, reason string) func() error {
		return func() error { _, _, err := w.svc.ProposeRecord(w.ctx, a, in, reason, nsor.Idempotency{}); return err }
	}
	change := func(id int64, in *nsor.RecordInput, remove bool, reason string) func() error {
		return func() error { _, _, err := w.svc.ProposeChange(w.ctx, maker, id, in, remove, reason); return err }
	}
	noConviction := caseRecordInput("Jamil Synthetic", "")
	noConviction.Convictions = nil
	reason := "Conviction reported by the court."
	caseRefuses(t, w, []caseRefusal{
		{"checked by its maker", "register.check", "record.checker_is_maker", check(maker, id, 1, true, "")},
		{"rejected without a note", "register.check", "reason.required", check(checker, id, 1, false, "")},
		{"checked by an analyst", "register.check", "auth.forbidden", check(w.as("analyst1"), id, 1, true, "")},
		{"check of no such version", "register.check", "version.not_found", check(checker, id, 9, true, "")},
		{"proposed by an analyst", "register.create", "auth.forbidden", propose(w.as("analyst1"), caseRecordInput("Jamil Synthetic", ""), reason)},
		{"proposed without a conviction", "register.create", "record.conviction_required", propose(maker, noConviction, reason)},
		{"proposed without a name", "register.create", "record.name_required", propose(maker, caseRecordInput("", ""), reason)},
		{"proposed without a reason", "register.create", "reason.required", propose(maker, caseRecordInput("Jamil Synthetic", ""), "")},
		{"a change while one waits", "register.change", "record.change_pending", change(id, nil, true, reason)},
		{"a change of no record", "register.change", "record.not_found", change(999999, nil, true, reason)},
	})

	if o, err := w.svc.CheckChange(w.ctx, checker, id, 1, true, ""); err != nil || o.Status != nsor.RecordActive || o.CurrentVersion != 1 {
		t.Fatalf("CheckChange(approve) = %+v, %v; want active, version 1", o, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"checked twice", "register.check", "record.already_checked", check(checker, id, 1, true, "")},
		{"a correction without the record", "register.change", "record.required", change(id, nil, false, reason)},
		{"a correction without a reason", "register.change", "reason.required", change(id, &noConviction, false, "")},
		{"an invalid correction", "register.change", "record.conviction_required", change(id, &noConviction, false, reason)},
	})

	// A correction of a released record, rejected and then made again and
	// approved, tells the officer it was released to; a removal ends the
	// record's changes.
	rid := caseReleasedRecord(w)
	io := w.as("io.lahore1")
	notes := caseNotes(w, io.ID(), nsor.NoteRecordChanged)
	cur := caseRecord(w, rid)
	fix := caseRecordInput(cur.Record.Name, string(cur.Record.CNIC))
	fix.Convictions = cur.Record.Convictions
	fix.BirthPlace = "Okara (synthetic)"
	cv, _, err := w.svc.ProposeChange(w.ctx, maker, rid, &fix, false, "The place of birth was read from the court file.")
	if err != nil || cv.Kind != nsor.ChangeCorrect || cv.N != cur.CurrentVersion+1 {
		t.Fatalf("ProposeChange(correct) = %+v, %v", cv, err)
	}
	if _, err := w.svc.CheckChange(w.ctx, checker, rid, cv.N, false, "The court file gives another place; check again."); err != nil {
		t.Fatalf("CheckChange(reject) = %v", err)
	}
	if got := caseRecord(w, rid); got.CurrentVersion != cur.CurrentVersion || got.Record.BirthPlace == "Okara (synthetic)" {
		t.Errorf("a rejected change was applied: %+v", got)
	}
	cv, _, err = w.svc.ProposeChange(w.ctx, maker, rid, &fix, false, "The place of birth was read from the court file again.")
	if err != nil {
		t.Fatal(err)
	}
	if o, err := w.svc.CheckChange(w.ctx, checker, rid, cv.N, true, ""); err != nil || o.Record.BirthPlace != "Okara (synthetic)" || o.CurrentVersion != cv.N {
		t.Fatalf("CheckChange(correct) = %+v, %v", o, err)
	}
	if got := caseNotes(w, io.ID(), nsor.NoteRecordChanged); got != notes+1 {
		t.Errorf("officer's record.changed notes = %d, want %d", got, notes+1)
	}
	rv, _, err := w.svc.ProposeChange(w.ctx, maker, rid, nil, true, "Acquitted on appeal by the High Court.")
	if err != nil || rv.Kind != nsor.ChangeRemove {
		t.Fatalf("ProposeChange(remove) = %+v, %v", rv, err)
	}
	if o, err := w.svc.CheckChange(w.ctx, checker, rid, rv.N, true, ""); err != nil || o.Status != nsor.RecordRemoved || o.RemovalReason == "" {
		t.Fatalf("CheckChange(remove) = %+v, %v; want removed with its reason", o, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"a change of a removed record", "register.change", "record.removed", change(rid, &fix, false, reason)},
	})
}

// recordOf reads a register record as the store holds it.
func caseRecord(w *world, id int64) *nsor.Offender {
	w.t.Helper()
	var o *nsor.Offender
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { o, err = tx.Offender(id); return err }); err != nil {
		w.t.Fatalf("Offender(%d): %v", id, err)
	}
	return o
}

// TestCaseRegisterReads: a registrar reads and searches the register for a
// stated purpose that says why, not whom, and the purpose is recorded;
// pending and removed records are found too. Outside the registry nobody
// reads the register this way.
func TestCaseRegisterReads(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	reg := w.as("registrar1")
	id := w.seed.Records[0]
	o := caseRecord(w, id)
	purpose := "record maintenance: duplicate check"

	got, vs, err := w.svc.Record(w.ctx, reg, id, purpose)
	if err != nil || got.ID != id || len(vs) == 0 {
		t.Errorf("Record = %+v, %d versions, %v", got, len(vs), err)
	}
	if rec := caseLastAudit(w); rec.Action != "register.read" || rec.Purpose != purpose {
		t.Errorf("audit record = %s purpose %q, want register.read with the purpose", rec.Action, rec.Purpose)
	}
	byCNIC, err := allRecords(w.svc, w.ctx, reg, nsor.SearchTerms{CNIC: string(o.Record.CNIC)}, purpose)
	if err != nil || !slices.ContainsFunc(byCNIC, func(x *nsor.Offender) bool { return x.ID == id }) {
		t.Errorf("SearchRecords(CNIC) = %d records, %v; want record %d", len(byCNIC), err, id)
	}
	if rec := caseLastAudit(w); rec.Action != "register.search" || rec.Purpose != purpose || len(rec.Identifiers) == 0 {
		t.Errorf("audit record = %+v, want register.search with the purpose and the CNIC's tag", rec)
	}
	pending := caseRecord(w, w.seed.PendingRecords[0])
	byName, err := allRecords(w.svc, w.ctx, reg, nsor.SearchTerms{Name: pending.Record.Name}, purpose)
	if err != nil || !slices.ContainsFunc(byName, func(x *nsor.Offender) bool { return x.ID == pending.ID }) {
		t.Errorf("SearchRecords(name of a pending record) = %d records, %v; want record %d", len(byName), err, pending.ID)
	}

	search := func(a *nsor.Actor, terms nsor.SearchTerms, purpose string) func() error {
		return func() error { _, err := w.svc.SearchRecords(w.ctx, a, terms, purpose, nsor.Page{}); return err }
	}
	read := func(a *nsor.Actor, id int64, purpose string) func() error {
		return func() error { _, _, err := w.svc.Record(w.ctx, a, id, purpose); return err }
	}
	terms := nsor.SearchTerms{CNIC: string(o.Record.CNIC)}
	caseRefuses(t, w, []caseRefusal{
		{"search by an analyst", "register.search", "auth.forbidden", search(w.as("analyst1"), terms, purpose)},
		{"search by an auditor", "register.search", "auth.forbidden", search(w.as("auditor1"), terms, purpose)},
		{"search without purpose", "register.search", "purpose.required", search(reg, terms, " ")},
		{"search with a CNIC as purpose", "register.search", "purpose.identifying", search(reg, terms, "checking 91111-2222333-5")},
		{"search without terms", "register.search", "search.terms_required", search(reg, nsor.SearchTerms{}, purpose)},
		{"search by a malformed CNIC", "register.search", "cnic.malformed", search(reg, nsor.SearchTerms{CNIC: "12"}, purpose)},
		{"read by an officer", "register.read", "auth.forbidden", read(w.as("io.lahore1"), id, purpose)},
		{"read without purpose", "register.read", "purpose.required", read(reg, id, "")},
		{"read with an FIR number as purpose", "register.read", "purpose.identifying", read(reg, id, "FIR 1234/2026")},
		{"read of no record", "register.read", "record.not_found", read(reg, 999999, purpose)},
		{"pending list by a prosecutor", "register.pending", "auth.forbidden", func() error {
			_, err := w.svc.PendingChanges(w.ctx, w.as("dpp.lahore1"), nsor.Page{Limit: 200})
			return err
		}},
	})
}

// TestCaseSearchOutsideRequests: outside the registry the register is
// searched and read only through a request at the bureau, by the analyst
// working it, and only the records its searches showed (docs/rules.md#r8).
func TestCaseSearchOutsideRequests(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	fwd := w.inState(nsor.StateForwarded)
	analyst := w.as("analyst1")
	suspect := fwd.Suspects[0].AccusedID
	cs, err := w.svc.SearchRegister(w.ctx, analyst, fwd.ID, suspect, nsor.SearchTerms{})
	if err != nil || len(cs) == 0 {
		t.Fatalf("SearchRegister(assigned analyst) = %d candidates, %v; want the seeded likely match", len(cs), err)
	}
	if rec := caseLastAudit(w); rec.Action != "register.search" || rec.Purpose != fmt.Sprintf("request/%d", fwd.ID) {
		t.Errorf("search recorded as %s purpose %q, want the request as purpose", rec.Action, rec.Purpose)
	}
	shown := cs[0].RecordID
	if o, err := w.svc.RecordForRequest(w.ctx, analyst, fwd.ID, shown); err != nil || o.ID != shown {
		t.Errorf("RecordForRequest(a record shown) = %+v, %v", o, err)
	}
	notShown := slices.IndexFunc(w.seed.Records, func(id int64) bool {
		return !slices.ContainsFunc(cs, func(c nsor.Candidate) bool { return c.RecordID == id })
	})
	draft := w.inState(nsor.StateDraft)
	search := func(a *nsor.Actor, reqID, suspectID int64) func() error {
		return func() error {
			_, err := w.svc.SearchRegister(w.ctx, a, reqID, suspectID, nsor.SearchTerms{})
			return err
		}
	}
	caseRefuses(t, w, []caseRefusal{
		{"search by a registrar through a request", "register.search", "request.not_found", search(w.as("registrar1"), fwd.ID, suspect)},
		{"search by its officer", "register.search", "request.forbidden", search(w.as("io.lahore2"), fwd.ID, suspect)},
		{"search of a draft", "register.search", "request.not_found", search(analyst, draft.ID, draft.Suspects[0].AccusedID)},
		{"search of no request", "register.search", "request.not_found", search(analyst, 999999, suspect)},
		{"search of another request's suspect", "register.search", "suspect.not_found", search(analyst, fwd.ID, draft.Suspects[0].AccusedID)},
		{"read of a record not shown", "register.read", "record.not_found", func() error {
			_, err := w.svc.RecordForRequest(w.ctx, analyst, fwd.ID, w.seed.Records[notShown])
			return err
		}},
		{"read by the other analyst", "register.read", "request.not_assigned", func() error {
			_, err := w.svc.RecordForRequest(w.ctx, w.as("analyst2"), fwd.ID, shown)
			return err
		}},
	})
}
