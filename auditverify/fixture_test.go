package auditverify_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/auditverify"
	"nsor/internal/testclock"
	"nsor/sqlstore"
)

// The tests populate databases with the writer (sqlstore and the auditlog
// sequencer), as a running nsor does, and verify them with auditverify,
// which shares nothing with the writer but the record encoding.

// fixture is a data directory: DIR/nsor.db and DIR/keys.
type fixture struct {
	dir   string
	dsn   string // a PostgreSQL URL; empty means DIR/nsor.db
	db    *sqlstore.DB
	clock *testclock.Clock
	keys  *auditlog.Keys
	log   *auditlog.Log
	n     int // records appended
}

func newFixture(t testing.TB) *fixture { t.Helper(); return newFixtureAt(t, "") }

// newFixtureAt makes a fixture on the database at dsn (empty for SQLite).
func newFixtureAt(t testing.TB, dsn string) *fixture {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	k, err := auditlog.LoadKeys(filepath.Join(dir, "keys"), auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir, dsn: dsn, keys: k, clock: testclock.New(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))}
	f.open(t)
	t.Cleanup(func() {
		if f.db != nil {
			f.db.Close()
		}
	})
	return f
}

func (f *fixture) path() string    { return filepath.Join(f.dir, "nsor.db") }
func (f *fixture) keysDir() string { return filepath.Join(f.dir, "keys") }

// exportDir is where the sequencer exports, as nsor does: DIR/checkpoints.
func (f *fixture) exportDir() string { return filepath.Join(f.dir, "checkpoints") }

// open opens the database with the writer, and a sequencer on it.
func (f *fixture) open(t testing.TB) {
	t.Helper()
	src := f.dsn
	if src == "" {
		src = f.path()
	}
	db, err := sqlstore.Open(context.Background(), src, sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	f.db = db
	if err := os.MkdirAll(f.exportDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	f.log, err = auditlog.New(db, f.clock, f.keys.Signer, auditlog.Config{ExportDir: f.exportDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

// unguarded replaces the sequencer with one that exports nothing and so
// compares the database with no export: a writer that goes on where nsor
// refuses (an older nsor, or someone running the sequencer's code by hand).
func (f *fixture) unguarded(t testing.TB) {
	t.Helper()
	l, err := auditlog.New(f.db, f.clock, f.keys.Signer, auditlog.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.log = l
}

// close closes the database, so that its file holds everything (the WAL is
// checkpointed into it) and can be copied.
func (f *fixture) close(t testing.TB) {
	t.Helper()
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	f.db = nil
}

var actions = []string{"request.read", "register.search", "auth.signin", "request.submit", "record.read", "disclosure.release"}

// appendRecords stores n audit records as acts do, a second apart.
func (f *fixture) appendRecords(t testing.TB, n int) {
	t.Helper()
	err := f.db.Update(context.Background(), func(tx nsor.Tx) error {
		for i := 0; i < n; i++ {
			f.n++
			r := &auditrec.Record{At: f.clock.Now(), ActorID: int64(f.n%13 + 1), ActorRole: "io", Source: "api",
				Client: "192.0.2.7", Action: actions[f.n%len(actions)], Outcome: auditrec.OutcomeOK,
				Object: fmt.Sprintf("request/%d", f.n%97+1), RequestID: int64(f.n%97 + 1), Purpose: "request/1",
				Identifiers: []auditrec.Identifier{{Kind: "cnic", KeyVersion: 1, MAC: [32]byte{byte(f.n), byte(f.n >> 8), 9}}},
				Details:     []auditrec.Detail{{Key: "count", Value: fmt.Sprint(f.n % 5)}}}
			if f.n%9 == 0 {
				r.Outcome, r.Code = auditrec.OutcomeRefused, "auth.forbidden"
			}
			if _, err := tx.AppendAudit(r); err != nil {
				return err
			}
			f.clock.Advance(time.Second / 4)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// step integrates what is pending and signs a checkpoint.
func (f *fixture) step(t testing.TB) *nsor.Checkpoint {
	t.Helper()
	res, err := f.log.Step(context.Background(), true)
	if err != nil || !res.Leased {
		t.Fatalf("Step() = %+v, %v; want the lease", res, err)
	}
	return res.Checkpoint
}

// grow appends records in batches, integrating and checkpointing after each.
func (f *fixture) grow(t testing.TB, batches, perBatch int) *nsor.Checkpoint {
	t.Helper()
	var c *nsor.Checkpoint
	for i := 0; i < batches; i++ {
		f.appendRecords(t, perBatch)
		c = f.step(t)
		f.clock.Advance(10 * time.Second)
	}
	return c
}

// exported reads the checkpoint the sequencer last exported.
func (f *fixture) exported(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.exportDir(), "checkpoint"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot returns the bytes of the closed database file.
func (f *fixture) snapshot(t testing.TB) []byte {
	t.Helper()
	if f.db != nil {
		f.close(t)
		defer f.open(t)
	}
	b, err := os.ReadFile(f.path())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile writes b to a new file in a temporary directory.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// rawOpen opens a copy of a database with the plain driver, to tamper.
func rawOpen(t testing.TB, path string) *sql.DB {
	t.Helper()
	// No fsync: the copies are thrown away.
	db, err := sql.Open("sqlite", path+"?_pragma=synchronous(OFF)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// verify runs the verify command and returns its exit code and output. It
// reads no environment, and has no clock: leaves left uncovered are not
// checked (verifyAt checks them).
func verify(t testing.TB, args ...string) (int, string) {
	t.Helper()
	return verifyAt(t, time.Time{}, args...)
}

// verifyAt runs the verify command with the clock at now.
func verifyAt(t testing.TB, now time.Time, args ...string) (int, string) {
	t.Helper()
	var out, errs bytes.Buffer
	env := auditverify.Env{Getenv: func(string) string { return "" }}
	if !now.IsZero() {
		env.Now = func() time.Time { return now }
	}
	code := auditverify.MainVerify(context.Background(), "verify", args, &out, &errs, env)
	return code, out.String() + errs.String()
}

var _ io.Writer = (*bytes.Buffer)(nil)

func itoa(n int64) string { return fmt.Sprint(n) }
