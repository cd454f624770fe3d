package sqlstore

import (
	"strings"
	"testing"
)

func TestDollarPlaceholders(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                          "SELECT 1",
		"SELECT a FROM t WHERE b = ?":       "SELECT a FROM t WHERE b = $1",
		"INSERT INTO t VALUES (?, ?, ?)":    "INSERT INTO t VALUES ($1, $2, $3)",
		"x IN (?,?) AND y < ? LIMIT ?":      "x IN ($1,$2) AND y < $3 LIMIT $4",
		"UPDATE t SET a = ? WHERE id = ?":   "UPDATE t SET a = $1 WHERE id = $2",
		"? ? ? ? ? ? ? ? ? ? ?":             "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11",
		"SELECT * FROM t WHERE path >= ?  ": "SELECT * FROM t WHERE path >= $1  ",
	}
	for in, want := range tests {
		if got := dollarPlaceholders(in); got != want {
			t.Errorf("dollarPlaceholders(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := map[string]string{
		"/1/":      "/10",
		"/1/3/12/": "/1/3/120",
		"a":        "b",
		"a\xff":    "b",
		"\xff\xff": "",
		"":         "",
		"/12/":     "/120",
	}
	for in, want := range tests {
		if got := prefixEnd(in); got != want {
			t.Errorf("prefixEnd(%q) = %q, want %q", in, got, want)
		}
	}
	// Every path under /1/ sorts in [/1/, prefixEnd(/1/)), and /12/ does not.
	lo, hi := "/1/", prefixEnd("/1/")
	for _, p := range []string{"/1/", "/1/2/", "/1/99/7/"} {
		if !(p >= lo && p < hi) {
			t.Errorf("%q not in [%q, %q)", p, lo, hi)
		}
	}
	if p := "/12/"; p >= lo && p < hi && !strings.HasPrefix(p, lo) {
		t.Errorf("%q in [%q, %q), want outside", p, lo, hi)
	}
}

func TestExpandDDL(t *testing.T) {
	got := expandDDL(sqliteDialect{}, "CREATE TABLE t (id {{ID}}, b {{BLOB}}, p {{PATH}})")
	want := "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, b BLOB, p TEXT)"
	if got != want {
		t.Errorf("expandDDL = %q, want %q", got, want)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatalf("migrations() = %v", err)
	}
	for _, m := range ms {
		if s := expandDDL(sqliteDialect{}, m.sql); strings.Contains(s, "{{") {
			t.Errorf("migration %s keeps an unknown macro after expansion", m.name)
		}
	}
}

func TestVerb(t *testing.T) {
	tests := map[string]string{
		"INSERT INTO users (a) VALUES (?)":       "insert users",
		"UPDATE requests SET a = ? WHERE id = ?": "update requests",
		"DELETE FROM offender_names WHERE x = ?": "delete offender_names",
		"SAVEPOINT fn":                           "savepoint",
	}
	for in, want := range tests {
		if got := verb(in); got != want {
			t.Errorf("verb(%q) = %q, want %q", in, got, want)
		}
	}
}
