package sqlstore

import (
	"context"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"

	"nsor"
	"nsor/sqlstore/pgtest"
)

// TestInstallation: migrating draws a random ID of 32 hex digits once; it
// stays when the database is reopened and migrated again, and two databases
// draw different IDs.
func TestInstallation(t *testing.T) {
	for name, fresh := range migrationDatabases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dsn := fresh(t)
			first := installation(t, mustOpen(t, dsn, Options{Migrate: true}))
			if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(first) {
				t.Errorf("Installation() = %q, want 32 hex digits", first)
			}
			db := mustOpen(t, dsn, Options{Migrate: true})
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if again := installation(t, db); again != first {
				t.Errorf("Installation(reopened) = %q, want %q", again, first)
			}
			if other := installation(t, mustOpen(t, fresh(t), Options{Migrate: true})); other == first {
				t.Errorf("Installation(another database) = %q, the same as the first", other)
			}
		})
	}
}

func installation(t *testing.T, db *DB) string {
	t.Helper()
	id, err := db.Installation(context.Background())
	if err != nil {
		t.Fatalf("Installation() = %v", err)
	}
	return id
}

// TestSnapshotSQLite: the copy is a database of the same installation that
// holds what was committed, and read sees the copy's state.
func TestSnapshotSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpen(t, filepath.Join(dir, "nsor.db"), Options{Migrate: true})
	j := fillSchema1(t, db)
	var seen *nsor.Jurisdiction
	info, err := db.Snapshot(ctx, filepath.Join(dir, "copy.db"), func(tx nsor.Tx) (err error) {
		seen, err = tx.Jurisdiction(j.ID)
		return err
	})
	if err != nil {
		t.Fatalf("Snapshot = %v", err)
	}
	if want := installation(t, db); info.Installation != want || info.Schema != LatestSchema() {
		t.Errorf("Snapshot = %+v, want installation %s at schema %d", info, want, LatestSchema())
	}
	if seen == nil || seen.Code != j.Code {
		t.Errorf("Snapshot read jurisdiction %+v, want %+v", seen, j)
	}
	cp := mustOpen(t, filepath.Join(dir, "copy.db"), Options{})
	if got := installation(t, cp); got != info.Installation {
		t.Errorf("Installation(copy) = %q, want %q", got, info.Installation)
	}
	if holder, until, err := cp.SequencerLease(ctx); err != nil || holder != "" || !until.Equal(time.UnixMilli(0)) {
		t.Errorf("SequencerLease(copy) = %q, %v, %v; want none", holder, until, err)
	}
}

// TestSnapshotPostgres: pg_dump's copy of the exported snapshot restores
// into an empty database as the same installation with the same rows, and
// a failed restore leaves the target empty.
func TestSnapshotPostgres(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, pgtest.NewDatabase(t), Options{Migrate: true})
	j := fillSchema1(t, db)
	file := filepath.Join(t.TempDir(), "copy.pgdump")
	var size int64
	info, err := db.Snapshot(ctx, file, func(tx nsor.Tx) (err error) {
		size, err = tx.AuditTreeSize()
		return err
	})
	if err != nil {
		t.Fatalf("Snapshot = %v", err)
	}
	if want := installation(t, db); info.Installation != want || info.Schema != LatestSchema() || size != 0 {
		t.Errorf("Snapshot = %+v, tree size %d; want installation %s at schema %d, size 0", info, size, want, LatestSchema())
	}
	target := pgtest.NewDatabase(t)
	if err := RestorePostgres(ctx, target, file); err != nil {
		t.Fatalf("RestorePostgres = %v", err)
	}
	cp := mustOpen(t, target, Options{})
	if got := installation(t, cp); got != info.Installation {
		t.Errorf("Installation(restored) = %q, want %q", got, info.Installation)
	}
	if before, after := readAll(t, db, false), readAll(t, cp, false); !reflect.DeepEqual(after, before) {
		t.Errorf("rows restored = %+v, want %+v", after, before)
	}
	next := &nsor.Jurisdiction{Kind: nsor.KindProvince, Code: "SD", Name: "Sindh", ParentID: j.ID}
	if err := cp.Update(ctx, func(tx nsor.Tx) error { return tx.CreateJurisdiction(next) }); err != nil || next.ID <= j.ID {
		t.Errorf("CreateJurisdiction(restored) = ID %d, %v; want an ID after %d", next.ID, err, j.ID)
	}
	// Into a database that is not empty the one transaction fails whole.
	if err := RestorePostgres(ctx, target, file); err == nil {
		t.Errorf("RestorePostgres(over itself) = nil, want an error")
	}
	var n int
	if err := cp.read.QueryRow("SELECT COUNT(*) FROM jurisdictions").Scan(&n); err != nil || n != 2 {
		t.Errorf("jurisdictions after a failed restore = %d, %v; want 2", n, err)
	}
}
