package auditverify_test

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestOrphans: with no checkpoint saved elsewhere and the stored ones that
// would show it deleted, a record left out of the tree is still found by
// its ID, and a record inserted behind the tree's back with an old date by
// its time; records waiting for the sequencer are not orphans.
func TestOrphans(t *testing.T) {
	b := newTamperBase(t)
	for _, tt := range []struct {
		name   string
		mutate mutation
		want   string
	}{
		{"left out", leaveOut, "though record"},
		{"backdated", insertBackdatedRecord, "though a checkpoint was signed after"},
	} {
		path := b.copy(t, b.base)
		m := &mutator{t: t, rng: rand.New(rand.NewPCG(tamperSeed, 2)), db: rawOpen(t, path), b: b}
		what := tt.mutate(m)
		m.db.Close()
		code, out := verify(t, "--database", path, "--keys", b.keysDir)
		if code != 1 || !strings.Contains(out, tt.want) || !strings.Contains(out, "FAILED: 1 problem;") {
			t.Errorf("verify(%s: %s) = %d, want 1 and only an orphan (%q):\n%s", tt.name, what, code, tt.want, out)
		}
	}
	// The untouched copy has 5 records waiting for the sequencer.
	if code, out := verify(t, "--database", b.copy(t, b.base), "--keys", b.keysDir); code != 0 || !strings.Contains(out, "5 records not yet leaves") {
		t.Errorf("verify(untouched) = %d, want 0 and 5 records waiting:\n%s", code, out)
	}
}
