package auditverify_test

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"nsor/auditlog"
)

// Input the verifier cannot use gets a clear error and exit code 2, never
// a panic and never a verdict.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 2, 20)
	exported := f.exported(t)
	f.close(t)
	keys := f.keysDir()
	skey, vkey, _ := note.GenerateKey(rand.Reader, auditlog.DefaultOrigin)
	s, _ := note.NewSigner(skey)
	text := exported[:strings.LastIndex(string(exported), "\n\n")+1]
	foreign, _ := note.Sign(&note.Note{Text: string(text)}, s)

	empty := writeFile(t, "empty.db", nil)
	other := filepath.Join(t.TempDir(), "other.db")
	db := rawOpen(t, other)
	if _, err := db.Exec("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a malformed checkpoint", []string{"--data", f.dir, "--checkpoint", writeFile(t, "cp", []byte("nsor.local/audit\nforty\n\n"))}, "malformed"},
		{"a checkpoint by an unknown key", []string{"--data", f.dir, "--checkpoint", writeFile(t, "cp", foreign)}, "signed by no key given"},
		{"a truncated export", []string{"--data", f.dir, "--checkpoint", writeFile(t, "cp", exported[:len(exported)-20])}, "malformed"},
		{"an empty export", []string{"--data", f.dir, "--checkpoint", writeFile(t, "cp", nil)}, "malformed"},
		{"a missing checkpoint file", []string{"--data", f.dir, "--checkpoint", f.dir + "/nothing"}, "no such file"},
		{"an empty SQLite file", []string{"--database", empty, "--keys", keys}, "not a database of nsor's"},
		{"a SQLite file of other tables", []string{"--database", other, "--keys", keys}, "not a database of nsor's"},
		{"a file that is not SQLite", []string{"--database", writeFile(t, "x.db", []byte(strings.Repeat("not a database\n", 300))), "--keys", keys}, "not a database of nsor's"},
		{"a missing database", []string{"--database", f.dir + "/missing.db", "--keys", keys}, "no such file"},
		{"a directory without nsor.db", []string{"--data", t.TempDir(), "--keys", keys}, "no such file"},
		{"a missing keys file", []string{"--data", f.dir, "--pub", f.dir + "/none.pub"}, "no such file"},
		{"a malformed keys file", []string{"--data", f.dir, "--pub", writeFile(t, "k.pub", []byte("not-a-key\n"))}, "public key"},
		{"an empty keys file", []string{"--data", f.dir, "--pub", writeFile(t, "k.pub", nil)}, "no public key"},
		{"another installation's key", []string{"--data", f.dir, "--pub", writeFile(t, "k.pub", []byte(vkey))}, "not this log's"},
		{"no database", []string{"--keys", keys}, "exactly one of"},
		{"two databases", []string{"--data", f.dir, "--database", f.path()}, "exactly one of"},
		{"no keys", []string{"--database", f.path()}, "public keys"},
		{"an unknown flag", []string{"--data", f.dir, "--fast"}, "not defined"},
		{"an argument", []string{"--data", f.dir, "extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		code, out := verify(t, tt.args...)
		if want := 2; code != want || !strings.Contains(out, tt.want) {
			t.Errorf("verify(%s) = %d, want %d and %q:\n%s", tt.name, code, want, tt.want, out)
		}
	}
	if _, err := os.Stat(f.dir + "/missing.db"); !os.IsNotExist(err) {
		t.Errorf("verify(a missing database) created it: %v", err)
	}
	if b, _ := os.ReadFile(empty); len(b) != 0 {
		t.Errorf("verify(an empty SQLite file) wrote %d bytes into it, want none", len(b))
	}
}
