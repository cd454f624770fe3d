package storetest

import (
	"reflect"
	"testing"
	"time"

	"nsor"
)

// testComparisons: an examiner's comparison is kept as recorded, with its
// fingers or loci; its confirmation sample is recorded once; a suspect's
// answer keeps the comparison it rests on (BiometricTx, docs/rules.md#r33).
func testComparisons(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	r := newRequest(w.mustFIR(t, s, "41", w.io, "Akram"), w.lahore, 0)
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	fp := &nsor.Comparison{RequestID: r.ID, SuspectID: r.Suspects[0].ID, RecordID: 42, Kind: "fingerprint", RecordRef: "FP-9",
		Fingers: []int{1, 7}, Conclusion: nsor.ConclusionIdentification, Note: "tenprint", ExaminerID: w.io.ID, At: at}
	dna := &nsor.Comparison{RequestID: r.ID, SuspectID: r.Suspects[0].ID, RecordID: 42, Kind: "dna", RecordRef: "DNA-9",
		Loci: []string{"vWA", "TH01"}, Conclusion: nsor.ConclusionIdentification, ExaminerID: w.io.ID, At: at}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddComparison(fp); err != nil {
			return err
		}
		return tx.AddComparison(dna)
	})
	if fp.ID == 0 || dna.ID == fp.ID {
		t.Fatalf("comparison IDs %d and %d", fp.ID, dna.ID)
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, want := range []*nsor.Comparison{fp, dna} {
			got, err := tx.Comparison(want.ID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Comparison(%d) = %+v, want %+v", want.ID, got, want)
			}
		}
		if cs, err := tx.Comparisons(r.ID); err != nil || len(cs) != 2 || !reflect.DeepEqual(cs[0], fp) || !reflect.DeepEqual(cs[1], dna) {
			t.Errorf("Comparisons(%d) = %+v, %v, want both in the order recorded", r.ID, cs, err)
		}
		if cs, err := tx.Comparisons(r.ID + 100); err != nil || len(cs) != 0 {
			t.Errorf("Comparisons(another request) = %+v, %v, want none", cs, err)
		}
		if _, err := tx.Comparison(dna.ID + 100); nsor.ErrorCode(err) != "comparison.not_found" {
			t.Errorf("Comparison(unknown) = %v, want comparison.not_found", err)
		}
		return nil
	})
	dna.ConfirmationSample, dna.ConfirmedBy, dna.ConfirmedAt = "LAB-1", w.io.ID, at.Add(time.Hour)
	update(t, s, func(tx nsor.Tx) error { return tx.ConfirmComparison(dna) })
	again := *dna
	again.ConfirmationSample = "LAB-2"
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.ConfirmComparison(&again) })
	if nsor.ErrorCode(err) != "comparison.confirmed" {
		t.Errorf("ConfirmComparison twice = %v, want comparison.confirmed", err)
	}
	r.Suspects[0].Outcome, r.Suspects[0].RecordID, r.Suspects[0].Basis = nsor.OutcomeRecordFound, 42, nsor.BasisBiometric
	r.Suspects[0].BiometricRef, r.Suspects[0].ComparisonID = "DNA-9", dna.ID
	prev := storedRequest(t, s, r.ID)
	r.Version++
	update(t, s, func(tx nsor.Tx) error { return tx.UpdateRequest(r, prev) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Comparison(dna.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, dna) {
			t.Errorf("confirmed comparison = %+v, want %+v", got, dna)
		}
		rr, err := tx.Request(r.ID)
		if err != nil {
			return err
		}
		if sp := rr.Suspects[0]; sp.ComparisonID != dna.ID || sp.BiometricRef != "DNA-9" {
			t.Errorf("suspect = %+v, want the comparison %d kept", sp, dna.ID)
		}
		return nil
	})
}
