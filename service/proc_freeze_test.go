package service_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"nsor"
)

// procPDF is a minimal file that sniffs as a PDF.
func procPDF(text string) []byte {
	return []byte("%PDF-1.4\n% synthetic FIR copy: " + text + "\n%%EOF\n")
}

// procSubmittedCopy is the FIR copy's digest the last submission of r recorded.
func procSubmittedCopy(t *testing.T, w *world, id int64) string {
	t.Helper()
	var subs []*nsor.Submission
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { subs, err = tx.Submissions(id); return err }); err != nil || len(subs) == 0 {
		t.Fatalf("Submissions(%d): %v", id, err)
	}
	var ann nsor.AnnexureA
	if err := json.Unmarshal(subs[len(subs)-1].Annexure, &ann); err != nil {
		t.Fatal(err)
	}
	return ann.FIR.CopySHA256
}

// TestProcFrozen: what the prosecutor verified stays as verified while the
// request is with the prosecutor or the bureau (docs/rules.md#r9): the
// accused's particulars and the FIR copy cannot change, the refusal names
// the request; once returned, they can, and the copy read is the FIR's own.
func TestProcFrozen(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	io := w.as("io.lahore1")
	s := w.inState(nsor.StateSubmitted)
	acc := s.Suspects[0].AccusedID
	fir, err := svc.FIR(ctx, io, s.FIRID)
	procOK(t, "FIR", err)
	old := fir.Accused[slices.IndexFunc(fir.Accused, func(x nsor.Accused) bool { return x.ID == acc })]
	in := nsor.AccusedInput{Name: old.Name, Parentage: old.Parentage, CNIC: string(old.CNIC), Gender: string(old.Gender),
		Address: "House 9, Street 9, Model Town (synthetic)", Age: old.Age, DOB: string(old.DOB)}
	procRefused(t, w, s.ID, "fir.accused_frozen", func() error {
		_, _, err := svc.AmendAccused(ctx, io, s.FIRID, acc, 0, in, "The address was written wrongly in the FIR.")
		return err
	})
	procRefused(t, w, s.ID, "fir.copy_frozen", func() error {
		_, err := svc.PutFIRCopy(ctx, io, s.FIRID, 0, procPDF("second"))
		return err
	})
	b, _, err := svc.FIRCopy(ctx, w.as("dpp.lahore1"), s.ID)
	procOK(t, "prosecutor reads the copy", err)
	if b.SHA256 != procSubmittedCopy(t, w, s.ID) {
		t.Errorf("the prosecutor read copy %s, not the one submitted", b.SHA256)
	}

	// Returned to the officer, the request is no longer frozen.
	v, err := svc.Return(ctx, w.as("dpp.lahore1"), s.ID, s.Version, nil, []string{"fir_copy_matches"}, "Attach a legible copy of the FIR, please.")
	procOK(t, "return", err)
	got, _, err := svc.AmendAccused(ctx, io, s.FIRID, acc, 0, in, "The address was written wrongly in the FIR.")
	procOK(t, "amend once returned", err)
	if got.Address != in.Address {
		t.Errorf("amended address %q", got.Address)
	}
	ref, err := svc.PutFIRCopy(ctx, io, s.FIRID, 0, procPDF("legible"))
	procOK(t, "new copy once returned", err)
	if b, _, err := svc.FIRCopy(ctx, io, s.ID); err != nil || b.SHA256 != ref.SHA256 {
		t.Errorf("the officer reads %v (%v), want the new copy %s", b, err, ref.SHA256)
	}
	v, err = svc.Resubmit(ctx, io, s.ID, v.Version, "A legible copy is attached and the address corrected.")
	procOK(t, "resubmit", err)
	if procSubmittedCopy(t, w, s.ID) != ref.SHA256 {
		t.Error("the resubmission did not record the new copy")
	}
	subs, _ := allSubmissions(svc, ctx, w.as("dpp.lahore1"), s.ID)
	var ann nsor.AnnexureA
	if json.Unmarshal(subs[len(subs)-1].Annexure, &ann) != nil || ann.Suspects[0].Address != in.Address {
		t.Error("the resubmission's Annexure A lacks the amended address")
	}

	// The bureau reads the copy the submission recorded; only the analyst assigned.
	f := w.inState(nsor.StateForwarded)
	b, _, err = svc.FIRCopy(ctx, w.as("analyst1"), f.ID)
	procOK(t, "analyst reads the copy", err)
	if b.SHA256 != procSubmittedCopy(t, w, f.ID) || len(b.Data) == 0 {
		t.Error("the analyst did not read the copy submitted")
	}
	procRefused(t, w, f.ID, "request.not_assigned", func() error {
		_, _, err := svc.FIRCopy(ctx, w.as("analyst2"), f.ID)
		return err
	})
}

// TestProcSubmitIncomplete: an Annexure A that lacks particulars is refused
// naming every one missing (docs/rules.md#r3), and nothing is submitted.
func TestProcSubmitIncomplete(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	io := w.as("io.lahore1")
	var station *nsor.Jurisdiction
	for _, st := range w.seed.Stations {
		if st.ParentID == io.User.JurisdictionID {
			station = st
			break
		}
	}
	fir, _, err := svc.CreateFIR(ctx, io, nsor.FIRInput{StationID: station.ID, Number: "917", Year: 2026, RegisteredOn: "2026-10-30",
		Sections: []string{"376 PPC"}, Accused: []nsor.AccusedInput{{Name: "Nadeem Akhtar Qureshi"}}}, nsor.Idempotency{})
	procOK(t, "create FIR", err)
	r, err := svc.CreateRequest(ctx, io, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID}, Grounds: "Needed."}, nsor.Idempotency{})
	procOK(t, "create request", err)
	var e *nsor.Error
	procRefused(t, w, r.ID, "request.fir_copy_missing", func() error {
		_, err := svc.Submit(ctx, io, r.ID, r.Version)
		errors.As(err, &e)
		return err
	})
	if e == nil {
		t.Fatal("no refusal")
	}
	var codes []string
	for _, f := range e.Fields {
		codes = append(codes, f.Code)
	}
	for _, want := range []string{"request.fir_copy_missing", "suspect.parentage_required", "suspect.address_required",
		"suspect.age_required", "request.grounds_required", "request.declaration_required"} {
		if !slices.Contains(codes, want) {
			t.Errorf("the refusal does not name %s: %v", want, codes)
		}
	}
	if subs, _ := allSubmissions(svc, ctx, io, r.ID); len(subs) != 0 {
		t.Errorf("%d submissions kept of a refused submit", len(subs))
	}
}
