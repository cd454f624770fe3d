package main

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/auditverify"
)

// TestRollbackWithTheExportDirectoryDeletedIsRefused: whoever rolls the
// database of a stopped installation back and also deletes its whole
// export directory must not get a server that begins a new history over
// the rolled-back database, nor a verifier that says "all holds"
// (docs/adr/0016-export-history.md). nsor serve refuses every change with
// audit.export_missing and exports nothing; the verifier says the log
// holds only in part. "nsor audit accept-rollback" declares the loss of
// the export history: the server works again, and the verifier reports the
// loss for ever (exit 3).
func TestRollbackWithTheExportDirectoryDeletedIsRefused(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	s.act(t, false, "SY2") // the copy put back holds two stored checkpoints
	older := read(t, s.c.dbPath())
	s.act(t, false, "SY3", "SY4")
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(s.c.dbPath() + suffix)
	}
	if err := os.WriteFile(s.c.dbPath(), older, 0o600); err != nil {
		t.Fatal(err)
	}
	exportDir := s.c.exportDir()
	if err := os.RemoveAll(exportDir); err != nil {
		t.Fatal(err)
	}

	base, stopServe := serveSite(t, s)
	health := get(t, base+"/healthz")
	if health.status != http.StatusServiceUnavailable || !strings.Contains(health.body, "audit.export_missing") {
		t.Errorf("GET /healthz on a rolled-back database without its export directory = %d %q, want 503 naming audit.export_missing", health.status, health.body)
	}
	res, err := http.Post(base+"/api/v1/auth/token", "application/json", strings.NewReader(`{"username":"admin","password":"wrong-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "audit.export_missing") {
		t.Errorf("POST /api/v1/auth/token without the export directory = %d %s, want 503 audit.export_missing", res.StatusCode, body)
	}
	time.Sleep(1500 * time.Millisecond) // a sequencer step or more
	stopServe()
	for _, f := range []string{auditlog.ExportFile, auditlog.HistoryFile, auditlog.LeavesFile} {
		if fileExists(filepath.Join(exportDir, f)) {
			t.Errorf("nsor serve wrote %s into the recreated export directory of a rolled-back database", f)
		}
	}
	out, err := s.verifyDefault(t)
	if err == nil {
		t.Errorf("nsor audit verify after a rollback with the export directory deleted = exit 0, want non-zero:\n%s", out)
	}

	out, err = s.audit(t, "accept-rollback", "--reason", "the disk and the export directory were lost (synthetic test)")
	if err != nil || !strings.Contains(out, "export history") {
		t.Fatalf("nsor audit accept-rollback without the export directory = %v, want the loss of the export history declared:\n%s", err, out)
	}
	restores := s.records(t, "audit.restore")
	if len(restores) != 1 || !hasDetail(restores[0].Record.Details, "kind", "export_lost") {
		t.Errorf("audit.restore records after accepting the lost export = %d, want 1 with kind=export_lost", len(restores))
	}
	out, err = s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitPartial)) || !strings.Contains(out, "export history") {
		t.Errorf("nsor audit verify after the lost export was accepted = %v, want exit 3 naming the lost export history:\n%s", err, out)
	}
	base, stopServe = serveSite(t, s)
	if h := get(t, base+"/healthz"); h.status != http.StatusOK {
		t.Errorf("GET /healthz after the lost export was accepted = %d %q, want 200", h.status, h.body)
	}
	stopServe()
	s.act(t, false, "SY5")
	out, err = s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitPartial)) || !strings.Contains(out, "export history was lost") || strings.Contains(out, "does not reach back") {
		t.Errorf("nsor audit verify after work resumed = %v, want exit 3 naming the accepted loss, and only it:\n%s", err, out)
	}

	// The accepted loss explains the checkpoints before it, not those
	// after: a history begun again later is named.
	history := filepath.Join(exportDir, auditlog.HistoryFile)
	entries := historyOf(t, history)
	last := entries[len(entries)-1]
	if err := os.WriteFile(history, []byte(strconv.Itoa(len(last))+"\n"+last), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitPartial)) || !strings.Contains(out, "does not reach back") {
		t.Errorf("nsor audit verify with the history begun again after the accepted loss = %v, want exit 3 saying it does not reach back:\n%s", err, out)
	}
}

// TestExportCutBackIsRefused: on SQLite one instance exports every
// checkpoint, so an export directory put back to an older copy, two
// checkpoints or more behind the database, is not a crash: nsor serve
// refuses with audit.export_missing rather than go on from it.
func TestExportCutBackIsRefused(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	dir := s.c.exportDir()
	kept := filepath.Join(t.TempDir(), "kept")
	copyDir(t, dir, kept)
	s.act(t, false, "SY2")
	s.act(t, false, "SY3")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(kept, dir); err != nil {
		t.Fatal(err)
	}
	base, stopServe := serveSite(t, s)
	defer stopServe()
	if h := get(t, base+"/healthz"); h.status != http.StatusServiceUnavailable || !strings.Contains(h.body, "audit.export_missing") {
		t.Errorf("GET /healthz with the export directory two checkpoints behind = %d %q, want 503 naming audit.export_missing", h.status, h.body)
	}
}

// TestVerifyNamesAHistoryThatBeginsLate: an export directory whose history
// begins after the database's first stored checkpoints, as nsor serve made
// it when it began a new history in a recreated directory, must not verify
// as "all holds": the stored checkpoints before it were never checked
// against anything kept outside the database.
func TestVerifyNamesAHistoryThatBeginsLate(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	s.act(t, false, "SY2")
	s.act(t, false, "SY3")
	history := filepath.Join(s.c.exportDir(), auditlog.HistoryFile)
	entries := historyOf(t, history)
	if len(entries) < 3 {
		t.Fatalf("checkpoints.log holds %d entries, want 3 or more", len(entries))
	}
	last := entries[len(entries)-1]
	if err := os.WriteFile(history, []byte(strconv.Itoa(len(last))+"\n"+last), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitPartial)) || !strings.Contains(out, "does not reach back") {
		t.Errorf("nsor audit verify with a history that begins late = %v, want exit 3 saying it does not reach back:\n%s", err, out)
	}
}

// TestNewestCheckpointNotExportedIsRecovered: nsor stores a checkpoint
// before it exports it, so a crash between leaves the newest stored
// checkpoint out of the export directory: of a fresh installation, the
// only one. nsor serve must not refuse that, but export it, and the
// installation verifies with exit 0.
func TestNewestCheckpointNotExportedIsRecovered(t *testing.T) {
	for _, tc := range []struct {
		name string
		acts [][]string
	}{
		{"first", nil},
		{"newest", [][]string{{"SY2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, "sqlite")
			s.act(t, false, "SY1")
			dir := s.c.exportDir()
			kept := filepath.Join(t.TempDir(), "kept")
			for _, a := range tc.acts {
				copyDir(t, dir, kept)
				s.act(t, false, a...)
			}
			newest := string(read(t, filepath.Join(dir, auditlog.ExportFile)))
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if tc.acts == nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.Rename(kept, dir); err != nil {
				t.Fatal(err)
			}
			base, stopServe := serveSite(t, s)
			if h := get(t, base+"/healthz"); h.status != http.StatusOK {
				t.Errorf("GET /healthz with the newest stored checkpoint not exported = %d %q, want 200", h.status, h.body)
			}
			stopServe()
			if !slices.Contains(historyOf(t, filepath.Join(dir, auditlog.HistoryFile)), newest) {
				t.Errorf("checkpoints.log after nsor serve lacks the newest stored checkpoint, which a crash left unexported")
			}
			if out, err := s.verifyDefault(t); err != nil {
				t.Errorf("nsor audit verify after recovering the export = %v, want exit 0:\n%s", err, out)
			}
		})
	}
}

// historyOf splits a checkpoints.log into its entries' notes.
func historyOf(t *testing.T, file string) []string {
	t.Helper()
	b := string(read(t, file))
	var out []string
	for b != "" {
		i := strings.IndexByte(b, '\n')
		n, err := strconv.Atoi(b[:max(i, 0)])
		if i < 0 || err != nil || n > len(b)-i-1 {
			t.Fatalf("%s: a torn entry", file)
		}
		out = append(out, b[i+1:i+1+n])
		b = b[i+1+n:]
	}
	return out
}

// hasDetail reports whether a record's details hold key=value.
func hasDetail(ds []auditrec.Detail, key, value string) bool {
	for _, d := range ds {
		if d.Key == key && d.Value == value {
			return true
		}
	}
	return false
}
