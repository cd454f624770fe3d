package auditverify_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/internal/tamper"
)

// The attacks an export directory and the "holds only in part" verdict
// answer (docs/adr/0016-export-history.md), each made on a closed copy of
// the database as its attacker would.

// alterRecord rewrites the record of a leaf into another well-formed
// record (another actor), columns and all, so that only the tree shows it.
func alterRecord(t *testing.T, db *sql.DB, leaf int64) {
	t.Helper()
	if err := tamper.AlterLeaf(db, leaf); err != nil {
		t.Fatal(err)
	}
}

// rehash recomputes every stored hash from the records in leaf order, as
// someone who knows the design would after altering them.
func rehash(t testing.TB, db *sql.DB) {
	t.Helper()
	if err := tamper.Rehash(db); err != nil {
		t.Fatal(err)
	}
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestKeylessRewriteWithStoredCheckpointsDeleted: someone without the
// signing key alters a record, recomputes the tree and deletes the stored
// checkpoints that no longer hold. The database is then consistent in
// itself; the export directory, read by default, shows the rewrite, and
// with the export directory deleted too, the leaves that no checkpoint
// covers long after the grace show it.
func TestKeylessRewriteWithStoredCheckpointsDeleted(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 5, 40)
	f.clock.Advance(5 * time.Minute)
	f.close(t)
	now := f.clock.Now()
	if code, out := verifyAt(t, now, "--data", f.dir); code != 0 {
		t.Fatalf("verify(untouched) = %d, want 0:\n%s", code, out)
	}
	db := rawOpen(t, f.path())
	alterRecord(t, db, 97) // beyond the checkpoints of 40 and 80, which still hold
	rehash(t, db)
	mustExec(t, db, "DELETE FROM audit_checkpoints")
	db.Close()
	code, out := verifyAt(t, now, "--data", f.dir)
	if code != 1 || !strings.Contains(out, "was rewritten") || !strings.Contains(out, "is not stored in the database") {
		t.Errorf("verify(keyless rewrite, stored checkpoints deleted) = %d, want 1 naming the rewrite and the deleted checkpoints:\n%s", code, out)
	}
	if err := os.RemoveAll(f.exportDir()); err != nil {
		t.Fatal(err)
	}
	code, out = verifyAt(t, now, "--data", f.dir)
	if code != 1 || !strings.Contains(out, "leaves 0 to 199 are covered by no checkpoint") {
		t.Errorf("verify(keyless rewrite, stored and exported checkpoints deleted) = %d, want 1 naming the uncovered leaves:\n%s", code, out)
	}
}

// TestStoredCheckpointDeletedIsCaught: a stored checkpoint deleted where
// it was exported is tampering, even when nothing else changed.
func TestStoredCheckpointDeletedIsCaught(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 3, 20)
	f.close(t)
	db := rawOpen(t, f.path())
	mustExec(t, db, "DELETE FROM audit_checkpoints WHERE tree_size = 40")
	db.Close()
	if code, out := verify(t, "--data", f.dir); code != 1 || !strings.Contains(out, "checkpoint of size 40 was exported") {
		t.Errorf("verify(stored checkpoint of 40 deleted) = %d, want 1 naming it:\n%s", code, out)
	}
}

// TestUncoveredLeavesAfterTheGrace is the control of the uncovered-leaves
// check: leaves integrated and not yet checkpointed are fine within the
// grace, and reported after it.
func TestUncoveredLeavesAfterTheGrace(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 2, 20)
	f.appendRecords(t, 6)
	if res, err := f.log.Step(context.Background(), false); err != nil || res.Added != 6 {
		t.Fatalf("Step(no checkpoint) = %+v, %v; want 6 integrated", res, err)
	}
	f.close(t)
	now := f.clock.Now()
	if code, out := verifyAt(t, now.Add(30*time.Second), "--data", f.dir); code != 0 {
		t.Errorf("verify(6 leaves uncovered for 30 s) = %d, want 0:\n%s", code, out)
	}
	if code, out := verifyAt(t, now.Add(2*time.Minute), "--data", f.dir); code != 1 || !strings.Contains(out, "leaves 40 to 45 are covered by no checkpoint") {
		t.Errorf("verify(6 leaves uncovered for 2 min) = %d, want 1 naming them:\n%s", code, out)
	}
	if code, out := verify(t, "--data", f.dir, "--grace", "30s"); code != 2 {
		t.Errorf("verify(--grace 30s) = %d, want 2: the grace is at least 60 s:\n%s", code, out)
	}
}

// TestForgedRestoreNoteBelowTheCut: someone with the signing key cuts the
// log back, alters a record below the cut, and signs a restore note that
// supersedes an auditor's saved checkpoint. The leaf hashes kept in the
// export directory, authenticated by the saved checkpoint, show the
// altered leaf; without them the verdict is "holds only in part", never
// "all holds".
func TestForgedRestoreNoteBelowTheCut(t *testing.T) {
	f := newFixture(t)
	const cut = 150
	f.grow(t, 3, 50)
	c := f.grow(t, 2, 40)
	saved := writeFile(t, "checkpoint", f.exported(t))
	f.close(t)
	db := rawOpen(t, f.path())
	mustExec(t, db, "DELETE FROM audit_records WHERE id IN (SELECT record_id FROM audit_leaves WHERE leaf_index >= ?)", cut)
	mustExec(t, db, "DELETE FROM audit_leaves WHERE leaf_index >= ?", cut)
	alterRecord(t, db, 42)
	rehash(t, db)
	mustExec(t, db, "DELETE FROM audit_checkpoints")
	db.Close()
	f.open(t)
	f.unguarded(t)
	if _, err := f.log.RecordRestore(context.Background(), &nsor.Checkpoint{Size: c.Size, Root: c.Root}); err != nil {
		t.Fatal(err)
	}
	f.grow(t, 1, 10)
	f.close(t)

	code, out := verify(t, "--data", f.dir, "--checkpoint", saved)
	if code != 1 || !strings.Contains(out, "leaf 42") || !strings.Contains(out, "below the restore's cut") {
		t.Errorf("verify(forged restore note, export kept) = %d, want 1 naming leaf 42 below the cut:\n%s", code, out)
	}
	// Only the leaves file kept (say, shipped to write-once storage).
	onlyLeaves := t.TempDir()
	b, err := os.ReadFile(filepath.Join(f.exportDir(), "leaves"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(onlyLeaves, "leaves"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out = verify(t, "--data", f.dir, "--checkpoint", saved, "--checkpoint-dir", onlyLeaves)
	if code != 1 || !strings.Contains(out, "below the restore's cut") {
		t.Errorf("verify(forged restore note, kept leaves) = %d, want 1 naming the altered leaf:\n%s", code, out)
	}
	// The export directory deleted: nothing proves the prefix.
	if err := os.RemoveAll(f.exportDir()); err != nil {
		t.Fatal(err)
	}
	code, out = verify(t, "--data", f.dir, "--checkpoint", saved)
	if code != 3 || !strings.Contains(out, "cannot be proven") || !strings.Contains(out, "HOLDS ONLY IN PART") {
		t.Errorf("verify(forged restore note, export deleted) = %d, want 3 (holds only in part):\n%s", code, out)
	}
}
