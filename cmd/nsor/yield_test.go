package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"nsor/sqlstore"
)

// TestCleanStopYieldsTheLease: a server stopped with SIGTERM yields the
// audit sequencer's lease on its way out, so another instance (or a
// restore) need not wait for it to run out. The control is kill -9, which
// leaves the lease held.
func TestCleanStopYieldsTheLease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nsor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name     string
		sig      syscall.Signal
		wantHeld bool
	}{{"SIGTERM", syscall.SIGTERM, false}, {"control: SIGKILL", syscall.SIGKILL, true}} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			srv := start(t, bin, []string{"--data", data}, freeAddr(t))
			lease := func() string {
				db, err := sqlstore.Open(context.Background(), filepath.Join(data, "nsor.db"), sqlstore.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				holder, _, err := db.SequencerLease(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return holder
			}
			deadline := time.Now().Add(20 * time.Second)
			for lease() == "" {
				if time.Now().After(deadline) {
					stop(srv)
					t.Fatal("the server took no lease within 20 s")
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err := srv.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := srv.Wait()
			if tc.sig == syscall.SIGTERM && err != nil {
				t.Fatalf("server stopped by SIGTERM: %v", err)
			}
			if held := lease() != ""; held != tc.wantHeld {
				t.Errorf("lease held after %s: %v, want %v", tc.name, held, tc.wantHeld)
			}
		})
	}
}
