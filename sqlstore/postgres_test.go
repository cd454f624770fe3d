package sqlstore

import (
	"context"
	"testing"

	"nsor"
	"nsor/sqlstore/pgtest"
	"nsor/storetest"
)

// openPG opens a fresh, migrated PostgreSQL store in a database of the
// test's own (pgtest); it skips the test when no server is to be tested.
func openPG(t testing.TB, opts Options) *DB {
	t.Helper()
	opts.Migrate = true
	db, err := Open(context.Background(), pgtest.NewDatabase(t), opts)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformancePostgres(t *testing.T) {
	pgtest.Available(t)
	storetest.Run(t, func(t *testing.T) nsor.Store { return planted(openPG(t, Options{})) })
}
