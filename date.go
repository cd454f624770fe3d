package nsor

import (
	"strconv"
	"time"
)

// Date is a calendar date without time or zone: "2006-01-02", or a year alone
// ("1987") when that is all that is known; "" means unknown.
type Date string

// ParseDate validates a full date or a year alone. Dates after today are
// refused by the callers that know what today is.
func ParseDate(field, s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	if len(s) == 4 {
		if y, err := strconv.Atoi(s); err == nil && y >= 1900 && y <= 2200 {
			return Date(s), nil
		}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil && t.Year() >= 1900 {
		return Date(s), nil
	}
	return "", Invalid(field, "date.malformed", "Write a date as YYYY-MM-DD, or the year alone as YYYY.")
}

// Full reports whether the date names a day, not just a year.
func (d Date) Full() bool { return len(d) == 10 }

// Year returns the year, or 0 when unknown.
func (d Date) Year() int {
	if len(d) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(string(d[:4]))
	return y
}

// Placeholder reports whether the date carries no real evidence of a birthday:
// unknown, a year alone, or the 1st of January that registrars write when only
// the year is known (docs/rules.md#r7).
func (d Date) Placeholder() bool {
	return !d.Full() || d[5:] == "01-01"
}

// After reports whether d is later than the day of t (UTC).
func (d Date) After(t time.Time) bool {
	if d == "" {
		return false
	}
	if !d.Full() {
		return d.Year() > t.UTC().Year()
	}
	return string(d) > t.UTC().Format(time.DateOnly)
}
