package auditverify_test

import (
	"context"
	"strings"
	"testing"

	"nsor/auditverify"
)

func TestVerifyCleanLog(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 5, 40)
	f.appendRecords(t, 3) // waiting for the sequencer
	exported := writeFile(t, "checkpoint", f.exported(t))
	f.close(t)
	code, out := verify(t, "--data", f.dir, "--checkpoint", exported)
	if code != 0 {
		t.Fatalf("verify(clean log) = %d, want 0:\n%s", code, out)
	}
	for _, want := range []string{"records:      203", "leaves:       200 (0 not yet covered by a checkpoint; 3 records not yet leaves)",
		"checkpoints:  5 stored", ": consistent", "verdict:      OK"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify(clean log) output lacks %q:\n%s", want, out)
		}
	}
}

func TestVerifyWhileTheServerRuns(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 3, 10)
	db, err := auditverify.Open(context.Background(), f.path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := auditverify.LoadKeys(f.keysDir() + "/audit-verifiers.pub")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.Verify(context.Background(), auditverify.Options{Keys: keys, Window: -1})
	if err != nil || !rep.OK() || rep.TreeSize != 30 {
		t.Fatalf("Verify(open database) = %+v, %v; want OK with 30 leaves", rep, err)
	}
	f.grow(t, 1, 5) // the writer is not blocked by the reader
}
