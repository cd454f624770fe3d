package nsor

import "testing"

// TestReachable: through a request, only what its searches showed and what
// its answer cites.
func TestReachable(t *testing.T) {
	r := &Request{Suspects: []Suspect{{ID: 1, RecordID: 30}, {ID: 2}}}
	hits := []SearchHit{{SuspectID: 1, RecordID: 10}, {SuspectID: 2, RecordID: 20}}
	for rec, want := range map[int64]bool{10: true, 20: true, 30: true, 40: false, 0: false} {
		if got := Reachable(r, hits, rec); got != want {
			t.Errorf("reachable(record %d) = %v, want %v", rec, got, want)
		}
	}
	if SearchedFor(hits, 1, 20) || !SearchedFor(hits, 2, 20) {
		t.Errorf("searchedFor: record 20 was shown for suspect 2 only")
	}
}
