package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditlog"
	"nsor/backup"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
)

// refusal is one bad restore: the file, where it goes, the error it must
// meet.
type refusal struct {
	name   string
	file   string
	target *site
	want   error
	hold   bool // a server runs on the target: its sequencer's lease is held
}

// TestRestoreRefusals, on each database: a truncated file, a flipped byte,
// a file that is no backup, a backup of another installation or of a newer
// schema, a machine without the keys, a database in use (and, on PostgreSQL, a database that is not
// empty or a backup of SQLite): each is refused with its own error, and the
// target's rows and data directory are exactly as before.
func TestRestoreRefusals(t *testing.T) {
	for _, kind := range backupKinds {
		t.Run(kind, func(t *testing.T) {
			for _, r := range refusals(t, kind) {
				t.Run(r.name, func(t *testing.T) { checkRefused(t, r) })
			}
		})
	}
}

func refusals(t *testing.T, kind string) []refusal {
	s := newSite(t, kind)
	s.act(t, false, "SY1")
	good := backupOf(t, s)
	s.act(t, false, "SY2")
	other := newSite(t, kind)
	other.act(t, false, "SY9")
	// File faults are refused before the target is looked at: on
	// PostgreSQL, into the empty database a restore would use.
	fileTarget := s
	if kind == "postgres" {
		fileTarget = s.onDatabase(t, pgtest.NewDatabase(t))
	}
	dir := t.TempDir()
	rs := []refusal{
		{"truncated", cut(t, good, dir), fileTarget, backup.ErrTruncated, false},
		{"flipped byte", flip(t, good, dir), fileTarget, backup.ErrCorrupt, false},
		{"not a backup", write(t, dir, "notes.txt", "SQLite format 3\x00 and then some synthetic text"), fileTarget, backup.ErrNotBackup, false},
		{"newer schema", newerSchema(t, good, dir), fileTarget, errSchemaTooNew, false},
		{"another installation", backupOf(t, other), s, errOtherInstallation, false},
		{"no keys", good, newSite(t, kind), errNoKeys, false},
	}
	if kind == "sqlite" { // PostgreSQL can only tell once the copy is loaded
		rs = append(rs, refusal{"manifest lies", lying(t, other, s, dir), s, backup.ErrCorrupt, false})
	}
	if kind == "postgres" {
		lite := newSite(t, "sqlite")
		lite.act(t, false)
		rs = append(rs, refusal{"not empty", good, s, errTargetNotEmpty, false},
			refusal{"sqlite backup", backupOf(t, lite), fileTarget, errWrongDatabase, false})
	}
	return append(rs, refusal{"in use", good, s, errTargetInUse, true})
}

// checkRefused runs the restore and checks its error and that nothing of
// the target changed.
func checkRefused(t *testing.T, r refusal) {
	t.Helper()
	if r.hold {
		r.target.act(t, true)
	}
	rows, files := r.target.dump(t), r.target.files(t)
	out, err := r.target.cmd(t, "restore", "--in", r.file)
	if !errors.Is(err, r.want) {
		t.Fatalf("restore(%s) = %v, want %v\n%s", r.name, err, r.want, out)
	}
	if after := r.target.dump(t); !reflect.DeepEqual(after, rows) {
		t.Errorf("restore(%s) changed the database's rows", r.name)
	}
	if after := r.target.files(t); !reflect.DeepEqual(after, files) {
		t.Errorf("restore(%s) changed the data directory: %v, want %v", r.name, names(after), names(files))
	}
}

func backupOf(t *testing.T, s *site) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "nsor.backup")
	if out, err := s.cmd(t, "backup", "--out", file); err != nil {
		t.Fatalf("backup = %v\n%s", err, out)
	}
	return file
}

func read(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// cut keeps the first half of a backup.
func cut(t *testing.T, file, dir string) string {
	b := read(t, file)
	return write(t, dir, "truncated.backup", string(b[:len(b)/2]))
}

// flip changes one byte in the middle of a backup, inside the database.
func flip(t *testing.T, file, dir string) string {
	b := read(t, file)
	b[len(b)/2] ^= 0x01
	return write(t, dir, "flipped.backup", string(b))
}

// newerSchema rewrites a backup as if a newer nsor had made it: whole and
// well-formed, but of a schema this binary does not know.
func newerSchema(t *testing.T, file, dir string) string {
	return rewrite(t, file, dir, "newer.backup", func(m *backup.Manifest) { m.Schema = sqlstore.LatestSchema() + 1 })
}

// rewrite writes a whole, well-formed backup of the same parts with its
// manifest changed.
func rewrite(t *testing.T, file, dir, name string, change func(*backup.Manifest)) string {
	t.Helper()
	parts, err := os.MkdirTemp(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	m, paths, err := backup.ReadFile(file, parts)
	if err != nil {
		t.Fatal(err)
	}
	var files []backup.File
	for _, p := range m.Parts {
		files = append(files, backup.File{Name: p.Name, Path: paths[p.Name]})
	}
	change(m)
	out := filepath.Join(dir, name)
	if _, err := backup.WriteFile(out, *m, files); err != nil {
		t.Fatal(err)
	}
	return out
}

// lying is a backup of other whose manifest claims the installation of s.
func lying(t *testing.T, other, s *site, dir string) string {
	t.Helper()
	m, _, err := backup.ReadFile(backupOf(t, s), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return rewrite(t, backupOf(t, other), dir, "lying.backup", func(o *backup.Manifest) { o.Installation = m.Installation })
}

func names(m map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return strings.Join(ks, " ")
}

// TestRefusalHarnessControl: the check that a refused restore changed
// nothing must see a change when there is one, in the rows and in the data
// directory.
func TestRefusalHarnessControl(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	rows, files := s.dump(t), s.files(t)
	s.act(t, false, "SY2") // a new jurisdiction, audit records and an exported checkpoint
	if reflect.DeepEqual(s.dump(t), rows) {
		t.Error("dump did not see a new jurisdiction")
	}
	if reflect.DeepEqual(s.files(t), files) {
		t.Error("files did not see a new exported checkpoint")
	}
}

// TestRestoreUnverified: when the verifier does not accept the restored log
// (here, given a checkpoint that the installation's key signed over a tree
// the log never had), the restore fails; on SQLite nothing of the target
// has changed, for the copy is verified before it is put in place.
func TestRestoreUnverified(t *testing.T) {
	for _, kind := range backupKinds {
		t.Run(kind, func(t *testing.T) {
			s := newSite(t, kind)
			s.act(t, false, "SY1")
			file := backupOf(t, s)
			k, err := auditlog.LoadKeys(s.c.keyPath(), s.c.auditOrigin, "")
			if err != nil {
				t.Fatal(err)
			}
			forged, err := auditlog.SignCheckpoint(k.Signer, s.c.auditOrigin, 1, tlog.Hash{1})
			if err != nil {
				t.Fatal(err)
			}
			cp := write(t, t.TempDir(), "checkpoint", string(forged))
			target := s
			if kind == "postgres" {
				target = s.onDatabase(t, pgtest.NewDatabase(t))
			}
			rows, files := target.dump(t), target.files(t)
			out, err := target.cmd(t, "restore", "--in", file, "--checkpoint", cp)
			if !errors.Is(err, errNotVerified) {
				t.Fatalf("restore(forged checkpoint) = %v, want %v\n%s", err, errNotVerified, out)
			}
			if kind == "sqlite" && (!reflect.DeepEqual(target.dump(t), rows) || !reflect.DeepEqual(target.files(t), files)) {
				t.Errorf("restore(forged checkpoint) changed the target")
			}
		})
	}
}
