package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"nsor"
	"nsor/auditlog"
)

// TestDataFilesPrivate: under a umask of 0, whether the operator made the
// data directory (0755) or nsor did, every file nsor writes there holding
// data or keys is 0600 (the database, its -wal and -shm, the keys), the
// directory nsor made and the key directory are 0700. Only what is public
// by design is readable by others: the audit log's public keys and the
// exported checkpoints (docs/adr/0010-merkle-log.md).
func TestDataFilesPrivate(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	operator := filepath.Join(t.TempDir(), "operator-made")
	if err := os.Mkdir(operator, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{operator, filepath.Join(t.TempDir(), "nsor-made")} {
		c := config{data: dir, auditOrigin: auditlog.DefaultOrigin}
		a, err := c.open(context.Background(), true, nsor.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		checkModes(t, dir, dir != operator)
		a.db.Close()
	}
}

// checkModes walks dir and fails on a file or directory others may read.
func checkModes(t *testing.T, dir string, nsorMade bool) {
	t.Helper()
	public := map[string]bool{auditlog.VerifiersFile: true, auditlog.ExportFile: true, "checkpoints": true}
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		seen[d.Name()] = true
		want := fs.FileMode(0o600)
		switch {
		case p == dir && !nsorMade:
			return nil // the operator's choice
		case public[d.Name()]:
			return nil
		case d.IsDir():
			want = 0o700
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("mode of %s = %#o, want %#o", p, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"nsor.db", "nsor.db-wal", "nsor.db-shm", "keys"} {
		if !seen[f] {
			t.Errorf("%s: no %s written, want one to check", dir, f)
		}
	}
}

// TestReadyWrites: the health check's readiness commits a write (the
// store's probe), so that a database that answers reads but cannot take a
// write (a full disk) is not reported ready.
func TestReadyWrites(t *testing.T) {
	c := config{data: t.TempDir(), auditOrigin: auditlog.DefaultOrigin}
	a, err := c.open(context.Background(), true, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	before := a.db.Stats().Commits
	if err := ready(a)(context.Background()); err != nil {
		t.Fatalf("ready() = %v", err)
	}
	if got := a.db.Stats().Commits; got != before+1 {
		t.Errorf("ready() committed %d writes, want 1 (the write probe)", got-before)
	}
}
