package match

import (
	"slices"
	"testing"
)

func TestSplitTitles(t *testing.T) {
	n := SplitTitles("Ch. Syed Muhammad Akram")
	if !slices.Equal(n.Titles, []string{"Ch.", "Syed"}) || n.Given != "Muhammad Akram" {
		t.Errorf("SplitTitles = %+v, want titles [Ch. Syed] name Muhammad Akram", n)
	}
	if n := SplitTitles("Malik"); n.Given != "Malik" || len(n.Titles) != 0 {
		t.Errorf("SplitTitles(Malik) = %+v, want the name kept", n)
	}
}

func TestNameKey(t *testing.T) {
	groups := [][]string{
		{"Muhammad Akram", "Mohammad Akram", "Mohd. Akram", "M. Akram", "muhammad  AKRAM", "Ch. Muhammad Akram"},
		{"Abdul Rehman", "Abdur Rahman", "Abd-ur-Rehman", "abdul rahman"},
		{"Shamsurrahman", "Shams-ur-Rehman", "Shams ur Rahman", "Shams Rehman"},
		{"Nooruddin", "Noor-ud-Din", "Noor Udin"},
		{"Abdurrahman", "Abdul Rehman"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		for _, n := range g[1:] {
			if got := NameKey(n); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", n, got, want, g[0])
			}
		}
	}
	if NameKey("Muhammad Akram") == NameKey("Muhammad Asghar") {
		t.Errorf("NameKey: different names share a key")
	}
}

func TestNamesCompatible(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Muhammad Akram", "Mohd Akram", true},
		{"Muhammad Akram", "Akram", true},
		{"Muhammad Akram Khan", "Akram Khan", true},
		{"Muhammad Ali", "Muhammad Akram", false},
		{"Muhammad", "Muhammad Akram", false},
		{"Ali Khan", "Khan", false},
		{"", "Akram", false},
	}
	for _, tt := range tests {
		if got := NamesCompatible(tt.a, tt.b); got != tt.want {
			t.Errorf("NamesCompatible(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestNameKeyNFKC: full-width Latin letters and Arabic presentation forms
// key as the letters they stand for (docs/text-policy.md); the control is
// a name that differs in a letter, which must still key apart.
func TestNameKeyNFKC(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Ｚａｒｇｈｕｎ Ｔａｒｑｅｅｌ", "Zarghun Tarqeel", true},
		{"\uFE8D\uFEA3\uFEE4\uFEAA", "\u0627\u062D\u0645\u062F", true}, // Ahmad in presentation forms and in base letters
		{"Zar\u200Fghun", "Zarghun", true},                             // a right-to-left mark is not a letter
		{"Ｚａｒｇｈｕｎ", "Zarghan", false},
	}
	for _, tt := range tests {
		if got := NameKey(tt.a) == NameKey(tt.b); got != tt.same {
			t.Errorf("NameKey(%q) == NameKey(%q) = %v, want %v (%q, %q)", tt.a, tt.b, got, tt.same, NameKey(tt.a), NameKey(tt.b))
		}
	}
}
