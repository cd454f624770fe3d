package nsor

import (
	"strings"
	"unicode/utf8"
)

// Password length limits (ASVS 4.0.3 2.1.1 and 2.1.2), counted in
// characters (Unicode code points), not bytes, since any printable Unicode
// character is allowed (ASVS 2.1.4).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// ValidatePassword applies nsor's password policy (OWASP ASVS 4.0.3 section
// 2.1) to pw, the new password of the user named username. It returns a
// KindInvalid *Error on the field "password": password.invalid (not UTF-8),
// password.too_short, password.too_long, or password.weak (one character
// repeated, or the username). It demands no mix of character classes (ASVS
// 2.1.9).
func ValidatePassword(pw, username string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return Invalid("password", "password.invalid", "A password must be text; it contains characters that cannot be read.")
	case n < MinPasswordLen:
		return Invalid("password", "password.too_short", "A password needs at least 12 characters.")
	case n > MaxPasswordLen:
		return Invalid("password", "password.too_long", "A password can have at most 128 characters.")
	case oneCharacter(pw):
		return Invalid("password", "password.weak", "A password cannot be one character repeated.")
	case username != "" && strings.EqualFold(pw, username):
		return Invalid("password", "password.weak", "A password cannot be your username.")
	}
	return nil
}

// oneCharacter reports whether s is one character (code point) repeated.
func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
