package match

import (
	"strconv"
	"strings"
)

// cnicDigits reads a CNIC: 13 digits, dashes and spaces allowed. Empty is
// 0 (none); anything else is ErrCNIC.
func cnicDigits(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	var n uint64
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + uint64(r-'0')
			digits++
		case r == '-' || r == ' ':
		default:
			return 0, ErrCNIC
		}
	}
	if digits != 13 || n == 0 {
		return 0, ErrCNIC
	}
	return n, nil
}

// cnicString writes a CNIC's 13 digits.
func cnicString(n uint64) string {
	s := strconv.FormatUint(n, 10)
	return strings.Repeat("0", 13-len(s)) + s
}

// cnicApart compares two CNICs: "exact", "one_digit_off" (one digit
// different), "transposed" (two adjacent digits swapped) or "different".
func cnicApart(a, b uint64) string {
	if a == b {
		return "exact"
	}
	x, y := cnicString(a), cnicString(b)
	var diff []int
	for i := range 13 {
		if x[i] != y[i] {
			diff = append(diff, i)
			if len(diff) > 2 {
				return "different"
			}
		}
	}
	switch {
	case len(diff) == 1:
		return "one_digit_off"
	case len(diff) == 2 && diff[1] == diff[0]+1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]:
		return "transposed"
	}
	return "different"
}

// dob is a date of birth: a year, with month and day when known. The zero
// dob is unknown.
type dob struct {
	y    uint16
	m, d uint8
}

func (d dob) known() bool { return d.y != 0 }
func (d dob) full() bool  { return d.m != 0 }

// placeholder reports whether the date carries no birthday (a year alone,
// or the 1st of January registrars write when only the year is known;
// docs/rules.md#r7).
func (d dob) placeholder() bool { return !d.full() || (d.m == 1 && d.d == 1) }

var monthDays = [13]uint8{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// parseDOB reads YYYY-MM-DD or YYYY (1900-2100, a real day); empty is the
// unknown date, anything else ErrDOB.
func parseDOB(s string) (dob, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return dob{}, nil
	}
	num := func(t string) (int, bool) {
		if t == "" {
			return 0, false
		}
		n := 0
		for _, c := range []byte(t) {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	parts := strings.Split(s, "-")
	if (len(parts) != 1 && len(parts) != 3) || len(parts[0]) != 4 {
		return dob{}, ErrDOB
	}
	y, ok := num(parts[0])
	if !ok || y < 1900 || y > 2100 {
		return dob{}, ErrDOB
	}
	if len(parts) == 1 {
		return dob{y: uint16(y)}, nil
	}
	if len(parts[1]) != 2 || len(parts[2]) != 2 {
		return dob{}, ErrDOB
	}
	m, ok1 := num(parts[1])
	d, ok2 := num(parts[2])
	if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > int(monthDays[m]) {
		return dob{}, ErrDOB
	}
	if m == 2 && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return dob{}, ErrDOB
	}
	return dob{uint16(y), uint8(m), uint8(d)}, nil
}

// genderCode reads a gender: 1 male, 2 female, 3 other, 0 unknown (any
// other value is read as unknown: gender is weak evidence and a form's
// spelling of it should not refuse a search).
func genderCode(s string) uint8 {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "male", "m":
		return 1
	case "female", "f":
		return 2
	case "other", "x":
		return 3
	}
	return 0
}

// districtKey folds a district's name or code for comparison.
func districtKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
