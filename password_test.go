package nsor

import (
	"strings"
	"testing"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw, user string
		want     string // error code, "" for accepted
	}{
		{"correct horse", "ali.raza", ""},
		{"123456789012", "ali.raza", ""},                  // 12: the minimum
		{"12345678901", "ali.raza", "password.too_short"}, // 11
		{"", "ali.raza", "password.too_short"},
		{"پاکستان زندہ باد", "ali.raza", ""},            // 16 characters, 30 bytes
		{"پاکستان۱۲", "ali.raza", "password.too_short"}, // 9 characters, over 12 bytes
		{strings.Repeat("ab", 64), "ali.raza", ""},      // 128: the maximum
		{strings.Repeat("ab", 64) + "c", "ali.raza", "password.too_long"},
		{strings.Repeat("a", 12), "ali.raza", "password.weak"},
		{strings.Repeat("é", 12), "ali.raza", "password.weak"}, // one character, two bytes each
		{strings.Repeat(" ", 20), "ali.raza", "password.weak"},
		{"ali.raza.khan", "ali.raza.khan", "password.weak"},
		{"ALI.RAZA.KHAN", "ali.raza.khan", "password.weak"},
		{"ali.raza.khan", "", ""},
		{"correct horse\xff", "ali.raza", "password.invalid"},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw, tt.user)
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("ValidatePassword(%q, %q) = %q, want %q", tt.pw, tt.user, got, tt.want)
		}
		if err == nil {
			continue
		}
		e := AsError(err)
		if e.Kind != KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "password" {
			t.Errorf("ValidatePassword(%q, %q) = %+v, want KindInvalid on field password", tt.pw, tt.user, e)
		}
	}
}
