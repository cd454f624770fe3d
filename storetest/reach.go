package storetest

import (
	"testing"

	"nsor"
)

// testSearchHits: what a request's searches showed is kept per suspect and
// record, once however often it is shown, and never leaks to another
// request (ReachTx).
func testSearchHits(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	r1 := newRequest(w.mustFIR(t, s, "31", w.io, "Akram", "Bashir"), w.lahore, 0, 1)
	r2 := newRequest(w.mustFIR(t, s, "32", w.io, "Qaiser"), w.lahore, 0)
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateRequest(r1); err != nil {
			return err
		}
		return tx.CreateRequest(r2)
	})
	a, b := r1.Suspects[0].ID, r1.Suspects[1].ID
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddSearchHits(r1.ID, a, []int64{7, 3, 7}); err != nil {
			return err
		}
		if err := tx.AddSearchHits(r1.ID, a, nil); err != nil {
			return err
		}
		return tx.AddSearchHits(r2.ID, r2.Suspects[0].ID, []int64{9})
	})
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddSearchHits(r1.ID, a, []int64{3}); err != nil { // shown again
			return err
		}
		return tx.AddSearchHits(r1.ID, b, []int64{3})
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.SearchHits(r1.ID)
		want := []nsor.SearchHit{{SuspectID: a, RecordID: 3}, {SuspectID: a, RecordID: 7}, {SuspectID: b, RecordID: 3}}
		if a > b {
			want = []nsor.SearchHit{{SuspectID: b, RecordID: 3}, {SuspectID: a, RecordID: 3}, {SuspectID: a, RecordID: 7}}
		}
		if err != nil {
			t.Fatalf("SearchHits(%d) = %v", r1.ID, err)
		}
		same(t, "SearchHits(r1)", got, want)
		none, err := tx.SearchHits(999999)
		if err != nil || len(none) != 0 {
			t.Errorf("SearchHits(999999) = %v, %v, want none", none, err)
		}
		return nil
	})
	if err := s.View(t.Context(), func(tx nsor.Tx) error { return tx.AddSearchHits(r1.ID, a, []int64{11}) }); err == nil {
		t.Errorf("View(AddSearchHits) = nil, want an error")
	}
}

// testAddedIdentifiers: an identifier added to a search is kept with its
// request, numbered within it, every field as given.
func testAddedIdentifiers(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	r := newRequest(w.mustFIR(t, s, "33", w.io, "Akram"), w.lahore, 0)
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
	x1 := &nsor.AddedIdentifier{RequestID: r.ID, SuspectID: r.Suspects[0].ID, Name: "Akram Zarghun", CNIC: "9123456789013",
		Reason: "read off the FIR copy", By: w.admin.ID, At: at(5)}
	x2 := &nsor.AddedIdentifier{RequestID: r.ID, SuspectID: r.Suspects[0].ID, Name: "Akrum", Reason: "another spelling", By: w.admin.ID, At: at(6)}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddSearchTerms(x1); err != nil {
			return err
		}
		return tx.AddSearchTerms(x2)
	})
	if x1.N != 1 || x2.N != 2 {
		t.Errorf("AddSearchTerms numbered %d, %d; want 1, 2", x1.N, x2.N)
	}
	wantAllSet(t, "AddedIdentifier", x1)
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.AddedIdentifiers(r.ID)
		if err != nil {
			t.Fatalf("AddedIdentifiers(%d) = %v", r.ID, err)
		}
		same(t, "AddedIdentifiers", got, []*nsor.AddedIdentifier{x1, x2})
		none, err := tx.AddedIdentifiers(999999)
		if err != nil || len(none) != 0 {
			t.Errorf("AddedIdentifiers(999999) = %v, %v, want none", none, err)
		}
		return nil
	})
	x3 := *x2
	if err := s.View(t.Context(), func(tx nsor.Tx) error { return tx.AddSearchTerms(&x3) }); err == nil {
		t.Errorf("View(AddSearchTerms) = nil, want an error")
	}
}
