package main

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nsor"
	"nsor/auditlog"
	"nsor/internal/tamper"
	"nsor/sqlstore"
)

// Two attacks on the audit log of a stopped installation, each caught by
// "nsor audit verify --data DIR" (docs/adr/0016-export-history.md); the
// third, a rollback under the installation, is rollback_test.go's.

// TestVerifyCatchesAKeylessRewrite: without the signing key, someone alters
// a record, recomputes the stored tree and deletes the stored checkpoints.
// The export directory, read by default, shows the rewrite.
func TestVerifyCatchesAKeylessRewrite(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1", "SY2")
	s.act(t, false, "SY3")
	db := rawSQLite(t, s.c.dbPath())
	alterLeaf(t, db, 1)
	rehashSQLite(t, db)
	execSQL(t, db, "DELETE FROM audit_checkpoints")
	db.Close()
	out, err := s.verifyDefault(t)
	if !errors.Is(err, exitStatus(1)) || !strings.Contains(out, "was rewritten") {
		t.Errorf("nsor audit verify --data DIR after a keyless rewrite = %v, want exit 1 naming the rewrite:\n%s", err, out)
	}
}

// TestVerifyCatchesAForgedRestoreNote: with the signing key, someone cuts
// the log back, alters a record below the cut and signs a restore note that
// supersedes the checkpoint an auditor saved. The leaf hashes the export
// directory kept, which the saved checkpoint authenticates, show the
// altered leaf.
func TestVerifyCatchesAForgedRestoreNote(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1", "SY2")
	cut := s.exported(t)
	s.act(t, false, "SY3", "SY4")
	saved := filepath.Join(t.TempDir(), "checkpoint")
	note := read(t, filepath.Join(s.c.exportDir(), "checkpoint"))
	if err := os.WriteFile(saved, note, 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := auditlog.LoadKeys(s.c.keyPath(), s.c.auditOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	known, _ := k.Known()
	size, root, err := auditlog.OpenCheckpoint(note, known, s.c.auditOrigin)
	if err != nil {
		t.Fatal(err)
	}
	db := rawSQLite(t, s.c.dbPath())
	execSQL(t, db, "DELETE FROM audit_records WHERE id IN (SELECT record_id FROM audit_leaves WHERE leaf_index >= ?)", cut)
	execSQL(t, db, "DELETE FROM audit_leaves WHERE leaf_index >= ?", cut)
	alterLeaf(t, db, 1)
	rehashSQLite(t, db)
	execSQL(t, db, "DELETE FROM audit_checkpoints")
	db.Close()

	store, err := sqlstore.Open(ctx, s.c.dbPath(), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := auditlog.New(store, wallClock, k.Signer, auditlog.Config{Origin: s.c.auditOrigin}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.RecordRestore(ctx, &nsor.Checkpoint{Size: size, Root: root}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Step(ctx, true); err != nil {
		t.Fatal(err)
	}
	store.Close()

	var out strings.Builder
	err = commands["audit"](ctx, []string{"verify", "--data", s.c.data, "--checkpoint", saved}, &out)
	if !errors.Is(err, exitStatus(1)) || !strings.Contains(out.String(), "below the restore's cut") {
		t.Errorf("nsor audit verify after a forged restore note = %v, want exit 1 naming the leaf below the cut:\n%s", err, out.String())
	}
}

func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func execSQL(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// alterLeaf rewrites a leaf's record as another well-formed record.
func alterLeaf(t *testing.T, db *sql.DB, leaf int64) {
	t.Helper()
	if err := tamper.AlterLeaf(db, leaf); err != nil {
		t.Fatal(err)
	}
}

// rehashSQLite recomputes every stored hash from the records in leaf order.
func rehashSQLite(t *testing.T, db *sql.DB) {
	t.Helper()
	if err := tamper.Rehash(db); err != nil {
		t.Fatal(err)
	}
}
