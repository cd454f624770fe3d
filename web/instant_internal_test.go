package web

import "testing"

// TestFixInstants: instants in members named at or ..._at become
// 2026-12-03T10:04:05.000Z whatever digits they had, in UTC; text that only
// looks like one, in another member or inside a string, stays as it is.
func TestFixInstants(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"created_at":"2026-12-03T10:04:05Z"}`, `{"created_at":"2026-12-03T10:04:05.000Z"}`},
		{`{"at":"2026-12-03T10:04:05.1Z"}`, `{"at":"2026-12-03T10:04:05.100Z"}`},
		{`{"due_at":"2026-12-03T15:04:05.123456789+05:00"}`, `{"due_at":"2026-12-03T10:04:05.123Z"}`},
		{`{"rendered_at":["2026-12-03T10:04:05Z","2026-12-03T10:04:06.5Z"]}`, `{"rendered_at":["2026-12-03T10:04:05.000Z","2026-12-03T10:04:06.500Z"]}`},
		{`{"grounds":"2026-12-03T10:04:05Z"}`, `{"grounds":"2026-12-03T10:04:05Z"}`},
		{`{"grounds":"\"x_at\":\"2026-12-03T10:04:05Z\""}`, `{"grounds":"\"x_at\":\"2026-12-03T10:04:05Z\""}`},
		{`{"read_at":"not a time"}`, `{"read_at":"not a time"}`},
	}
	for _, c := range cases {
		if got := string(fixInstants([]byte(c.in))); got != c.want {
			t.Errorf("fixInstants(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}
