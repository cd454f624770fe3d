package storetest

import (
	"slices"
	"testing"

	"nsor"
)

func testRequestFilters(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f1 := w.mustFIR(t, s, "1", w.io, "A", "B")
	f2 := w.mustFIR(t, s, "2", w.io2, "C")
	f3 := w.mustFIR(t, s, "3", w.ioKarachi, "D")
	r1 := w.mustRequest(t, s, f1, 0)
	r2 := w.mustRequest(t, s, f1, 1)
	r3 := w.mustRequest(t, s, f2, 0)
	r4 := w.mustRequest(t, s, f3, 0)
	r2.AnalystID = w.admin.ID
	setState(t, s, r2, nsor.StateForwarded)
	setState(t, s, r3, nsor.StateSubmitted)
	setState(t, s, r1, nsor.StateWithdrawn)
	r5 := w.mustRequest(t, s, f1, 0) // A again, after the withdrawal

	ids := func(rs []*nsor.Request) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	each := func(rs ...*nsor.Request) []int64 { return ids(rs) }
	tests := []struct {
		name string
		f    nsor.RequestFilter
		want []int64
	}{
		{"all, newest first", nsor.RequestFilter{}, each(r5, r4, r3, r2, r1)},
		{"IDs", nsor.RequestFilter{IDs: []int64{r1.ID, r4.ID, 999999}}, each(r4, r1)},
		{"DistrictID", nsor.RequestFilter{DistrictID: w.karachi.ID}, each(r4)},
		{"UnderPath province", nsor.RequestFilter{UnderPath: w.punjab.Path}, each(r5, r3, r2, r1)},
		{"UnderPath district", nsor.RequestFilter{UnderPath: w.karachi.Path}, each(r4)},
		{"UnderPath country", nsor.RequestFilter{UnderPath: w.country.Path}, each(r5, r4, r3, r2, r1)},
		{"UnderPath station", nsor.RequestFilter{UnderPath: w.lahoreStation.Path}, nil},
		{"IOUserID", nsor.RequestFilter{IOUserID: w.io2.ID}, each(r3)},
		{"AnalystID", nsor.RequestFilter{AnalystID: w.admin.ID}, each(r2)},
		{"FIRID", nsor.RequestFilter{FIRID: f1.ID}, each(r5, r2, r1)},
		{"AccusedID", nsor.RequestFilter{AccusedID: f1.Accused[0].ID}, each(r5, r1)},
		{"States", nsor.RequestFilter{States: []nsor.State{nsor.StateSubmitted, nsor.StateForwarded}}, each(r3, r2)},
		{"BeforeID", nsor.RequestFilter{BeforeID: r3.ID}, each(r2, r1)},
		{"Limit", nsor.RequestFilter{Limit: 2}, each(r5, r4)},
		{"paging", nsor.RequestFilter{BeforeID: r4.ID, Limit: 2}, each(r3, r2)},
		{"combined", nsor.RequestFilter{UnderPath: w.punjab.Path, FIRID: f1.ID, States: []nsor.State{nsor.StateDraft}}, each(r5)},
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, tc := range tests {
			got, err := tx.Requests(tc.f)
			if err != nil {
				t.Fatalf("Requests(%s) = %v", tc.name, err)
			}
			if !slices.Equal(ids(got), tc.want) {
				t.Errorf("Requests(%s) = %v, want %v", tc.name, ids(got), tc.want)
			}
		}
		got, err := tx.Requests(nsor.RequestFilter{FIRID: f1.ID})
		if err != nil || len(got) != 3 {
			t.Fatalf("Requests(FIRID) = %d, %v", len(got), err)
		}
		want := []*nsor.Request{r5, r2, r1}
		same(t, "Requests(FIRID) with suspects", &got, &want)
		return nil
	})
}
