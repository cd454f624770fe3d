package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyNamesATamperedExportDirectory: the export directory is the
// evidence a later rollback or restore is judged by (docs/adr/0016-export-
// history.md); one truncated, corrupted, cut back or deleted must never
// verify as "all holds". Each change below is made to the export directory
// of a stopped installation; "nsor audit verify --data DIR" must exit
// non-zero and say what it found.
func TestVerifyNamesATamperedExportDirectory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string, older []byte)
		want   string // in the verifier's output
	}{
		{"leaves emptied", func(t *testing.T, dir string, _ []byte) { truncate(t, filepath.Join(dir, "leaves"), 0) }, "leaves"},
		{"leaves cut mid-hash", func(t *testing.T, dir string, _ []byte) { truncate(t, filepath.Join(dir, "leaves"), 40) }, "leaves"},
		{"leaves corrupted", func(t *testing.T, dir string, _ []byte) { flipByte(t, filepath.Join(dir, "leaves"), 5) }, "leaves"},
		{"leaves deleted", func(t *testing.T, dir string, _ []byte) { remove(t, filepath.Join(dir, "leaves")) }, "leaves"},
		{"history emptied", func(t *testing.T, dir string, _ []byte) { truncate(t, filepath.Join(dir, "checkpoints.log"), 0) }, "checkpoints.log"},
		{"history deleted", func(t *testing.T, dir string, _ []byte) { remove(t, filepath.Join(dir, "checkpoints.log")) }, "checkpoints.log"},
		{"history corrupted", func(t *testing.T, dir string, _ []byte) { flipByte(t, filepath.Join(dir, "checkpoints.log"), 30) }, "checkpoints.log"},
		{"forged entry appended", func(t *testing.T, dir string, _ []byte) {
			appendTo(t, filepath.Join(dir, "checkpoints.log"), "40\nnsor-test\n99\nAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n")
		}, "checkpoints.log"},
		{"checkpoint replaced by an older one", func(t *testing.T, dir string, older []byte) {
			if err := os.WriteFile(filepath.Join(dir, "checkpoint"), older, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "checkpoint"},
		{"checkpoint deleted", func(t *testing.T, dir string, _ []byte) { remove(t, filepath.Join(dir, "checkpoint")) }, "checkpoint"},
		{"directory deleted", func(t *testing.T, dir string, _ []byte) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, "checkpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, "sqlite")
			s.act(t, false, "SY1")
			older := read(t, filepath.Join(s.c.exportDir(), "checkpoint"))
			s.act(t, false, "SY2")
			s.act(t, false, "SY3") // older is now two or more exports back: not what a crash leaves
			tc.change(t, s.c.exportDir(), older)
			out, err := s.verifyDefault(t)
			if err == nil || !strings.Contains(out, tc.want) {
				t.Errorf("nsor audit verify --data DIR with the export directory's %s = %v, want a non-zero exit naming %s:\n%s", tc.name, err, tc.want, out)
			}
		})
	}
}

func truncate(t *testing.T, file string, size int64) {
	t.Helper()
	if err := os.Truncate(file, size); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, file string) {
	t.Helper()
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
}

func flipByte(t *testing.T, file string, at int) {
	t.Helper()
	b := read(t, file)
	b[at] ^= 0x01
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, file, s string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// TestRollbackWithTheNewestCheckpointDeletedIsRefused: whoever rolls the
// database back and also deletes the export directory's file "checkpoint"
// (one file, of the three) must not get a server that goes on over the
// rolled-back database: checkpoints.log still holds what was exported, and
// nsor serve compares the database with it.
func TestRollbackWithTheNewestCheckpointDeletedIsRefused(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	older := read(t, s.c.dbPath())
	s.act(t, false, "SY2", "SY3")
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(s.c.dbPath() + suffix)
	}
	if err := os.WriteFile(s.c.dbPath(), older, 0o600); err != nil {
		t.Fatal(err)
	}
	remove(t, filepath.Join(s.c.exportDir(), "checkpoint"))
	base, stopServe := serveSite(t, s)
	defer stopServe()
	health := get(t, base+"/healthz")
	if health.status != http.StatusServiceUnavailable || !strings.Contains(health.body, "audit.log_behind") {
		t.Errorf("GET /healthz on a rolled-back database with checkpoint deleted = %d %q, want 503 naming audit.log_behind", health.status, health.body)
	}
}

// TestCleanStopAndStartVerify: an installation stopped and started cleanly,
// twice, verifies with exit 0 (docs/audit-verify.md), and its export
// directory only ever grew: what checkpoints.log and leaves held before is
// a prefix of what they hold after (nsor never overwrites its history).
func TestCleanStopAndStartVerify(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	dir := s.c.exportDir()
	before := exportFiles(t, dir)
	for range 2 {
		_, stop := serveSite(t, s)
		stop()
		s.act(t, false)
	}
	after := exportFiles(t, dir)
	for _, f := range []string{"checkpoints.log", "leaves"} {
		if !strings.HasPrefix(after[f], before[f]) || before[f] == "" {
			t.Errorf("%s after two restarts does not begin with what it held before (%d bytes, then %d)", f, len(before[f]), len(after[f]))
		}
	}
	if out, err := s.verifyDefault(t); err != nil {
		t.Errorf("nsor audit verify --data DIR after clean restarts = %v, want exit 0:\n%s", err, out)
	}
}

// TestTornHistoryIsCutBeforeTheNextExport: a crash while appending to
// checkpoints.log leaves part of an entry. The next export must not append
// after it (the parts would misread as one entry and every later one be
// lost to the verifier), but cut it, as it cuts a torn leaf hash: the
// installation then verifies with exit 0.
func TestTornHistoryIsCutBeforeTheNextExport(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	history := filepath.Join(s.c.exportDir(), "checkpoints.log")
	whole := read(t, history)
	appendTo(t, history, "211\nnsor-torn-entry") // an entry whose end never reached the disk
	s.act(t, false, "SY2")
	if got := read(t, history); !strings.HasPrefix(string(got), string(whole)+"2") && !strings.HasPrefix(string(got), string(whole)+"1") {
		t.Errorf("checkpoints.log after a torn entry and an export = %q..., want the whole entries, then the new one", got[:min(len(got), len(whole)+20)])
	}
	if out, err := s.verifyDefault(t); err != nil {
		t.Errorf("nsor audit verify --data DIR after a torn history entry and an export = %v, want exit 0:\n%s", err, out)
	}
}
