package nsor

import "strings"

// CNIC is a Computerised National Identity Card number in its canonical form,
// 13 digits without dashes; "" means unknown.
type CNIC string

// Gender as recorded on a register record or an FIR.
type Gender string

// The genders NADRA issues CNICs for; "" means not stated.
const (
	GenderMale   Gender = "male"
	GenderFemale Gender = "female"
	GenderOther  Gender = "transgender"
)

// ParseGender validates a stated gender; "" is allowed (not stated).
func ParseGender(s string) (Gender, error) {
	switch g := Gender(strings.ToLower(strings.TrimSpace(s))); g {
	case "", GenderMale, GenderFemale, GenderOther:
		return g, nil
	}
	return "", Invalid("gender", "gender.unknown", "Gender must be male, female or transgender.")
}

// cnicProvinces maps the first digit of a CNIC to its province (NADRA). 9 is
// assigned to no province; nsor reserves it for synthetic data so that no
// real person can ever match demo or test records.
var cnicProvinces = map[byte]string{
	'1': "Khyber Pakhtunkhwa", '2': "FATA", '3': "Punjab", '4': "Sindh",
	'5': "Balochistan", '6': "Islamabad", '7': "Gilgit-Baltistan", '9': "synthetic",
}

// ParseCNIC reads a CNIC written as 12345-1234567-1 or as 13 plain digits.
// A run of one digit (0000000000000, 1111111111111, ...) is a placeholder and
// reads as unknown: ("", nil). Anything else that is not a CNIC is refused
// with code cnic.malformed or cnic.unknown_province.
func ParseCNIC(s string) (CNIC, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	digits := s
	if len(s) == 15 && s[5] == '-' && s[13] == '-' {
		digits = s[:5] + s[6:13] + s[14:]
	}
	if len(digits) != 13 || strings.Trim(digits, "0123456789") != "" {
		return "", Invalid("cnic", "cnic.malformed",
			"A CNIC has 13 digits, written 12345-1234567-1 or without dashes.")
	}
	if strings.Count(digits, digits[:1]) == 13 {
		return "", nil
	}
	if _, ok := cnicProvinces[digits[0]]; !ok {
		return "", Invalid("cnic", "cnic.unknown_province",
			"The first digit of a CNIC is its province (1 to 7); "+digits[:1]+" is not one.")
	}
	return CNIC(digits), nil
}

// Formatted returns the CNIC as 12345-1234567-1.
func (c CNIC) Formatted() string {
	if len(c) != 13 {
		return string(c)
	}
	return string(c[:5]) + "-" + string(c[5:12]) + "-" + string(c[12:])
}

// Province names the province the CNIC was issued in.
func (c CNIC) Province() string {
	if len(c) != 13 {
		return ""
	}
	return cnicProvinces[c[0]]
}

// ImpliedGender is what the last digit says: odd for men, even for women.
func (c CNIC) ImpliedGender() Gender {
	if len(c) != 13 {
		return ""
	}
	if (c[12]-'0')%2 == 1 {
		return GenderMale
	}
	return GenderFemale
}

// CNICGenderWarning returns a warning when the CNIC's last digit disagrees
// with the stated gender. It is advice, never a rejection
// (docs/rules.md#r23, docs/identity.md): cards are mis-issued and forms mis-filled.
func CNICGenderWarning(field string, c CNIC, g Gender) *Warning {
	if c == "" || (g != GenderMale && g != GenderFemale) || c.ImpliedGender() == g {
		return nil
	}
	return &Warning{Field: field, Code: "cnic.gender_mismatch",
		Message: "The last digit of this CNIC is usually " + string(c.ImpliedGender()) +
			", but the gender stated is " + string(g) + ". Check both."}
}

// DigitsApart counts the positions at which two CNICs differ; -1 when either
// is unknown. One digit apart is a lead, never an identifier (docs/rules.md#r7).
func DigitsApart(a, b CNIC) int {
	if len(a) != 13 || len(b) != 13 {
		return -1
	}
	n := 0
	for i := 0; i < 13; i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}
