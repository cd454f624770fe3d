package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"nsor"
	"nsor/storetest"
)

// openTemp opens a fresh, migrated SQLite store in the test's directory.
func openTemp(t testing.TB, opts Options) *DB {
	t.Helper()
	opts.Migrate = true
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "nsor.db"), opts)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) nsor.Store { return planted(openTemp(t, Options{})) })
}

func TestPragmas(t *testing.T) {
	db := openTemp(t, Options{})
	tests := []struct {
		conn   *sql.DB
		pragma string
		want   string
	}{
		{db.write, "journal_mode", "wal"},
		{db.write, "synchronous", "2"}, // FULL
		{db.write, "foreign_keys", "1"},
		{db.write, "busy_timeout", "5000"},
		{db.write, "temp_store", "2"},         // MEMORY
		{db.write, "wal_autocheckpoint", "0"}, // checkpoint.go does it
		{db.read, "journal_mode", "wal"},
		{db.read, "foreign_keys", "1"},
		{db.read, "query_only", "1"},
	}
	for _, tc := range tests {
		var got string
		if err := tc.conn.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s = %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
	if n := db.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer MaxOpenConnections = %d, want 1", n)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nsor.db")
	db, err := Open(ctx, path, Options{Migrate: true})
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	if _, err := db.write.Exec("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", LatestSchema()+1, "9999_future.sql"); err != nil {
		t.Fatalf("insert future migration: %v", err)
	}
	db.Close()
	if _, err := Open(ctx, path, Options{}); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("Open(newer schema) = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenRefusesForeignDatabase(t *testing.T) {
	ctx := context.Background()
	tests := map[string][]string{
		"no schema_migrations":    {"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"},
		"other migration tool":    {"CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, dirty BOOLEAN)"},
		"other migration history": {"CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT)", "INSERT INTO schema_migrations VALUES (1, '0001_customers.sql')"},
	}
	for name, stmts := range tests {
		path := filepath.Join(t.TempDir(), "other.db")
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, q := range stmts {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if _, err := Open(ctx, path, Options{Migrate: true}); !errors.Is(err, ErrForeignDatabase) {
			t.Errorf("Open(%s) = %v, want ErrForeignDatabase", name, err)
		}
		// Refused means untouched: not even switched to WAL.
		var mode string
		if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
			t.Errorf("journal_mode of a refused %s database = %s, %v; want delete", name, mode, err)
		}
	}
}

func TestOpenRefusesNotSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	content := []byte("these are someone's notes, not a database, and they are long enough to have a header\n")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(context.Background(), path, Options{Migrate: true}); err == nil {
		db.Close()
		t.Fatalf("Open(text file) = nil error, want a refusal")
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, content) {
		t.Errorf("text file after a refused Open = %q, %v; want it unchanged", got, err)
	}
}

func TestOpenRefusesNoPath(t *testing.T) {
	for _, dsn := range []string{"", ":memory:", "a?b"} {
		if db, err := Open(context.Background(), dsn, Options{}); err == nil {
			db.Close()
			t.Errorf("Open(%q) = nil error, want a refusal", dsn)
		}
	}
}

// TestGroupCommit: concurrent Updates share COMMITs, and a failing function
// in a batch leaves its neighbours' writes in place.
func TestGroupCommit(t *testing.T) {
	db := openTemp(t, Options{})
	const workers, each = 32, 20
	failures := make(chan error, workers*each)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				code := string(rune('A'+g%26)) + string(rune('a'+g/26)) + "-" + string(rune('0'+i/10)) + string(rune('0'+i%10))
				fail := i%4 == 3
				err := db.Update(context.Background(), func(tx nsor.Tx) error {
					if err := tx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindCountry, Code: code, Name: code}); err != nil {
						return err
					}
					if fail {
						return errors.New("planned")
					}
					return nil
				})
				if (err != nil) != fail {
					failures <- err
				}
			}
		})
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Errorf("Update = %v", err)
	}
	st := db.Stats()
	if st.Updates != workers*each || st.Failed != workers*each/4 {
		t.Errorf("Stats() = %+v, want %d updates, %d failed", st, workers*each, workers*each/4)
	}
	if st.Commits >= st.Updates {
		t.Errorf("Stats().Commits = %d for %d concurrent Updates, want fewer: batches share a COMMIT", st.Commits, st.Updates)
	}
	var n int
	if err := db.read.QueryRow("SELECT COUNT(*) FROM jurisdictions").Scan(&n); err != nil || n != workers*each*3/4 {
		t.Errorf("jurisdictions stored = %d, %v; want %d", n, err, workers*each*3/4)
	}
}

// TestCheckpointer: the WAL is copied back into the database file off the
// writer's path while the store runs, and emptied when it closes.
func TestCheckpointer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nsor.db")
	db, err := Open(context.Background(), path, Options{Migrate: true, CheckpointEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if err := db.Update(context.Background(), func(tx nsor.Tx) error {
			return tx.PutBlob(&nsor.Blob{Data: bytes.Repeat([]byte{byte(i)}, 8000)})
		}); err != nil {
			t.Fatal(err)
		}
	}
	// The blobs reach the database file only by a checkpoint; the test
	// watches the file's size rather than checkpointing itself.
	deadline := time.Now().Add(5 * time.Second)
	for {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > 50*8000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("database file = %d bytes after 5 s, want the blobs checkpointed into it", fi.Size())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL after Close = %d bytes, want 0 (truncated)", fi.Size())
	}
}
