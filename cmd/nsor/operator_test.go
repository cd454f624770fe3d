package main

import (
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"nsor/sqlstore/pgtest"
)

// TestConsoleOperatorNamed: the operator is --operator, or the OS account;
// an account that names no one (root) needs --operator.
func TestConsoleOperatorNamed(t *testing.T) {
	host, _ := os.Hostname()
	a, err := consoleActor("audit who", "amina")
	if err != nil || a.Operator == nil || a.Operator.Name != "amina" || a.Operator.Host != host || !a.AtConsole() {
		t.Fatalf("consoleActor(amina) = %+v, %v; want amina@%s at the console", a, err, host)
	}
	if _, err := consoleActor("audit who", "two words"); err == nil {
		t.Errorf("consoleActor(two words) = nil error, want a usage error")
	}
	u, err := user.Current()
	if err != nil {
		t.Skip("no OS account to test the default with")
	}
	a, err = consoleActor("audit who", "")
	if sharedAccounts[u.Username] {
		if err == nil || !strings.Contains(err.Error(), "--operator") {
			t.Errorf("consoleActor() as %s = %v, want a usage error asking for --operator", u.Username, err)
		}
	} else if err != nil || a.Operator.Name != u.Username {
		t.Errorf("consoleActor() as %s = %+v, %v; want the OS account", u.Username, a, err)
	}
}

// TestConsoleQueriesOnPostgres: audit who and audit trace go through the
// service on PostgreSQL too, and record the operator who asked.
func TestConsoleQueriesOnPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	db := []string{"--database", dsn, "--keys", filepath.Join(dir, "keys"), "--checkpoint-dir", filepath.Join(dir, "checkpoints")}
	if code, _, errs := runCLI(t, append([]string{"migrate"}, db...)...); code != 0 {
		t.Fatalf("nsor migrate (PostgreSQL) = exit %d: %s", code, errs)
	}
	who := []string{"audit", "who", "--operator", "amina", "--cnic", "91234-5678901-3", "--database", dsn, "--keys", filepath.Join(dir, "keys")}
	if code, out, errs := runCLI(t, who...); code != 0 || !strings.Contains(out, "no audit record") {
		t.Fatalf("nsor audit who (PostgreSQL) = exit %d %q %q, want 0 and no record", code, out, errs)
	}
	trace := []string{"audit", "trace", "--operator", "amina", "--number", "DN-2026-000001", "--database", dsn, "--keys", filepath.Join(dir, "keys")}
	if code, _, errs := runCLI(t, trace...); code != 1 || !strings.Contains(errs, "disclosure.not_found") {
		t.Fatalf("nsor audit trace (PostgreSQL) = exit %d %q, want 1 and disclosure.not_found", code, errs)
	}
	code, out, errs := runCLI(t, who...)
	if code != 0 || !strings.Contains(out, "audit.who") || !strings.Contains(out, "console:amina@") {
		t.Errorf("nsor audit who again (PostgreSQL) = exit %d:\n%s%s\nwant the first search, by console:amina@host", code, out, errs)
	}
}
