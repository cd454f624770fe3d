package backup

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// fixture writes a small backup and returns its bytes and parts' content.
func fixture(t *testing.T) ([]byte, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	parts := map[string][]byte{
		"database.sqlite":     bytes.Repeat([]byte("synthetic database page "), 100),
		"audit-verifiers.pub": []byte("nsor.local/audit+0123abcd+AAAA\n"),
	}
	var files []File
	for _, name := range []string{"database.sqlite", "audit-verifiers.pub"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, parts[name], 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: name, Path: p})
	}
	m := Manifest{Installation: "9f00aa", Database: "sqlite", Schema: 3, AuditOrigin: "nsor.local/audit",
		AuditTreeSize: 7, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6000000, time.UTC)}
	out := filepath.Join(dir, "out.nsorbackup")
	if _, err := WriteFile(out, m, files); err != nil {
		t.Fatalf("WriteFile = %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b, parts
}

// memFile is a part read into memory.
type memFile struct{ bytes.Buffer }

func (*memFile) Close() error { return nil }

// readMem reads b as Read does, keeping the parts in memory.
func readMem(t *testing.T, b []byte) (*Manifest, map[string][]byte, error) {
	t.Helper()
	files := map[string]*memFile{}
	m, err := read(bytes.NewReader(b), func(name string) (io.WriteCloser, error) {
		files[name] = &memFile{}
		return files[name], nil
	})
	if err != nil {
		return nil, nil, err
	}
	got := map[string][]byte{}
	for name, f := range files {
		got[name] = f.Bytes()
	}
	return m, got, nil
}

func TestRoundTrip(t *testing.T) {
	b, parts := fixture(t)
	dir := t.TempDir()
	m, files, err := Read(bytes.NewReader(b), dir)
	if err != nil {
		t.Fatalf("Read = %v", err)
	}
	got := map[string][]byte{}
	for name, p := range files {
		if filepath.Dir(p) != dir {
			t.Errorf("Read put %s at %s, outside %s", name, p, dir)
		}
		if got[name], err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, parts) {
		t.Errorf("Read parts = %q, want %q", got, parts)
	}
	if m.Installation != "9f00aa" || m.Schema != 3 || m.AuditTreeSize != 7 || len(m.Parts) != 2 || m.Format != Format {
		t.Errorf("Read manifest = %+v", m)
	}
}

// TestTruncated cuts the file at every offset before the end of its last
// entry's content (what follows is padding and zero blocks, which carry
// nothing): each must fail as truncated.
func TestTruncated(t *testing.T) {
	b, _ := fixture(t)
	end := len(b) - 1024 - 512 + 65 // the manifest.sha256 entry: 64 hex digits and a newline
	if _, _, err := readMem(t, b[:end]); err != nil {
		t.Fatalf("Read(first %d of %d bytes, all content) = %v", end, len(b), err)
	}
	for n := 0; n < end; n++ {
		_, _, err := readMem(t, b[:n])
		if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotBackup) {
			t.Fatalf("Read(first %d of %d bytes) = %v, want a truncation error", n, len(b), err)
		}
		if n > 1536 && !errors.Is(err, ErrTruncated) {
			t.Errorf("Read(first %d of %d bytes) = %v, want ErrTruncated", n, len(b), err)
		}
	}
}

// TestFlippedByte flips every byte in turn: each flip must be refused or
// leave what Read returns exactly as written (a flip in tar's padding or a
// timestamp changes nothing that is used). The flips inside the parts and
// the manifest are all refused.
func TestFlippedByte(t *testing.T) {
	b, parts := fixture(t)
	want, _, err := readMem(t, b)
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x20
		m, got, err := readMem(t, c)
		if err != nil {
			refused++
			continue
		}
		if !reflect.DeepEqual(got, parts) || !reflect.DeepEqual(m, want) {
			t.Fatalf("Read(byte %d flipped) accepted changed content: %+v", i, m)
		}
	}
	if min := len(parts["database.sqlite"]) + 200; refused < min {
		t.Errorf("Read refused %d of %d flips, want at least %d", refused, len(b), min)
	}
}

func TestNotABackup(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":       nil,
		"text":        []byte("SQLite format 3\x00 this is a database, not a backup"),
		"zero blocks": make([]byte, 4096),
	} {
		if _, _, err := readMem(t, b); !errors.Is(err, ErrNotBackup) && !errors.Is(err, ErrTruncated) {
			t.Errorf("Read(%s) = %v, want ErrNotBackup", name, err)
		}
	}
}
