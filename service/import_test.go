package service_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"nsor"
	"nsor/internal/importgen"
)

// importCount is how many register records of any status the store holds,
// and how many of them are active.
func importCount(w *world) (all, active int) {
	w.t.Helper()
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		for id := int64(1); ; id++ {
			o, err := tx.Offender(id)
			if nsor.KindOf(err) == nsor.KindNotFound {
				return nil
			} else if err != nil {
				return err
			}
			all++
			if o.Status == nsor.RecordActive {
				active++
			}
		}
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return all, active
}

// importCSV is a small file with a row of every kind: good, malformed, a
// broken rule, a 10,000-character name, a control character, a duplicate of
// an earlier line, a duplicate of a register record, a namesake.
func importCSV(w *world) (string, nsor.OffenderRecord) {
	var reg *nsor.Offender
	if err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		for id := int64(1); reg == nil; id++ {
			o, err := tx.Offender(id)
			if err != nil {
				return err
			}
			if o.Status == nsor.RecordActive && o.Record.CNIC != "" {
				reg = o
			}
		}
		return nil
	}); err != nil {
		w.t.Fatal(err)
	}
	conv := `Sessions Court Lahore (synthetic),Sessions Case 1/2015,376 PPC,2015-03-01`
	lines := []string{
		"name,parentage,cnic,gender,date_of_birth,court,case_number,sections,convicted_on",
		`Saleem Akhtar Synthetic,S/O Rashid Synthetic,98000-0000001-1,male,1980-04-12,` + conv,       // 2 good
		`"Unclosed Quote,S/O X,98000-0000002-1,male,1980-04-12,` + conv,                              // 3 malformed
		`Kamran Synthetic,S/O Rashid Synthetic,98000-0000003-1,male,1980-04-12,,,,`,                  // 4 no conviction
		strings.Repeat("A", 10000) + `,S/O Rashid Synthetic,98000-0000004-1,male,1980-04-12,` + conv, // 5 too long a name
		"Ali\x07 Khan Synthetic,S/O Rashid Synthetic,98000-0000005-1,male,1980-04-12," + conv,        // 6 control character
		`Saleem Akhtar Synthetic,S/O Rashid Synthetic,98000-0000001-1,male,1980-04-12,` + conv,       // 7 duplicate of line 2
		fmt.Sprintf(`%s,,%s,,,`, csvCell(reg.Record.Name), reg.Record.CNIC) + conv,                   // 8 duplicate of a record
		`Saleem Akhtar Synthetic,S/O Other Synthetic,98000-0000009-1,male,1970-01-01,` + conv,        // 9 namesake: imported, warned
		``,
		`Junaid Synthetic,S/O Rashid Synthetic,98000-0000011-1,male,1981-05-13,` + conv, // 11 good
	}
	return strings.Join(lines, "\n") + "\n", reg.Record
}

func csvCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// TestImportBatch: a file's good rows enter pending, every bad row is
// reported by line with its reason and nothing of it is written, a
// duplicate (within the file or of the register) is reported and not
// imported; a re-run imports nothing twice; the importer cannot approve
// their own batch, a second registrar can, and the records become active.
func TestImportBatch(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		maker, checker := w.as("registrar1"), w.as("registrar2")
		content, _ := importCSV(w)
		before, activeBefore := importCount(w)
		f := nsor.ImportFile{Name: "court returns (synthetic)", Format: nsor.ImportCSV, Content: []byte(content)}

		if _, err := w.svc.ImportRecords(w.ctx, w.as("analyst1"), f, nil); nsor.ErrorCode(err) != "auth.forbidden" {
			t.Errorf("ImportRecords(analyst) = %v, want auth.forbidden", err)
		}
		b, err := w.svc.ImportRecords(w.ctx, maker, f, nil)
		if err != nil {
			t.Fatalf("ImportRecords = %v", err)
		}
		if b.State != nsor.ImportImported || b.Rows != 9 || b.Imported != 3 || b.Invalid != 4 || b.Duplicates != 2 || b.LastLine != 11 {
			t.Errorf("batch = %+v; want 9 rows: 3 imported, 4 invalid, 2 duplicates", b)
		}
		all, active := importCount(w)
		if all != before+3 || active != activeBefore {
			t.Errorf("records %d (active %d), want %d (active %d): the good rows in, pending", all, active, before+3, activeBefore)
		}
		rep, err := w.svc.ImportReport(w.ctx, checker, b.ID, 0, 0, true)
		if err != nil || len(rep.Rows) != 9 {
			t.Fatalf("ImportReport = %+v, %v", rep, err)
		}
		want := map[int]string{2: "imported", 3: "invalid import.malformed", 4: "invalid record.conviction_required",
			5: "invalid text.too_long", 6: "invalid text.invalid_character", 7: "duplicate import.duplicate_in_file",
			8: "duplicate import.duplicate", 9: "imported_with_warnings import.namesake_in_file", 11: "imported"}
		for _, r := range rep.Rows {
			got := r.Outcome
			if len(r.Problems) > 0 {
				got += " " + r.Problems[0].Code
			}
			if want[r.Line] != got && !(want[r.Line] != "" && strings.HasPrefix(got, want[r.Line])) {
				t.Errorf("line %d = %s %+v, want %s", r.Line, got, r.Problems, want[r.Line])
			}
		}
		if rep, err := w.svc.ImportReport(w.ctx, checker, b.ID, 0, 0, false); err != nil || len(rep.Rows) != 7 {
			t.Errorf("ImportReport(problems only) = %d rows, %v; want 7", len(rep.Rows), err)
		}

		// The same file again: the batch as it is, nothing imported twice.
		again, err := w.svc.ImportRecords(w.ctx, maker, f, nil)
		if err != nil || again.ID != b.ID || again.Imported != 3 {
			t.Errorf("re-run = %+v, %v; want the same batch", again, err)
		}
		if n, _ := importCount(w); n != before+3 {
			t.Errorf("after a re-run %d records, want %d", n, before+3)
		}
		// Another registrar's run of the same file is refused.
		if _, err := w.svc.ImportRecords(w.ctx, checker, f, nil); nsor.ErrorCode(err) != "import.other_maker" {
			t.Errorf("ImportRecords(other registrar, same file) = %v, want import.other_maker", err)
		}

		// The attack: the importer approves their own batch.
		if _, err := w.svc.ApproveImport(w.ctx, maker, b.ID, ""); nsor.ErrorCode(err) != "import.approver_is_maker" {
			t.Errorf("ApproveImport(maker) = %v, want import.approver_is_maker", err)
		}
		if _, active := importCount(w); active != activeBefore {
			t.Errorf("after the maker's refused approval %d active, want %d", active, activeBefore)
		}
		if _, err := w.svc.ApproveImport(w.ctx, w.as("analyst1"), b.ID, ""); nsor.ErrorCode(err) != "auth.forbidden" {
			t.Errorf("ApproveImport(analyst) = %v, want auth.forbidden", err)
		}
		a, err := w.svc.ApproveImport(w.ctx, checker, b.ID, "Checked against the court returns.")
		if err != nil || a.State != nsor.ImportApproved || a.Activated != 3 || a.ApprovedBy != checker.ID() {
			t.Fatalf("ApproveImport(second registrar) = %+v, %v", a, err)
		}
		if rec := caseLastAudit(w); rec.Action != "register.import.approve" || rec.ActorID != checker.ID() {
			t.Errorf("last audit = %s by %d, want the approval by the checker", rec.Action, rec.ActorID)
		}
		if _, active := importCount(w); active != activeBefore+3 {
			t.Errorf("after approval %d active, want %d", active, activeBefore+3)
		}
		if _, err := w.svc.ApproveImport(w.ctx, checker, b.ID, ""); nsor.ErrorCode(err) != "import.already_approved" {
			t.Errorf("ApproveImport(again) = %v, want import.already_approved", err)
		}
	})
}

// TestImportResume: an import interrupted between chunks keeps what it
// committed; a re-run of the same file resumes after the last committed
// line and enters every good row exactly once.
func TestImportResume(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	maker := w.as("registrar1")
	var buf bytes.Buffer
	res, err := importgen.Write(&buf, importgen.Options{Rows: 1300, BadEvery: 100, Seed: 7, Format: nsor.ImportJSONL})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := importCount(w)
	f := nsor.ImportFile{Name: "resume.jsonl", Format: nsor.ImportJSONL, Content: buf.Bytes()}
	ctx, cancel := context.WithCancel(w.ctx)
	b, err := w.svc.ImportRecords(ctx, maker, f, func(p nsor.ImportProgress) {
		if p.Batch.LastLine > 0 {
			cancel() // after the first chunk
		}
	})
	if nsor.ErrorCode(err) != "import.interrupted" || b.LastLine != 500 || b.State != nsor.ImportRunning {
		t.Fatalf("interrupted ImportRecords = %+v, %v; want import.interrupted after line 500", b, err)
	}
	mid, _ := importCount(w)
	if mid-before != 500-5 {
		t.Errorf("after the interruption %d records, want the first chunk's %d", mid-before, 495)
	}
	resumed := -1
	b, err = w.svc.ImportRecords(w.ctx, maker, f, func(p nsor.ImportProgress) { resumed = p.Resumed })
	if err != nil || b.State != nsor.ImportImported || b.Imported != res.Good || b.Invalid != res.Bad || b.Duplicates != 0 || resumed != 500 {
		t.Fatalf("resumed ImportRecords = %+v (resumed %d), %v; want %d imported, %d invalid", b, resumed, err, res.Good, res.Bad)
	}
	if after, _ := importCount(w); after-before != res.Good {
		t.Errorf("%d records after the resumed import, want %d: every good row once", after-before, res.Good)
	}
}

// TestImportFileRefusals: a file that cannot be a batch is refused whole,
// with nothing written.
func TestImportFileRefusals(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	maker := w.as("registrar1")
	for _, c := range []struct {
		f    nsor.ImportFile
		code string
	}{
		{nsor.ImportFile{Name: "x.csv", Format: nsor.ImportCSV}, "import.empty"},
		{nsor.ImportFile{Name: "x.csv", Format: "xml", Content: []byte("<a/>")}, "import.format"},
		{nsor.ImportFile{Name: "", Format: nsor.ImportCSV, Content: []byte("name\nAli\n")}, "import.name_required"},
		{nsor.ImportFile{Name: "x.csv", Format: nsor.ImportCSV, Content: []byte("name,shoe_size\nAli,9\n")}, "import.header"},
		{nsor.ImportFile{Name: "x.csv", Format: nsor.ImportCSV, Content: []byte("cnic\n98000-0000001-1\n")}, "import.header"},
	} {
		n := w.auditCount()
		_, err := w.svc.ImportRecords(w.ctx, maker, c.f, nil)
		if nsor.ErrorCode(err) != c.code {
			t.Errorf("ImportRecords(%q) = %v, want %s", c.f.Content, err, c.code)
		}
		if w.auditCount() != n+1 {
			t.Errorf("the refusal %s is not recorded alone", c.code)
		}
	}
}
