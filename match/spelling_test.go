package match

import "testing"

// TestSameSpelling: another spelling of the suspect's name is accepted as a
// search term; another person's name, or a common part alone, is not.
func TestSameSpelling(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Zarghoon Tarqeel", "Zarghun Tarqeel", true},          // vowels
		{"Zarghoon Tarqeel", "Ch. Zarghun Tarkeel", false},     // q and k are other letters
		{"Muhammad Akram", "Mohd Akram", true},                 // a known variant
		{"Shamsurrahman", "Shams-ur-Rehman", true},             // a compound
		{"Zarghoon Tarqeel", "Tarqeel", false},                 // a part dropped: every Tarqeel
		{"Muhammad Ali Khan Tarqeel", "Ali Tarqeel", false},    // common parts and one distinctive: another man
		{"Zarghoon Tarqeel", "Zarghoon Tarqeel Gujjar", false}, // a part added: someone more particular
		{"Tarqeel Zarghoon", "Zarghun Tarqeel", true},          // the same parts in another order
		{"Tarqeel Tarqeel", "Tarqeel Zarghoon", false},         // each part matched once
		{"Zarghoon Tarqeel", "Baktawar Sohrabzai", false},
		{"Muhammad Akram", "Muhammad", false}, // a common part alone
		{"Muhammad Akram", "Mohammed Ali", false},
		{"Ali Khan", "Aly Khaan", false}, // every part common: no evidence
		{"Akram", "Ikram", false},        // another first letter
		{"", "Akram", false},
	}
	for _, tt := range tests {
		if got := SameSpelling(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSpelling(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SameSpelling(tt.b, tt.a); got != tt.want {
			t.Errorf("SameSpelling(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}
