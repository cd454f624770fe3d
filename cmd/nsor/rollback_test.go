package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nsor/auditlog"
	"nsor/auditverify"
)

// TestRollbackUnderAnInstallationIsRefused: the database file of a stopped
// installation is put back to an older copy (a file copy restored by hand,
// a lost write-ahead log). nsor serve starts, but refuses every change
// (503, audit.log_behind) and says why at /healthz; it signs no checkpoint
// and leaves the exported ones as they were. The verifier names the
// rollback. "nsor audit accept-rollback" declares the loss: the server then
// works again, and the verifier reports the loss as holding only in part.
func TestRollbackUnderAnInstallationIsRefused(t *testing.T) {
	s := newSite(t, "sqlite")
	s.act(t, false, "SY1")
	older := read(t, s.c.dbPath())
	s.act(t, false, "SY2", "SY3")
	exportDir := s.c.exportDir()
	before := exportFiles(t, exportDir)
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(s.c.dbPath() + suffix)
	}
	if err := os.WriteFile(s.c.dbPath(), older, 0o600); err != nil {
		t.Fatal(err)
	}

	base, stopServe := serveSite(t, s)
	health := get(t, base+"/healthz")
	if health.status != http.StatusServiceUnavailable || !strings.Contains(health.body, "audit.log_behind") {
		t.Errorf("GET /healthz on a rolled-back database = %d %q, want 503 naming audit.log_behind", health.status, health.body)
	}
	res, err := http.Post(base+"/api/v1/auth/token", "application/json", strings.NewReader(`{"username":"admin","password":"wrong-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "audit.log_behind") {
		t.Errorf("POST /api/v1/auth/token on a rolled-back database = %d %s, want 503 audit.log_behind", res.StatusCode, body)
	}
	time.Sleep(1500 * time.Millisecond) // a sequencer step or more
	stopServe()
	if after := exportFiles(t, exportDir); !equalFiles(before, after) {
		t.Errorf("the export directory changed under a rolled-back database:\nbefore %v\nafter  %v", names(before), names(after))
	}

	out, err := s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitProblems)) || !strings.Contains(out, "rolled back") {
		t.Errorf("nsor audit verify on the rolled-back database = %v, want exit 1 naming the rollback:\n%s", err, out)
	}

	if out, err := s.audit(t, "accept-rollback"); err == nil {
		t.Errorf("nsor audit accept-rollback without --reason = nil, want a usage error:\n%s", out)
	}
	out, err = s.audit(t, "accept-rollback", "--reason", "the disk was restored from last night's copy (synthetic test)")
	if err != nil || !strings.Contains(out, "declared lost") {
		t.Fatalf("nsor audit accept-rollback = %v, want the loss declared:\n%s", err, out)
	}
	if n := len(s.records(t, "audit.restore")); n != 1 {
		t.Errorf("audit.restore records after accept-rollback = %d, want 1", n)
	}
	out, err = s.verifyDefault(t)
	if !errors.Is(err, exitStatus(auditverify.ExitPartial)) || !strings.Contains(out, "were lost") {
		t.Errorf("nsor audit verify after accept-rollback = %v, want exit 3 reporting the loss:\n%s", err, out)
	}
	base, stopServe = serveSite(t, s)
	defer stopServe()
	if h := get(t, base+"/healthz"); h.status != http.StatusOK {
		t.Errorf("GET /healthz after accept-rollback = %d %q, want 200", h.status, h.body)
	}
}

// verifyDefault runs "nsor audit verify --data DIR" with nothing else: the
// export directory is read by default.
func (s *site) verifyDefault(t *testing.T) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := commands["audit"](context.Background(), []string{"verify", "--data", s.c.data}, &out)
	return out.String(), err
}

// audit runs "nsor audit COMMAND" on the site.
func (s *site) audit(t *testing.T, command string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := commands["audit"](context.Background(), append(append([]string{command}, s.args...), args...), &out)
	return out.String(), err
}

// serveSite runs "nsor serve" on the site in this process until the
// returned function stops it; it returns the server's base URL.
func serveSite(t *testing.T, s *site) (string, func()) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, append(append([]string{}, s.args...), "--addr", addr), io.Discard) }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if i == 100 {
			cancel()
			t.Fatalf("nsor serve did not answer: %v", <-done)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("nsor serve = %v", err)
		}
	}
}

type answer struct {
	status int
	body   string
}

func get(t *testing.T, url string) answer {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b)}
}

// exportFiles reads every file of an export directory.
func exportFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		out[e.Name()] = string(read(t, filepath.Join(dir, e.Name())))
	}
	if out[auditlog.ExportFile] == "" || out[auditlog.HistoryFile] == "" {
		t.Fatalf("the export directory %s lacks its checkpoint or history: %v", dir, names(out))
	}
	return out
}

func equalFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
