package nsor

import "testing"

func TestParseCNIC(t *testing.T) {
	tests := []struct {
		in   string
		want CNIC
		code string
	}{
		{"35202-1234567-1", "3520212345671", ""},
		{"3520212345671", "3520212345671", ""},
		{" 91234-5678901-2 ", "9123456789012", ""},
		{"", "", ""},
		{"1111111111111", "", ""}, // placeholder reads as unknown
		{"00000-0000000-0", "", ""},
		{"3520-21234567-1", "", "cnic.malformed"},
		{"352021234567", "", "cnic.malformed"},
		{"35202123456712", "", "cnic.malformed"},
		{"3520212345a71", "", "cnic.malformed"},
		{"8520212345671", "", "cnic.unknown_province"},
		{"0520212345671", "", "cnic.unknown_province"},
	}
	for _, tt := range tests {
		got, err := ParseCNIC(tt.in)
		if got != tt.want || ErrorCode(err) != tt.code {
			t.Errorf("ParseCNIC(%q) = %q, %v, want %q, %q", tt.in, got, err, tt.want, tt.code)
		}
	}
}

func TestCNICGenderWarning(t *testing.T) {
	if w := CNICGenderWarning("cnic", "9123456789011", GenderMale); w != nil {
		t.Errorf("odd digit, male: got warning %v, want none", w)
	}
	if w := CNICGenderWarning("cnic", "9123456789012", GenderFemale); w != nil {
		t.Errorf("even digit, female: got warning %v, want none", w)
	}
	w := CNICGenderWarning("cnic", "9123456789012", GenderMale)
	if w == nil || w.Code != "cnic.gender_mismatch" {
		t.Errorf("even digit, male: got %v, want cnic.gender_mismatch", w)
	}
}

func TestDigitsApart(t *testing.T) {
	if got := DigitsApart("9123456789012", "9123456789013"); got != 1 {
		t.Errorf("DigitsApart = %d, want 1", got)
	}
	if got := DigitsApart("", "9123456789013"); got != -1 {
		t.Errorf("DigitsApart(unknown) = %d, want -1", got)
	}
}

func TestDatePlaceholder(t *testing.T) {
	for d, want := range map[Date]bool{"1990-01-01": true, "1990": true, "": true, "1990-03-14": false} {
		if got := d.Placeholder(); got != want {
			t.Errorf("Date(%q).Placeholder() = %v, want %v", d, got, want)
		}
	}
}
