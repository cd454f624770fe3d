package web

import (
	"regexp"
	"time"
)

// Every instant in the API's JSON is RFC 3339 in UTC with exactly three
// fractional digits (2026-12-03T10:04:05.000Z): instants are kept to the
// millisecond, and a fixed width lets clients compare them as text and
// parse them with one layout. encoding/json writes time.Time with as many
// digits as it needs (none for a whole second), so the encoder's output is
// rewritten here, once, for every response: the members named "at" or
// "..._at" (the API's naming of instants), a string or a list of strings.

// instantLayout is the one form of an instant in the API.
const instantLayout = "2006-01-02T15:04:05.000Z07:00"

var (
	instantMember = regexp.MustCompile(`"(?:at|[a-z0-9_]*_at)":(?:"[^"\\]*"|\[[^\]\\]*\])`)
	instantString = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)"`)
)

// fixInstants rewrites the instants of an encoded JSON value to instantLayout
// in UTC. A key cannot be matched inside a string: there a quote is escaped.
func fixInstants(b []byte) []byte {
	return instantMember.ReplaceAllFunc(b, func(m []byte) []byte {
		return instantString.ReplaceAllFunc(m, func(s []byte) []byte {
			t, err := time.Parse(time.RFC3339Nano, string(s[1:len(s)-1]))
			if err != nil {
				return s
			}
			return []byte(`"` + t.UTC().Format(instantLayout) + `"`)
		})
	})
}
