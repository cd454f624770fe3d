package storetest

import (
	"nsor/match"
	"slices"
	"testing"

	"nsor"
)

func testSearchOffenders(t *testing.T, open Opener) {
	s := open(t)
	akram, v := newOffender("Muhammad Akram", "9123456789011", nsor.RecordActive, "Akku Butt")
	createOffender(t, s, akram, v)
	pending, v := newOffender("Mohammad Akram", "9123456789013", nsor.RecordPending)
	createOffender(t, s, pending, v)
	removed, v := newOffender("Abdul Rehman", "9123456789015", nsor.RecordRemoved)
	removed.RemovalReason = "acquitted on appeal"
	createOffender(t, s, removed, v)
	rahman, v := newOffender("Abd-ur-Rahman", "", nsor.RecordActive)
	createOffender(t, s, rahman, v)

	key := match.NameKey
	tests := []struct {
		name string
		q    nsor.OffenderQuery
		want []int64
	}{
		{"CNIC", nsor.OffenderQuery{CNIC: "9123456789011"}, []int64{akram.ID}},
		{"name", nsor.OffenderQuery{NameKey: key("Mohd. Akram")}, []int64{akram.ID}},
		{"alias", nsor.OffenderQuery{NameKey: key("akku butt")}, []int64{akram.ID}},
		{"either", nsor.OffenderQuery{CNIC: "9123456789011", NameKey: key("Abdur Rehman")}, []int64{akram.ID, rahman.ID}},
		{"pending excluded", nsor.OffenderQuery{CNIC: "9123456789013"}, nil},
		{"removed excluded", nsor.OffenderQuery{NameKey: key("Abdul Rehman")}, []int64{rahman.ID}},
		{"any status", nsor.OffenderQuery{NameKey: key("Abdul Rehman"), AnyStatus: true}, []int64{removed.ID, rahman.ID}},
		{"any status by name", nsor.OffenderQuery{NameKey: key("Muhammad Akram"), AnyStatus: true}, []int64{akram.ID, pending.ID}},
		{"limit", nsor.OffenderQuery{NameKey: key("Muhammad Akram"), AnyStatus: true, Limit: 1}, []int64{akram.ID}},
		{"no CNIC matches no CNIC", nsor.OffenderQuery{NameKey: key("Nobody")}, nil},
		{"empty query", nsor.OffenderQuery{}, nil},
		{"CNIC one digit off", nsor.OffenderQuery{CNIC: "9123456789017"}, nil},
	}
	search := func(tx nsor.Tx, q nsor.OffenderQuery) []int64 {
		got, err := tx.SearchOffenders(q)
		if err != nil {
			t.Fatalf("SearchOffenders(%+v) = %v", q, err)
		}
		var ids []int64
		for _, o := range got {
			ids = append(ids, o.ID)
		}
		return ids
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, tc := range tests {
			if got := search(tx, tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("SearchOffenders(%s) = %v, want %v", tc.name, got, tc.want)
			}
		}
		return nil
	})
	// A correction re-indexes the names: the old alias no longer finds it.
	akram.Record.Aliases = []string{"Kaka"}
	update(t, s, func(tx nsor.Tx) error { return tx.UpdateOffender(akram) })
	view(t, s, func(tx nsor.Tx) error {
		if got := search(tx, nsor.OffenderQuery{NameKey: key("Akku Butt")}); len(got) != 0 {
			t.Errorf("SearchOffenders(old alias) = %v, want none", got)
		}
		if got := search(tx, nsor.OffenderQuery{NameKey: key("Kaka")}); !slices.Equal(got, []int64{akram.ID}) {
			t.Errorf("SearchOffenders(new alias) = %v, want [%d]", got, akram.ID)
		}
		return nil
	})
}
