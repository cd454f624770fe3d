package auditverify_test

import (
	"database/sql"
	"strings"
	"testing"

	"nsor/sqlstore/pgtest"
)

// TestVerifyOnPostgres: the same verification over a postgres:// URL, and
// a byte changed there is caught as on SQLite.
func TestVerifyOnPostgres(t *testing.T) {
	u := pgtest.NewDatabase(t)
	f := newFixtureAt(t, u)
	f.grow(t, 3, 30)
	f.appendRecords(t, 2)
	saved := writeFile(t, "checkpoint", f.exported(t))
	f.close(t)
	if code, out := verify(t, "--database", u, "--keys", f.keysDir(), "--checkpoint", saved); code != 0 {
		t.Fatalf("verify(PostgreSQL) = %d, want 0:\n%s", code, out)
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit_records SET data = data || '\\x00'::bytea WHERE id = 17"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out := verify(t, "--database", u, "--keys", f.keysDir(), "--checkpoint", saved); code != 1 {
		t.Errorf("verify(PostgreSQL, record 17 altered) = %d, want 1:\n%s", code, out)
	}
}

func TestVerifyRefusesAPostgresDatabaseNotNsors(t *testing.T) {
	u := pgtest.NewDatabase(t)
	f := newFixture(t)
	if code, out := verify(t, "--database", u, "--keys", f.keysDir()); code != 2 || !strings.Contains(out, "not a database of nsor's") {
		t.Errorf("verify(an empty PostgreSQL database) = %d, want 2 and not nsor's:\n%s", code, out)
	}
}
