package nsor

import "testing"

func TestParseSection(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"377-B", "PPC-377B"},
		{"377 B PPC", "PPC-377B"},
		{"377B", "PPC-377B"},
		{"PPC-377B", "PPC-377B"},
		{"s.377-B PPC", "PPC-377B"},
		{"Section 376 PPC", "PPC-376"},
		{"376/511", "PPC-376/511"},
		{"376 / 511 PPC", "PPC-376/511"},
		{"PECA-22", "PECA-22"},
		{"22 PECA", "PECA-22"},
		{"s. 21 PECA 2016", "PECA-21"},
		{"292-a", "PPC-292A"},
		{"506", "PPC-506"},
	}
	for _, tt := range tests {
		got, err := ParseSection(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSection(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSectionRefuses(t *testing.T) {
	for _, in := range []string{"", "abc", "377/34", "3777", "PPC", "377-BB", "0", "000", "PPC-0"} {
		if got, err := ParseSection(in); ErrorCode(err) != "section.unrecognised" {
			t.Errorf("ParseSection(%q) = %q, %v, want section.unrecognised", in, got, err)
		}
	}
}

func TestEligibleSections(t *testing.T) {
	codes := []string{"PPC-506", "PPC-376/511", "PECA-22", "PPC-377C"}
	got := EligibleSections(codes, DefaultEligibleSections)
	if len(got) != 2 || got[0] != "PPC-376/511" || got[1] != "PECA-22" {
		t.Errorf("EligibleSections(%v) = %v, want [PPC-376/511 PECA-22]", codes, got)
	}
}
