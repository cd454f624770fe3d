package auditlog_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/internal/testclock"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
)

type fixture struct {
	db    *sqlstore.DB
	clock *testclock.Clock
	keys  *auditlog.Keys
	dir   string
}

// onBoth runs a test on SQLite and on PostgreSQL (when reachable, and
// always when NSOR_TEST_POSTGRES says so).
func onBoth(t *testing.T, fn func(t *testing.T, dsn func(dir string) string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, func(dir string) string { return filepath.Join(dir, "nsor.db") }) })
	t.Run("postgres", func(t *testing.T) {
		u := pgtest.NewDatabase(t)
		fn(t, func(string) string { return u })
	})
}

func newFixture(t *testing.T, dsn func(dir string) string) *fixture {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlstore.Open(context.Background(), dsn(dir), sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	k, err := auditlog.LoadKeys(dir, auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, clock: testclock.New(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)), keys: k, dir: dir}
}

func (f *fixture) log(t *testing.T, cfg auditlog.Config) *auditlog.Log {
	t.Helper()
	l, err := auditlog.New(f.db, f.clock, f.keys.Signer, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// appendRecords stores n audit records as acts do.
func (f *fixture) appendRecords(t *testing.T, n int) []int64 {
	t.Helper()
	var ids []int64
	err := f.db.Update(context.Background(), func(tx nsor.Tx) error {
		for i := 0; i < n; i++ {
			id, err := tx.AppendAudit(&auditrec.Record{At: f.clock.Now(), ActorID: int64(i%7 + 1),
				Action: "request.read", Outcome: auditrec.OutcomeOK, Object: fmt.Sprintf("request/%d", i)})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// leafHashes recomputes the leaf hashes from the stored records in leaf
// order, independently of the stored tree hashes.
func leafHashes(t *testing.T, db *sqlstore.DB) []tlog.Hash {
	t.Helper()
	var out []tlog.Hash
	err := db.View(context.Background(), func(tx nsor.Tx) error {
		n, err := tx.AuditTreeSize()
		for i := int64(0); err == nil && i < n; i++ {
			var e *nsor.AuditEntry
			if e, err = tx.AuditLeafRecord(i); err == nil {
				out = append(out, tlog.RecordHash(e.Data))
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rootOf is RFC 6962's Merkle tree hash, written out recursively here so
// that the test does not trust the stored hashes.
func rootOf(leaves []tlog.Hash) tlog.Hash {
	if len(leaves) == 1 {
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return tlog.NodeHash(rootOf(leaves[:k]), rootOf(leaves[k:]))
}

func TestStepIntegratesAndSigns(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		l := f.log(t, auditlog.Config{ExportDir: f.dir})
		ctx := context.Background()
		total := 0
		for _, n := range []int{1, 2, 5, 17, 64} {
			f.appendRecords(t, n)
			total += n
			res, err := l.Step(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Leased || res.Added != n || res.Checkpoint == nil || res.Checkpoint.Size != int64(total) {
				t.Fatalf("Step() = %+v, want leased, %d added, checkpoint of %d", res, n, total)
			}
			leaves := leafHashes(t, f.db)
			if got, want := res.Checkpoint.Root, rootOf(leaves); got != want {
				t.Fatalf("checkpoint root at %d = %v, want %v", total, got, want)
			}
		}
		exported, err := os.ReadFile(filepath.Join(f.dir, "checkpoint"))
		if err != nil {
			t.Fatal(err)
		}
		known, _ := f.keys.Known()
		size, root, err := auditlog.OpenCheckpoint(exported, known, auditlog.DefaultOrigin)
		if err != nil || size != int64(total) || root != rootOf(leafHashes(t, f.db)) {
			t.Fatalf("OpenCheckpoint(exported) = %d, %v, %v; want %d and the tree's root", size, root, err, total)
		}
		res, err := l.Step(ctx, true)
		if err != nil || res.Added != 0 || res.Checkpoint != nil {
			t.Fatalf("Step() with nothing new = %+v, %v; want nothing added or signed", res, err)
		}
	})
}

func TestLeaseIsExclusiveAndHandsOver(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		a := f.log(t, auditlog.Config{Lease: 5 * time.Second})
		b := f.log(t, auditlog.Config{Lease: 5 * time.Second})
		ctx := context.Background()
		f.appendRecords(t, 3)
		if res, err := a.Step(ctx, false); err != nil || !res.Leased || res.Added != 3 {
			t.Fatalf("a.Step() = %+v, %v; want the lease and 3 records", res, err)
		}
		f.appendRecords(t, 2)
		if res, err := b.Step(ctx, false); err != nil || res.Leased || res.Added != 0 {
			t.Fatalf("b.Step() while a holds the lease = %+v, %v; want nothing", res, err)
		}
		f.clock.Advance(5 * time.Second) // a died: its lease runs out unrenewed
		if res, err := b.Step(ctx, true); err != nil || !res.Leased || res.Added != 2 || res.Checkpoint.Size != 5 {
			t.Fatalf("b.Step() after a's lease ran out = %+v, %v; want the lease, 2 records, a checkpoint of 5", res, err)
		}
		if res, err := a.Step(ctx, false); err != nil || res.Leased {
			t.Fatalf("a.Step() after b took over = %+v, %v; want no lease", res, err)
		}
	})
}

// TestYieldHandsOverAtOnce: an instance that stops yields its lease, and
// another takes over at its next step, before the lease would have run out;
// yielding a lease one does not hold changes nothing.
func TestYieldHandsOverAtOnce(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		a := f.log(t, auditlog.Config{Lease: time.Hour})
		b := f.log(t, auditlog.Config{Lease: time.Hour})
		ctx := context.Background()
		f.appendRecords(t, 2)
		if res, err := a.Step(ctx, false); err != nil || !res.Leased {
			t.Fatalf("a.Step() = %+v, %v; want the lease", res, err)
		}
		if err := b.Yield(ctx); err != nil {
			t.Fatal(err)
		}
		if res, err := b.Step(ctx, false); err != nil || res.Leased {
			t.Fatalf("b.Step() after b yielded a lease it did not hold = %+v, %v; want no lease", res, err)
		}
		stop, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); a.Run(stop) }()
		cancel()
		<-done
		f.appendRecords(t, 3) // the clock stands still: a's hour-long lease has not run out
		if res, err := b.Step(ctx, true); err != nil || !res.Leased || res.Added != 3 {
			t.Fatalf("b.Step() after a stopped = %+v, %v; want the lease and 3 records", res, err)
		}
	})
}

func TestConcurrentSequencersNeverFork(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		logs := []*auditlog.Log{f.log(t, auditlog.Config{}), f.log(t, auditlog.Config{})}
		ctx := context.Background()
		var wg sync.WaitGroup
		for round := 0; round < 20; round++ {
			f.appendRecords(t, 7)
			for _, l := range logs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := l.Step(ctx, true); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			f.clock.Advance(6 * time.Second)
		}
		if got := len(leafHashes(t, f.db)); got != 140 {
			t.Fatalf("leaves = %d, want 140: every record once", got)
		}
	})
}

func TestProveRecord(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		l := f.log(t, auditlog.Config{})
		ctx := context.Background()
		ids := f.appendRecords(t, 11)
		if _, err := l.Step(ctx, true); err != nil {
			t.Fatal(err)
		}
		late := f.appendRecords(t, 1)[0]
		known, _ := f.keys.Known()
		err := f.db.View(ctx, func(tx nsor.Tx) error {
			for _, id := range ids {
				p, err := l.ProveRecord(ctx, tx, id)
				if err != nil {
					return err
				}
				size, root, err := auditlog.OpenCheckpoint(p.Checkpoint, known, auditlog.DefaultOrigin)
				if err != nil || size != p.TreeSize {
					return fmt.Errorf("checkpoint of proof %d: %d, %v", id, size, err)
				}
				proof := make(tlog.RecordProof, len(p.Proof))
				for i, h := range p.Proof {
					proof[i] = h
				}
				if err := tlog.CheckRecord(proof, size, root, p.Index, tlog.RecordHash(p.Record)); err != nil {
					t.Errorf("CheckRecord(proof of record %d) = %v, want nil", id, err)
				}
			}
			if _, err := l.ProveRecord(ctx, tx, late); nsor.ErrorCode(err) != "audit.not_checkpointed" {
				t.Errorf("ProveRecord(unsequenced) = %v, want audit.not_checkpointed", err)
			}
			if _, err := l.ProveRecord(ctx, tx, late+100); nsor.KindOf(err) != nsor.KindNotFound {
				t.Errorf("ProveRecord(absent) = %v, want not found", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestRotatedKeysKeepOldCheckpointsVerifiable(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		ctx := context.Background()
		f.appendRecords(t, 3)
		res, err := f.log(t, auditlog.Config{}).Step(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		old := res.Checkpoint.Note
		k2, err := auditlog.RotateKeys(f.dir, auditlog.DefaultOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if len(k2.Verifiers) != 2 {
			t.Fatalf("verifiers after rotation = %d, want 2", len(k2.Verifiers))
		}
		f.keys = k2
		f.appendRecords(t, 1)
		f.clock.Advance(6 * time.Second) // the old instance's lease runs out
		res, err = f.log(t, auditlog.Config{}).Step(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		known, _ := k2.Known()
		for _, msg := range [][]byte{old, res.Checkpoint.Note} {
			if _, _, err := auditlog.OpenCheckpoint(msg, known, auditlog.DefaultOrigin); err != nil {
				t.Errorf("OpenCheckpoint after rotation = %v, want nil", err)
			}
		}
		// A key from another installation is refused.
		other, _, _ := note.GenerateKey(rand.Reader, auditlog.DefaultOrigin)
		s, _ := note.NewSigner(other)
		forged, _ := auditlog.SignCheckpoint(s, auditlog.DefaultOrigin, 4, res.Checkpoint.Root)
		if _, _, err := auditlog.OpenCheckpoint(forged, known, auditlog.DefaultOrigin); err == nil {
			t.Error("OpenCheckpoint(signed by an unknown key) = nil, want an error")
		}
	})
}
