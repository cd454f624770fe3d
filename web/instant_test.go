package web_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// apiInstant is the one form of an instant in the API's JSON.
var apiInstant = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// instantsOutOfForm lists the strings of a JSON body that are RFC 3339
// instants in another form than apiInstant: the validating transport holds
// every response of the end-to-end tests to it.
func instantsOutOfForm(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var bad []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			if _, err := time.Parse(time.RFC3339Nano, x); err == nil && strings.Contains(x, "T") && !apiInstant.MatchString(x) {
				bad = append(bad, x)
			}
		}
	}
	walk(v)
	return bad
}
