package service_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// TestCheckRecord: a registrar checks a record before entering it and is
// shown the register's records it may duplicate, with the reasons; the
// check writes nothing but its audit record (a register search with the
// purpose and the records shown). Anyone else, a purpose that names
// someone, or a record an entry would refuse, is refused and recorded.
func TestCheckRecord(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	maker := w.as("registrar1")
	first, _, err := w.svc.ProposeRecord(w.ctx, maker, caseRecordInput("Saleem Synthetic", "91111-2222333-5"), "Conviction reported by the court.", nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	purpose := "Checking a record for duplicates before entering it"
	check := func(in nsor.RecordInput) *nsor.RecordCheck {
		t.Helper()
		before, audits := caseStateOf(w), w.auditCount()
		chk, err := w.svc.CheckRecord(w.ctx, w.as("registrar2"), in, purpose)
		if err != nil {
			t.Fatalf("CheckRecord(%s) = %v", in.Name, err)
		}
		if caseStateOf(w) != before {
			t.Errorf("CheckRecord(%s) changed the store", in.Name)
		}
		if n := w.auditCount(); n != audits+1 {
			t.Fatalf("CheckRecord(%s) added %d audit records, want 1", in.Name, n-audits)
		}
		rec := caseLastAudit(w)
		if rec.Action != "register.search" || rec.Outcome != auditrec.OutcomeOK || rec.Purpose != purpose {
			t.Errorf("CheckRecord recorded as %s %s purpose %q", rec.Action, rec.Outcome, rec.Purpose)
		}
		var ids []string
		for _, c := range chk.Candidates {
			ids = append(ids, fmt.Sprint(c.RecordID))
		}
		if want := (auditrec.Detail{Key: "records", Value: joinIDs(ids)}); !slices.Contains(rec.Details, want) {
			t.Errorf("CheckRecord's audit details = %+v, want %+v", rec.Details, want)
		}
		return chk
	}
	reasonsOf := func(chk *nsor.RecordCheck, id int64) []string {
		for _, c := range chk.Candidates {
			if c.RecordID == id {
				return c.Reasons
			}
		}
		return nil
	}
	// The same CNIC under another name: the CNIC is the reason.
	chk := check(caseRecordInput("Kamran Synthetic", "91111-2222333-5"))
	if got := reasonsOf(chk, first.OffenderID); len(got) == 0 || got[0] != nsor.DupCNIC {
		t.Errorf("same CNIC: reasons %v of %+v, want cnic first", got, chk.Candidates)
	}
	// The same name, parentage and date of birth without a CNIC.
	chk = check(caseRecordInput("Saleem Synthetic", ""))
	if got := reasonsOf(chk, first.OffenderID); !slices.Contains(got, nsor.DupNameParentDOB) || !slices.Contains(got, nsor.DupName) {
		t.Errorf("same name, parentage and birth: reasons %v, want name_parentage_dob and name", got)
	}
	// The same name only (another father, another birth date): a namesake,
	// not likely.
	other := caseRecordInput("Saleem Synthetic", "")
	other.Parentage[0].Name, other.DOB = "Tariq Synthetic", "1991-01-01"
	chk = check(other)
	if got := reasonsOf(chk, first.OffenderID); !slices.Equal(got, []string{nsor.DupName}) {
		t.Errorf("namesake: reasons %v, want name only", got)
	}
	for _, c := range chk.Candidates {
		if c.RecordID == first.OffenderID && c.Likely() {
			t.Errorf("a namesake is marked likely: %+v", c)
		}
	}
	// Nobody like them.
	if chk = check(caseRecordInput("Nadeem Unrelated Synthetic", "91234-5678901-3")); slices.ContainsFunc(chk.Candidates, func(c nsor.DuplicateCandidate) bool { return c.RecordID == first.OffenderID }) {
		t.Errorf("an unrelated record found %+v", chk.Candidates)
	}

	call := func(a *nsor.Actor, in nsor.RecordInput, purpose string) func() error {
		return func() error { _, err := w.svc.CheckRecord(w.ctx, a, in, purpose); return err }
	}
	noName := caseRecordInput("", "")
	caseRefuses(t, w, []caseRefusal{
		{"by an analyst", "register.search", "auth.forbidden", call(w.as("analyst1"), caseRecordInput("Saleem Synthetic", ""), purpose)},
		{"by an officer", "register.search", "auth.forbidden", call(w.as("io.lahore1"), caseRecordInput("Saleem Synthetic", ""), purpose)},
		{"without a purpose", "register.search", "purpose.required", call(maker, caseRecordInput("Saleem Synthetic", ""), " ")},
		{"a purpose naming a CNIC", "register.search", "purpose.identifying", call(maker, caseRecordInput("Saleem Synthetic", ""), "check 9111122223335")},
		{"a record without a name", "register.search", "record.name_required", call(maker, noName, purpose)},
	})
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += id
	}
	return s
}

// TestJurisdictionVersions: two administrators read a node and change it
// at once; the second's change, made from the version both read, is
// refused as stale and recorded, and writes nothing. Without a version
// (the API without If-Match) a change is made over whatever is current.
func TestJurisdictionVersions(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	a1, a2 := w.as("admin"), w.as("admin2")
	lhr := caseJurisdiction(w, "PB-LHR-LHR")
	read1, err := w.svc.Jurisdiction(w.ctx, a1, lhr.ID)
	if err != nil {
		t.Fatal(err)
	}
	read2, err := w.svc.Jurisdiction(w.ctx, a2, lhr.ID)
	if err != nil || read2.Version != read1.Version {
		t.Fatalf("Jurisdiction = %+v, %v; want version %d", read2, err, read1.Version)
	}
	n1, n2 := "Lahore One (synthetic)", "Lahore Two (synthetic)"
	j, err := w.svc.UpdateJurisdiction(w.ctx, a1, lhr.ID, nsor.JurisdictionPatch{Name: &n1, Version: read1.Version})
	if err != nil || j.Version != read1.Version+1 || j.Name != n1 {
		t.Fatalf("first UpdateJurisdiction = %+v, %v", j, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"the second administrator, from the version read", "jurisdiction.update", "jurisdiction.stale", func() error {
			_, err := w.svc.UpdateJurisdiction(w.ctx, a2, lhr.ID, nsor.JurisdictionPatch{Name: &n2, Version: read2.Version})
			return err
		}},
		{"a version from the future", "jurisdiction.update", "jurisdiction.stale", func() error {
			_, err := w.svc.UpdateJurisdiction(w.ctx, a2, lhr.ID, nsor.JurisdictionPatch{Name: &n2, Version: j.Version + 5})
			return err
		}},
	})
	if got := caseJurisdiction(w, "PB-LHR-LHR"); got.Name != n1 || got.Version != j.Version {
		t.Fatalf("after the stale change: %+v, want %q at version %d", got, n1, j.Version)
	}
	_, err = w.svc.UpdateJurisdiction(w.ctx, a2, lhr.ID, nsor.JurisdictionPatch{Name: &n2, Version: read2.Version})
	if e := nsor.AsError(err); e.Kind != nsor.KindConflict || e.Params["version"] != fmt.Sprint(j.Version) {
		t.Errorf("stale refusal = %+v, want 409 naming the current version %d", e, j.Version)
	}
	for _, v := range []int{0, nsor.AnyVersion} {
		got, err := w.svc.UpdateJurisdiction(w.ctx, a2, lhr.ID, nsor.JurisdictionPatch{Name: &n2, Version: v})
		if err != nil || got.Name != n2 {
			t.Errorf("UpdateJurisdiction(version %d) = %+v, %v; want made", v, got, err)
		}
	}
	if _, err := w.svc.Jurisdiction(w.ctx, a1, 999999); nsor.ErrorCode(err) != "jurisdiction.not_found" {
		t.Errorf("Jurisdiction(999999) = %v, want jurisdiction.not_found", err)
	}
	kids, err := w.svc.JurisdictionChildren(w.ctx, w.as("io.lahore1"), lhr.ID)
	if err != nil || len(kids) == 0 || slices.ContainsFunc(kids, func(k *nsor.Jurisdiction) bool { return k.ParentID != lhr.ID }) {
		t.Errorf("JurisdictionChildren(lahore) = %d, %v; want its stations only", len(kids), err)
	}
}

// TestDirectReads: an administrator reads one user; anyone else is refused
// and the refusal recorded.
func TestDirectReads(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	io := w.as("io.lahore1")
	u, err := w.svc.User(w.ctx, w.as("admin"), io.ID())
	if err != nil || u.ID != io.ID() || u.Username != "io.lahore1" {
		t.Fatalf("User = %+v, %v", u, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"a user read by an officer", "user.list", "auth.forbidden", func() error { _, err := w.svc.User(w.ctx, io, io.ID()); return err }},
		{"no such user", "user.list", "user.not_found", func() error { _, err := w.svc.User(w.ctx, w.as("admin"), 99999999); return err }},
	})
}

// TestImportBatches: registrars list the batches newest first, a page at
// a time; others are refused.
func TestImportBatches(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	reg := w.as("registrar1")
	var made []int64
	for i := range 3 {
		csv := fmt.Sprintf("name,cnic,gender,date_of_birth,parentage,court,case_number,sections,convicted_on\nBatch%d Synthetic,,male,1980-01-0%d,S/O Rashid Synthetic,Sessions Court (synthetic),Case %d/2015,376 PPC,2015-03-01\n", i, i+1, i)
		b, err := w.svc.ImportRecords(w.ctx, reg, nsor.ImportFile{Name: fmt.Sprintf("batch %d", i), Format: nsor.ImportCSV, Content: []byte(csv)}, nil)
		if err != nil {
			t.Fatalf("ImportRecords(%d) = %v", i, err)
		}
		made = append(made, b.ID)
	}
	p1, err := w.svc.ImportBatches(w.ctx, w.as("registrar2"), nsor.Page{Limit: 2})
	if err != nil || len(p1.Items) != 2 || p1.Items[0].ID != made[2] || p1.Items[1].ID != made[1] || len(p1.Next) != 1 {
		t.Fatalf("ImportBatches(first page) = %+v, %v; want the two newest and a next key", p1, err)
	}
	p2, err := w.svc.ImportBatches(w.ctx, reg, nsor.Page{Limit: 2, After: p1.Next})
	if err != nil || len(p2.Items) < 1 || p2.Items[0].ID != made[0] {
		t.Fatalf("ImportBatches(second page) = %+v, %v; want the oldest next", p2, err)
	}
	caseRefuses(t, w, []caseRefusal{
		{"listed by an analyst", "register.import.list", "auth.forbidden", func() error {
			_, err := w.svc.ImportBatches(w.ctx, w.as("analyst1"), nsor.Page{})
			return err
		}},
	})
}
