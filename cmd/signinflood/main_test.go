package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestFloodRuns runs the benchmark end to end at a small size, so that a
// change to nsor that breaks it (a new rule about who may create whom, a new
// answer to sign-in) is found by the tests, not by the next person who needs
// its figures. It measures nothing: timings belong to the benchmark itself.
func TestFloodRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nsor and waits for the next TOTP step")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "nsor")
	if out, err := exec.Command("go", "build", "-o", bin, "nsor/cmd/nsor").CombinedOutput(); err != nil {
		t.Fatalf("go build nsor/cmd/nsor: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := run(ctx, bin, dir, nil, plan{n: 40, inflight: 8, users: 2, reads: 5}); err != nil {
		t.Fatalf("run(small plan) = %v, want the flood measured", err)
	}
}
