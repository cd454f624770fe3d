package storetest

import (
	"slices"
	"strconv"
	"testing"

	"nsor"
)

func testRequests(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.mustFIR(t, s, "7", w.io, "Akram", "Bashir")
	r := newRequest(f, w.lahore, 0, 1)
	r.DistrictPath = "" // the store fills it in from the district
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
	if r.ID == 0 || r.Suspects[0].ID == 0 || r.Suspects[1].ID == 0 || r.DistrictPath != w.lahore.Path {
		t.Fatalf("CreateRequest set ID %d, suspects %+v, path %q; want IDs and %q", r.ID, r.Suspects, r.DistrictPath, w.lahore.Path)
	}
	// Every field, through a full update.
	prev := storedRequest(t, s, r.ID)
	r.State, r.Version, r.Submissions, r.SubmittedAt, r.StageSeq, r.StageStarted = nsor.StateAnswered, 5, 2, at(10), 4, at(11)
	r.ForwardedBy, r.AnalystID, r.AnsweredBy, r.ConfirmedBy, r.ReleasedBy, r.AcknowledgedBy = w.dpp.ID, w.admin.ID, w.admin.ID, 77, 78, 79
	r.LastReason, r.Clarification, r.UpdatedAt, r.Ref = "returned: copy unreadable", "new copy attached", at(12), "NSOR-2025-000001"
	r.ReturnedItems = []string{"fir_copy_matches", "grounds_substantiated"}
	r.Suspects[0].Outcome, r.Suspects[0].RecordID, r.Suspects[0].Basis, r.Suspects[0].BiometricRef, r.Suspects[0].ComparisonID =
		nsor.OutcomeRecordFound, 42, nsor.BasisBiometric, "FP-1", 9
	r.Suspects[1].Outcome, r.Suspects[1].Needed, r.Suspects[1].Note =
		nsor.OutcomePossibleMatch, []string{"cnic", "fingerprints"}, "two candidates"
	update(t, s, func(tx nsor.Tx) error { return tx.UpdateRequest(r, prev) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Request(r.ID)
		if err != nil {
			t.Fatalf("Request(%d) = %v", r.ID, err)
		}
		wantUTC(t, "Request().StageStarted", got.StageStarted)
		wantAllSet(t, "Request", r)
		wantAllSet(t, "Suspect", &r.Suspects[0], &r.Suspects[1])
		same(t, "Request(updated)", got, r)
		_, err = tx.Request(999999)
		wantNotFound(t, "Request(999999)", err, "request")
		both, fir, err := tx.RequestWithFIR(r.ID)
		if err != nil {
			t.Fatalf("RequestWithFIR(%d) = %v", r.ID, err)
		}
		same(t, "RequestWithFIR(request)", both, r)
		same(t, "RequestWithFIR(fir)", fir, f)
		return nil
	})
	stale := *r
	stale.Version = 7
	old := storedRequest(t, s, r.ID)
	old.Version = 4
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateRequest(&stale, old) })
	wantErr(t, "UpdateRequest(prev 4, stored 5)", err, nsor.KindConflict, "version.stale")
	stale.ID, old.ID, old.Version = 999999, 999999, 5
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateRequest(&stale, old) })
	wantNotFound(t, "UpdateRequest(999999)", err, "request")
}

// testRequestSuspects: an update keeps suspects by ID, adds new ones, drops
// the unlisted, and lets two suspects of one request swap accused.
func testRequestSuspects(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.mustFIR(t, s, "8", w.io, "A", "B", "C")
	r := w.mustRequest(t, s, f, 0, 1)
	keptID := r.Suspects[1].ID
	r.Suspects = []nsor.Suspect{r.Suspects[1], {AccusedID: f.Accused[2].ID}}
	setState(t, s, r, nsor.StateDraft)
	if r.Suspects[0].ID != keptID || r.Suspects[1].ID == 0 {
		t.Errorf("UpdateRequest suspects = %+v, want the kept ID %d first and a new ID", r.Suspects, keptID)
	}
	// Swap: B and C trade places; the request holds both open all along.
	r.Suspects[0].AccusedID, r.Suspects[1].AccusedID = r.Suspects[1].AccusedID, r.Suspects[0].AccusedID
	setState(t, s, r, nsor.StateSubmitted)
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Request(r.ID)
		if err != nil {
			t.Fatalf("Request(%d) = %v", r.ID, err)
		}
		same(t, "Request(after suspect changes)", got, r)
		return nil
	})
	foreign := *r
	foreign.Suspects = append(slices.Clone(r.Suspects), nsor.Suspect{ID: 999999, AccusedID: f.Accused[0].ID})
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateRequest(&foreign, storedRequest(t, s, r.ID)) })
	if err == nil {
		t.Errorf("UpdateRequest(suspect ID of no such row) = nil, want an error")
	}
}

// testOpenRequestPerAccused: docs/rules.md#r4, one open request per FIR and suspect.
func testOpenRequestPerAccused(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.mustFIR(t, s, "9", w.io, "A", "B", "C")
	first := w.mustRequest(t, s, f, 0, 1)
	wantRef := "request/" + strconv.FormatInt(first.ID, 10)

	second := newRequest(f, w.lahore, 2, 1)
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.CreateRequest(second) })
	if e := wantErr(t, "CreateRequest(B again)", err, nsor.KindConflict, "request.duplicate"); e != nil && e.Ref != wantRef {
		t.Errorf("CreateRequest(B again).Ref = %q, want %q", e.Ref, wantRef)
	}
	third := w.mustRequest(t, s, f, 2) // C alone is free
	third.Suspects = append(third.Suspects, nsor.Suspect{AccusedID: f.Accused[0].ID})
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateRequest(third, storedRequest(t, s, third.ID)) })
	if e := wantErr(t, "UpdateRequest(adding A)", err, nsor.KindConflict, "request.duplicate"); e != nil && e.Ref != wantRef {
		t.Errorf("UpdateRequest(adding A).Ref = %q, want %q", e.Ref, wantRef)
	}
	third.Suspects = third.Suspects[:1]

	for _, state := range []nsor.State{nsor.StateSubmitted, nsor.StateForwarded, nsor.StateWithdrawn} {
		setState(t, s, first, state) // open, open, then closed
	}
	again := w.mustRequest(t, s, f, 0, 1) // the withdrawn request no longer holds A and B
	setState(t, s, again, nsor.StateRejected)
	setState(t, s, third, nsor.StateReleased)
	w.mustRequest(t, s, f, 0, 1, 2)
}
