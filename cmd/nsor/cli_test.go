package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCLI runs the nsor command line in-process and returns its exit status,
// stdout and stderr. A command that should have refused but runs (a
// server) is interrupted after 20 seconds.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// everyCommand is every command and subcommand nsor has, as typed.
var everyCommand = []string{
	"serve", "migrate", "admin bootstrap", "keys rotate", "backup", "restore", "totp", "version",
	"audit verify", "audit check-proof", "audit accept-rollback", "audit proof", "audit who", "audit trace",
	"admin", "keys", "audit", "match eval", "match pairs", "match", "import",
}

// TestHelpConvention: "nsor CMD --help" prints the command's usage, naming
// it, on stdout and exits 0, with nothing on stderr (no "flag: help
// requested"); a flag the command does not know exits 2 and names it.
func TestHelpConvention(t *testing.T) {
	t.Chdir(t.TempDir()) // a command that ran would leave files here
	for _, cmd := range everyCommand {
		args := append(strings.Fields(cmd), "--help")
		code, out, errs := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "nsor "+cmd) || errs != "" {
			t.Errorf("nsor %s --help = exit %d, stdout %q, stderr %q; want 0 and the usage of nsor %s on stdout alone", cmd, code, out, errs, cmd)
		}
		if strings.Contains(out+errs, "help requested") || strings.Contains(out+errs, "base32") {
			t.Errorf("nsor %s --help printed %q", cmd, out+errs)
		}
		if strings.Count(cmd, " ") == 0 && (cmd == "admin" || cmd == "keys" || cmd == "audit") {
			continue // groups: their --help lists their subcommands; a flag goes to a subcommand
		}
		args = append(strings.Fields(cmd), "--no-such-flag")
		code, _, errs = runCLI(t, args...)
		if code != 2 || !strings.Contains(errs, "no-such-flag") {
			t.Errorf("nsor %s --no-such-flag = exit %d, stderr %q; want 2 naming the flag", cmd, code, errs)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) > 0 {
		t.Errorf("asking for help left %d files in the working directory, want none", len(entries))
	}
}

// TestUsageErrors: the top level's help, and usage errors that say what
// is wrong and exit 2.
func TestUsageErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, h := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errs := runCLI(t, h...)
		if code != 0 || errs != "" {
			t.Errorf("nsor %v = exit %d, stderr %q; want 0 and the usage on stdout", h, code, errs)
		}
		for _, cmd := range everyCommand {
			if !strings.Contains(out, cmd) {
				t.Errorf("nsor %v does not list %q:\n%s", h, cmd, out)
			}
		}
	}
	if code, out, _ := runCLI(t, "help", "audit", "who"); code != 0 || !strings.Contains(out, "nsor audit who") {
		t.Errorf("nsor help audit who = exit %d %q, want 0 and its usage", code, out)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"usage: nsor"}},
		{[]string{"frob"}, []string{`nsor: unknown command "frob"`}},
		{[]string{"audit"}, []string{"who", "verify", "trace"}},
		{[]string{"audit", "frob"}, []string{`unknown command "frob"`, "who"}},
		{[]string{"keys", "frob"}, []string{`unknown command "frob"`, "rotate"}},
		{[]string{"keys", "rotate"}, []string{"--purpose is missing", "hmac|seal|audit"}},
		{[]string{"keys", "rotate", "--purpose", "frob"}, []string{`"frob"`, "hmac|seal|audit"}},
		{[]string{"admin", "bootstrap"}, []string{"--username"}},
		{[]string{"backup", "--data", "."}, []string{"--out"}},
		{[]string{"restore", "--data", "."}, []string{"--in"}},
		{[]string{"totp", "A", "B"}, []string{"SECRET"}},
	}
	for _, tc := range tests {
		code, _, errs := runCLI(t, tc.args...)
		for _, w := range tc.want {
			if code != 2 || !strings.Contains(errs, w) {
				t.Errorf("nsor %v = exit %d, stderr %q; want 2 and %q", tc.args, code, errs, w)
			}
		}
	}
}

// TestServeAddressInUse: an address in use is an error at once, naming the
// address, and not a server that hangs until interrupted.
func TestServeAddressInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		code int
		errs string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir()}, &out, &errb)
		done <- result{code, errb.String()}
	}()
	select {
	case r := <-done:
		if r.code == 0 || !strings.Contains(r.errs, addr) || !strings.Contains(r.errs, "in use") {
			t.Errorf("nsor serve --addr %s (in use) = exit %d, stderr %q; want non-zero naming the address", addr, r.code, r.errs)
		}
	case <-time.After(20 * time.Second):
		cancel()
		r := <-done
		t.Fatalf("nsor serve --addr %s (in use) still ran after 20s; after interrupting it said %q", addr, r.errs)
	}
}

// TestDatabaseNeedsItsPlaces: beside --database, no command makes up a key
// set or a checkpoint directory under ./nsor-data: without --keys (or
// --checkpoint-dir where the command exports or reads checkpoints) it is a
// usage error naming the flag, and nothing is written.
func TestDatabaseNeedsItsPlaces(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	db := filepath.Join(t.TempDir(), "other.db")
	keys := filepath.Join(t.TempDir(), "keys")
	tests := []struct {
		args  []string
		flags bool // whether --keys alone still lacks --checkpoint-dir
	}{
		{[]string{"serve", "--addr", "127.0.0.1:0"}, true},
		{[]string{"migrate"}, true},
		{[]string{"admin", "bootstrap", "--username", "admin", "--name", "Admin (synthetic)"}, true},
		{[]string{"keys", "rotate", "--purpose", "hmac"}, false},
		{[]string{"backup", "--out", filepath.Join(t.TempDir(), "b.nsorbak")}, false},
		{[]string{"restore", "--in", filepath.Join(t.TempDir(), "b.nsorbak")}, true},
		{[]string{"audit", "accept-rollback", "--reason", "synthetic"}, true},
		{[]string{"audit", "proof", "--record", "1"}, true},
		{[]string{"audit", "who", "--cnic", "91234-5678901-3", "--operator", "tester"}, false},
		{[]string{"audit", "trace", "--number", "DN-2026-000001", "--operator", "tester"}, false},
		{[]string{"audit", "verify"}, false},
	}
	for _, tc := range tests {
		args := append(tc.args, "--database", db)
		code, _, errs := runCLI(t, args...)
		if code != 2 || !strings.Contains(errs, "--keys") {
			t.Errorf("nsor %v = exit %d, stderr %q; want 2 naming --keys", args, code, errs)
		}
		if tc.flags {
			args = append(args, "--keys", keys)
			code, _, errs = runCLI(t, args...)
			if code != 2 || !strings.Contains(errs, "--checkpoint-dir") {
				t.Errorf("nsor %v = exit %d, stderr %q; want 2 naming --checkpoint-dir", args, code, errs)
			}
		}
	}
	for _, p := range []string{db, keys, filepath.Join(wd, "nsor-data")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created, want nothing written", p)
		}
	}
}
