package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"nsor"
)

// permissiveUmask sets the umask to 0 for the test: files are created with
// exactly the mode asked for, as under a careless service manager.
func permissiveUmask(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
}

// TestDatabaseFilesPrivate: in a directory the operator made 0755, under a
// umask of 0, the database and its -wal and -shm are 0600; a database
// left 0644 by an older nsor is made 0600 when opened.
func TestDatabaseFilesPrivate(t *testing.T) {
	permissiveUmask(t)
	dir := filepath.Join(t.TempDir(), "operator-made")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nsor.db")
	db, err := Open(context.Background(), path, Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(context.Background(), createCountry("PV")); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, path, path+"-wal", path+"-shm")
	db.Close()

	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(context.Background(), func(tx nsor.Tx) error { _, err := tx.JurisdictionByCode("PV"); return err }); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, path, path+"-wal", path+"-shm")
}

// wantPrivate fails unless every file exists with mode 0600.
func wantPrivate(t *testing.T, files ...string) {
	t.Helper()
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("stat %s: %v", filepath.Base(f), err)
			continue
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("mode of %s = %#o, want 0600", filepath.Base(f), got)
		}
	}
}
