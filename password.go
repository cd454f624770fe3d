package nsor

import (
	"strings"
	"unicode/utf8"
)

// ValidatePassword applies the password rules of OWASP ASVS 4.0 section 2.1:
// at least 12 characters, at most 128, not one character repeated, not the
// username. It does not demand character classes (ASVS 2.1.9).
func ValidatePassword(password, username string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < 12:
		return Invalid("password", "password.too_short", "A password has at least 12 characters.")
	case n > 128:
		return Invalid("password", "password.too_long", "A password has at most 128 characters.")
	case strings.Count(password, password[:1]) == len(password):
		return Invalid("password", "password.weak", "A password cannot be one character repeated.")
	case username != "" && strings.EqualFold(password, username):
		return Invalid("password", "password.weak", "A password cannot be the username.")
	}
	return nil
}
