package match

import (
	"slices"
	"testing"
)

// TestNamePartsKeepEdgeConnectives: a connective is dropped only between two
// parts ("Hassan al Din"); first or last it is a part of the name, so "Al
// Hassan" and "Hassan Al" are not "Hassan".
func TestNamePartsKeepEdgeConnectives(t *testing.T) {
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"Al Hassan", []string{"al", "hassan"}},
		{"Hassan Al", []string{"hassan", "al"}},
		{"Hassan al Din", []string{"hassan", "uddin"}},
	} {
		if got := NameParts(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("NameParts(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCompoundWithShortStem: a one-word compound folds its ending even when
// what comes before it is three letters ("Ataulla" is "Ata Ullah").
func TestCompoundWithShortStem(t *testing.T) {
	if got, want := NameKey("Ataulla"), NameKey("Ata Ullah"); got != want {
		t.Errorf("NameKey(Ataulla) = %q, want %q as for Ata Ullah", got, want)
	}
}
