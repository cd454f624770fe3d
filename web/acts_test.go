package web

import (
	"slices"
	"sort"
	"testing"

	"nsor"
)

// TestActRoutesAreTheTable: the API serves an act at
// POST /requests/{id}/{act} exactly when the procedure table routes it.
func TestActRoutesAreTheTable(t *testing.T) {
	var served, routed []string
	for act := range acts {
		served = append(served, act)
	}
	for _, act := range nsor.Routed() {
		routed = append(routed, string(act))
	}
	sort.Strings(served)
	sort.Strings(routed)
	if !slices.Equal(served, routed) {
		t.Errorf("acts served %v, table routes %v", served, routed)
	}
}
