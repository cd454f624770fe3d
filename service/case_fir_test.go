package service_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// caseFIRInput is a valid FIR of a Lahore station with one accused.
func caseFIRInput(w *world, number string) nsor.FIRInput {
	return nsor.FIRInput{StationID: caseJurisdiction(w, "PB-LHR-LHR-SYN1").ID, Number: number, Year: 2026,
		RegisteredOn: "2026-10-30", Sections: []string{"376 PPC", "506 PPC"},
		Victim: &nsor.Victim{Name: "Victim Synthetic", Age: 14, Gender: nsor.GenderFemale},
		Accused: []nsor.AccusedInput{{Name: "Kamran Synthetic", Parentage: &nsor.Parentage{Relation: "S/O", Name: "Aslam Synthetic"},
			CNIC: "91234-1234567-1", Gender: "male", Age: 30}}}
}

// TestCaseCreateFIR: an officer enters an FIR of their district; what is
// stored is what was given, held by that officer; every broken rule is
// refused and recorded, with nothing written.
func TestCaseCreateFIR(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io := w.as("io.lahore1")
	in := caseFIRInput(w, "9001")
	in.Accused[0].CNIC = "91234-1234567-2" // even: a woman's CNIC, for a man
	f, warn, err := w.svc.CreateFIR(w.ctx, io, in, nsor.Idempotency{})
	if err != nil {
		t.Fatalf("CreateFIR = %v, want success", err)
	}
	if len(warn) != 1 || warn[0].Code != "cnic.gender_mismatch" {
		t.Errorf("CreateFIR warnings = %+v, want cnic.gender_mismatch", warn)
	}
	got := caseFIR(w, f.ID)
	if got.IOUserID != io.ID() || got.DistrictID != io.User.JurisdictionID || got.Number != "9001" || got.Version != 1 ||
		!slices.Equal(got.Sections, []string{"PPC-376", "PPC-506"}) || len(got.Accused) != 1 || got.Accused[0].CNIC != "9123412345672" ||
		got.Victim == nil || got.Victim.Name != "Victim Synthetic" {
		t.Errorf("stored FIR = %+v", got)
	}
	if rec := caseLastAudit(w); rec.Action != "fir.create" || rec.Object != fmt.Sprintf("fir/%d", f.ID) {
		t.Errorf("audit record = %s %s, want fir.create of the FIR", rec.Action, rec.Object)
	}

	bad := func(mod func(in *nsor.FIRInput)) nsor.FIRInput {
		in := caseFIRInput(w, "9002")
		mod(&in)
		return in
	}
	create := func(a *nsor.Actor, in nsor.FIRInput) func() error {
		return func() error { _, _, err := w.svc.CreateFIR(w.ctx, a, in, nsor.Idempotency{}); return err }
	}
	rwpStation := caseJurisdiction(w, "PB-RWP-RWP-SYN1").ID
	caseRefuses(t, w, []caseRefusal{
		{"prosecutor", "fir.create", "auth.forbidden", create(w.as("dpp.lahore1"), bad(func(*nsor.FIRInput) {}))},
		{"no number", "fir.create", "fir.number_required", create(io, bad(func(in *nsor.FIRInput) { in.Number = " " }))},
		{"year before 1947", "fir.create", "fir.year_invalid", create(io, bad(func(in *nsor.FIRInput) { in.Year = 1900; in.RegisteredOn = "1900-01-01" }))},
		{"date in another year", "fir.create", "fir.date_invalid", create(io, bad(func(in *nsor.FIRInput) { in.RegisteredOn = "2025-10-30" }))},
		{"future date", "fir.create", "fir.date_invalid", create(io, bad(func(in *nsor.FIRInput) { in.RegisteredOn = "2026-12-30" }))},
		{"no eligible section", "fir.create", "fir.no_eligible_section", create(io, bad(func(in *nsor.FIRInput) { in.Sections = []string{"302 PPC"} }))},
		{"no accused", "fir.create", "fir.accused_required", create(io, bad(func(in *nsor.FIRInput) { in.Accused = nil }))},
		{"accused without name", "fir.create", "accused.name_required", create(io, bad(func(in *nsor.FIRInput) { in.Accused[0].Name = "" }))},
		{"bad parentage", "fir.create", "accused.parentage_invalid", create(io, bad(func(in *nsor.FIRInput) { in.Accused[0].Parentage.Relation = "X/O" }))},
		{"bad CNIC", "fir.create", "cnic.malformed", create(io, bad(func(in *nsor.FIRInput) { in.Accused[0].CNIC = "9123" }))},
		{"age 5", "fir.create", "accused.age_invalid", create(io, bad(func(in *nsor.FIRInput) { in.Accused[0].Age = 5 }))},
		{"born tomorrow", "fir.create", "date.future", create(io, bad(func(in *nsor.FIRInput) { in.Accused[0].DOB = "2026-11-03"; in.Accused[0].Age = 0 }))},
		{"victim without name", "fir.create", "victim.name_required", create(io, bad(func(in *nsor.FIRInput) { in.Victim.Name = "" }))},
		{"victim aged 130", "fir.create", "victim.age_invalid", create(io, bad(func(in *nsor.FIRInput) { in.Victim.Age = 130 }))},
		{"victim gender", "fir.create", "gender.unknown", create(io, bad(func(in *nsor.FIRInput) { in.Victim.Gender = "x" }))},
		{"station of another district", "fir.create", "fir.station_unknown", create(io, bad(func(in *nsor.FIRInput) { in.StationID = rwpStation }))},
		{"no such station", "fir.create", "fir.station_unknown", create(io, bad(func(in *nsor.FIRInput) { in.StationID = 999999 }))},
		{"same FIR again", "fir.create", "fir.duplicate", create(io, caseFIRInput(w, "9001"))},
	})
}

// TestCaseFIRReads: the officer holding a case sees the FIR with the
// victim's particulars, and that view is recorded; the district's DPO sees
// it without them; anyone else is told it does not exist.
func TestCaseFIRReads(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io := w.as("io.lahore1")
	f := caseFIRWhere(w, "io.lahore1", func([]*nsor.Request) bool { return true })

	audits := w.auditCount()
	got, err := w.svc.FIR(w.ctx, io, f.ID)
	if err != nil || got.Victim == nil || got.ID != f.ID {
		t.Errorf("FIR(officer) = %+v, %v; want the FIR with its victim", got, err)
	}
	if rec := caseLastAudit(w); w.auditCount() != audits+1 || rec.Action != "fir.view" || !slices.ContainsFunc(rec.Details, func(d auditrec.Detail) bool {
		return d.Key == "victim_shown" && d.Value == "true"
	}) {
		t.Errorf("FIR(officer) audit record = %+v, want fir.view with victim_shown", rec)
	}
	if got, err := w.svc.FIR(w.ctx, w.as("dpo.lahore"), f.ID); err != nil || got.Victim != nil {
		t.Errorf("FIR(DPO) = %+v, %v; want the FIR without the victim", got, err)
	}
	page, err := w.svc.FIRs(w.ctx, io, nsor.Page{Limit: 200})
	list := page.Items
	if err != nil || !slices.ContainsFunc(list, func(x *nsor.FIR) bool { return x.ID == f.ID }) ||
		slices.ContainsFunc(list, func(x *nsor.FIR) bool { return x.IOUserID != io.ID() || x.Victim != nil }) {
		t.Errorf("FIRs(officer) = %d FIRs, %v; want only theirs, without victims", len(list), err)
	}
	dpoList, err := w.svc.FIRs(w.ctx, w.as("dpo.lahore"), nsor.Page{Limit: 200})
	if err != nil || len(dpoList.Items) <= len(list) {
		t.Errorf("FIRs(DPO) = %d FIRs, %v; want the district's, more than one officer's %d", len(dpoList.Items), err, len(list))
	}
	caseRefuses(t, w, []caseRefusal{
		{"another officer", "fir.view", "fir.not_found", func() error { _, err := w.svc.FIR(w.ctx, w.as("io.lahore2"), f.ID); return err }},
		{"another district's DPO", "fir.view", "fir.not_found", func() error { _, err := w.svc.FIR(w.ctx, w.as("dpo.rawalpindi"), f.ID); return err }},
		{"prosecutor", "fir.view", "fir.not_found", func() error { _, err := w.svc.FIR(w.ctx, w.as("dpp.lahore1"), f.ID); return err }},
		{"no such FIR", "fir.view", "fir.not_found", func() error { _, err := w.svc.FIR(w.ctx, io, 999999); return err }},
		{"list as analyst", "fir.list", "auth.forbidden", func() error { _, err := w.svc.FIRs(w.ctx, w.as("analyst1"), nsor.Page{}); return err }},
	})
}

// caseCopy is a tiny valid PDF for the FIR copy.
var caseCopy = []byte("%PDF-1.4\n% synthetic FIR copy\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

// TestCaseFIRCopy: the officer attaches a copy while no request of the FIR
// is with the prosecutor or the bureau; once one is, the copy verified stays
// (docs/rules.md#r9) and what is read is the copy submitted.
func TestCaseFIRCopy(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io := w.as("io.lahore1")
	f, _, err := w.svc.CreateFIR(w.ctx, io, caseFIRInput(w, "9011"), nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := w.svc.PutFIRCopy(w.ctx, io, f.ID, 0, caseCopy)
	if err != nil || ref.Type != "application/pdf" || ref.Size != int64(len(caseCopy)) {
		t.Fatalf("PutFIRCopy = %+v, %v; want a PDF of %d bytes", ref, err, len(caseCopy))
	}
	if got := caseFIR(w, f.ID); got.Copy == nil || got.Copy.SHA256 != ref.SHA256 || got.Version != 2 {
		t.Errorf("stored FIR copy = %+v version %d, want %s version 2", got.Copy, got.Version, ref.SHA256)
	}

	frozen := w.inState(nsor.StateSubmitted) // io.lahore1's request with the prosecutor
	sub := caseFIR(w, frozen.FIRID)
	big := bytes.Repeat([]byte{0}, int(w.svc.Config().MaxUpload)+1)
	copy(big, "%PDF-")
	put := func(a *nsor.Actor, id int64, data []byte) func() error {
		return func() error { _, err := w.svc.PutFIRCopy(w.ctx, a, id, 0, data); return err }
	}
	caseRefuses(t, w, []caseRefusal{
		{"request with the prosecutor", "fir.copy_upload", "fir.copy_frozen", put(io, sub.ID, caseCopy)},
		{"empty", "fir.copy_upload", "upload.empty", put(io, f.ID, nil)},
		{"too large", "fir.copy_upload", "upload.too_large", put(io, f.ID, big)},
		{"not a PDF or image", "fir.copy_upload", "upload.type", put(io, f.ID, []byte("plain text, not a scan"))},
		{"another officer", "fir.copy_upload", "fir.not_found", put(w.as("io.lahore2"), f.ID, caseCopy)},
		{"DPO", "fir.copy_upload", "auth.forbidden", put(w.as("dpo.lahore"), f.ID, caseCopy)},
	})

	// The prosecutor of the district reads the copy of the request submitted.
	b, victim, err := w.svc.FIRCopy(w.ctx, w.as("dpp.lahore1"), frozen.ID)
	if err != nil || b == nil || victim == nil {
		t.Errorf("FIRCopy(prosecutor, submitted request) = %v, %v, %v; want the copy and the victim", b, victim, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"copy for another district's prosecutor", "fir.copy_view", "request.not_found",
			func() error { _, _, err := w.svc.FIRCopy(w.ctx, w.as("dpp.rawalpindi1"), frozen.ID); return err }},
	})
}

// TestCaseAccused: the officer adds and corrects accused with a reason;
// an accused named in a request with the prosecutor or the bureau cannot
// change (docs/rules.md#r9).
func TestCaseAccused(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io := w.as("io.lahore1")
	free, _, err := w.svc.CreateFIR(w.ctx, io, caseFIRInput(w, "9021"), nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	frozenReq := w.inState(nsor.StateSubmitted)
	frozenFIR := caseFIR(w, frozenReq.FIRID)
	in := nsor.AccusedInput{Name: "Mr. Tariq Synthetic", Parentage: &nsor.Parentage{Relation: "s/o", Name: "Nadeem Synthetic"}, Gender: "male", DOB: "1990-05-01", Age: 20}

	var acc *nsor.Accused
	var warn []nsor.Warning
	acc, warn, err = w.svc.AddAccused(w.ctx, io, free.ID, 0, in, "Named in a supplementary statement of the victim.")
	if err != nil || acc.ID == 0 || acc.Name != "Tariq Synthetic" || !slices.Equal(acc.Titles, []string{"Mr."}) || acc.Parentage.Relation != "S/O" {
		t.Fatalf("AddAccused = %+v, %v", acc, err)
	}
	if len(warn) != 1 || warn[0].Code != "accused.age_dob_mismatch" {
		t.Errorf("AddAccused warnings = %+v, want accused.age_dob_mismatch", warn)
	}
	if got := caseFIR(w, free.ID); len(got.Accused) != len(free.Accused)+1 {
		t.Errorf("accused stored = %d, want %d", len(got.Accused), len(free.Accused)+1)
	}
	in.Age, in.CNIC = 0, "91234-7654321-3"
	fixed, _, err := w.svc.AmendAccused(w.ctx, io, free.ID, acc.ID, 0, in, "CNIC read from the arrest memo.")
	if err != nil || fixed.ID != acc.ID || fixed.CNIC != "9123476543213" {
		t.Fatalf("AmendAccused = %+v, %v", fixed, err)
	}
	if i := slices.IndexFunc(caseFIR(w, free.ID).Accused, func(a nsor.Accused) bool { return a.ID == acc.ID }); i < 0 ||
		caseFIR(w, free.ID).Accused[i].CNIC != "9123476543213" {
		t.Errorf("amended accused not stored")
	}

	add := func(a *nsor.Actor, firID int64, in nsor.AccusedInput, reason string) func() error {
		return func() error { _, _, err := w.svc.AddAccused(w.ctx, a, firID, 0, in, reason); return err }
	}
	amend := func(firID, accID int64, in nsor.AccusedInput, reason string) func() error {
		return func() error { _, _, err := w.svc.AmendAccused(w.ctx, io, firID, accID, 0, in, reason); return err }
	}
	reason := "A correction from the case diary."
	caseRefuses(t, w, []caseRefusal{
		{"add without reason", "fir.accused_add", "reason.required", add(io, free.ID, in, "")},
		{"add by another officer", "fir.accused_add", "fir.not_found", add(w.as("io.lahore2"), free.ID, in, reason)},
		{"add by the DPO", "fir.accused_add", "auth.forbidden", add(w.as("dpo.lahore"), free.ID, in, reason)},
		{"add without a name", "fir.accused_add", "accused.name_required", add(io, free.ID, nsor.AccusedInput{Gender: "male"}, reason)},
		{"amend an accused of another FIR", "fir.accused_amend", "accused.not_found", amend(free.ID, frozenFIR.Accused[0].ID, in, reason)},
		{"amend while a request is with the prosecutor", "fir.accused_amend", "fir.accused_frozen", amend(frozenFIR.ID, frozenFIR.Accused[0].ID, in, reason)},
		{"amend with a bad CNIC", "fir.accused_amend", "cnic.malformed", amend(free.ID, acc.ID, nsor.AccusedInput{Name: "X Synthetic", CNIC: "12"}, reason)},
	})
	// The refusal of a frozen accused shows in that request's trail.
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) {
		es, err = tx.AuditRecords(nsor.AuditFilter{RequestID: frozenReq.ID, Action: "fir.accused_amend"})
		return err
	}); err != nil || len(es) != 1 || es[0].Record.Code != "fir.accused_frozen" {
		t.Errorf("request %d's trail holds %d fir.accused_amend records (%v), want the one refusal", frozenReq.ID, len(es), err)
	}
}

// TestCaseTransfer, on SQLite and PostgreSQL: the DPO moves a case to
// another officer of the district, with every request of its FIR, a closed
// one too: the former officer loses it at once, the new one must
// acknowledge the release afresh, both are told; every broken rule is
// refused with nothing written.
func TestCaseTransfer(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		io1, io2, dpo := w.as("io.lahore1"), w.as("io.lahore2"), w.as("dpo.lahore")
		ack := w.inState(nsor.StateAcknowledged)
		if _, err := w.svc.Close(w.ctx, io1, ack.ID, ack.Version); err != nil {
			t.Fatalf("Close(acknowledged) = %v", err)
		}
		closed := w.request(ack.ID)
		f := caseFIR(w, closed.FIRID)
		reason := "The officer was posted to another police station."

		caseRefuses(t, w, []caseRefusal{
			{"by its officer", "case.transfer", "auth.forbidden", func() error { _, err := w.svc.Transfer(w.ctx, io1, f.ID, 0, io2.ID(), reason); return err }},
			{"by another officer", "case.transfer", "fir.not_found", func() error { _, err := w.svc.Transfer(w.ctx, io2, f.ID, 0, io2.ID(), reason); return err }},
			{"by another district's DPO", "case.transfer", "fir.not_found", func() error {
				_, err := w.svc.Transfer(w.ctx, w.as("dpo.rawalpindi"), f.ID, 0, io2.ID(), reason)
				return err
			}},
			{"without reason", "case.transfer", "reason.required", func() error { _, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, io2.ID(), "no"); return err }},
			{"to the same officer", "case.transfer", "transfer.same_officer", func() error { _, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, io1.ID(), reason); return err }},
			{"to another district's officer", "case.transfer", "transfer.officer_unknown", func() error {
				_, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, w.as("io.rawalpindi1").ID(), reason)
				return err
			}},
			{"to a prosecutor", "case.transfer", "transfer.officer_unknown", func() error {
				_, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, w.as("dpp.lahore1").ID(), reason)
				return err
			}},
			{"to nobody", "case.transfer", "transfer.officer_unknown", func() error { _, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, 999999, reason); return err }},
		})

		got, err := w.svc.Transfer(w.ctx, dpo, f.ID, 0, io2.ID(), reason)
		if err != nil || got.IOUserID != io2.ID() || got.Victim != nil {
			t.Fatalf("Transfer = %+v, %v; want the FIR with io.lahore2, without the victim", got, err)
		}
		if s := caseFIR(w, f.ID); s.IOUserID != io2.ID() || s.Version != f.Version+1 {
			t.Errorf("stored FIR: officer %d version %d, want %d and %d", s.IOUserID, s.Version, io2.ID(), f.Version+1)
		}
		after := w.request(closed.ID)
		if after.IOUserID != io2.ID() || after.FiledBy != io1.ID() || after.State != nsor.StateClosed || after.Version != closed.Version+1 {
			t.Errorf("closed request after transfer: officer %d filed by %d state %s version %d; want %d, %d, closed, %d",
				after.IOUserID, after.FiledBy, after.State, after.Version, io2.ID(), io1.ID(), closed.Version+1)
		}
		for _, u := range []*nsor.Actor{io1, io2} {
			if caseNotes(w, u.ID(), nsor.NoteTransferred) != 1 {
				t.Errorf("%s was not told of the transfer", u.User.Username)
			}
		}
		if _, err := w.svc.FIR(w.ctx, io1, f.ID); nsor.ErrorCode(err) != "fir.not_found" {
			t.Errorf("FIR(former officer) = %v, want fir.not_found", err)
		}
		if _, err := w.svc.FIR(w.ctx, io2, f.ID); err != nil {
			t.Errorf("FIR(new officer) = %v, want the FIR", err)
		}
		// The new officer acknowledges the release of the closed request afresh.
		if _, err := w.svc.Acknowledge(w.ctx, io2, closed.ID, after.Version, true, nsor.AdvisoryHash(nsor.Advisory)); err != nil {
			t.Errorf("Acknowledge(new officer, closed request) = %v, want success", err)
		}
	})
}

// TestCaseIdempotentEntry: an FIR or a register record entered again with
// the same idempotency key and body is the one made the first time, not a
// second; the key with another body is refused.
func TestCaseIdempotentEntry(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io, reg := w.as("io.lahore1"), w.as("registrar1")
	in := caseFIRInput(w, "9031")
	key := nsor.NewIdempotency("fir-9031", []byte("body one"))
	first, _, err := w.svc.CreateFIR(w.ctx, io, in, key)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := w.svc.CreateFIR(w.ctx, io, in, key)
	if err != nil || again.ID != first.ID {
		t.Errorf("CreateFIR(same key) = %+v, %v; want FIR %d again", again, err, first.ID)
	}
	rin := caseRecordInput("Naveed Synthetic", "91212-3434565-7")
	rkey := nsor.NewIdempotency("record-1", []byte("record body"))
	v1, _, err := w.svc.ProposeRecord(w.ctx, reg, rin, "Conviction reported by the court.", rkey)
	if err != nil {
		t.Fatal(err)
	}
	v2, _, err := w.svc.ProposeRecord(w.ctx, reg, rin, "Conviction reported by the court.", rkey)
	if err != nil || v2.OffenderID != v1.OffenderID || v2.N != 1 {
		t.Errorf("ProposeRecord(same key) = %+v, %v; want record %d version 1 again", v2, err, v1.OffenderID)
	}
	caseRefuses(t, w, []caseRefusal{
		{"FIR key with another body", "fir.create", "idempotency.key_reused", func() error {
			_, _, err := w.svc.CreateFIR(w.ctx, io, caseFIRInput(w, "9032"), nsor.NewIdempotency("fir-9031", []byte("body two")))
			return err
		}},
		{"a key with spaces around", "fir.create", "idempotency.key_invalid", func() error {
			_, _, err := w.svc.CreateFIR(w.ctx, io, caseFIRInput(w, "9032"), nsor.Idempotency{Key: " k "})
			return err
		}},
		{"an unreadable section", "fir.create", "section.unrecognised", func() error {
			in := caseFIRInput(w, "9032")
			in.Sections = []string{"PPC nine hundred"}
			_, _, err := w.svc.CreateFIR(w.ctx, io, in, nsor.Idempotency{})
			return err
		}},
	})
}
