package auditverify_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"nsor/auditverify"
)

// TestRestoreSupersedesAnOlderSavedCheckpoint: a restore note cuts the log
// back to its restored size and supersedes the history up to its superseded
// size. A checkpoint saved outside the database at any size in between (an
// older copy, kept before the newest) is superseded by the same note, not a
// rollback nobody explained.
func TestRestoreSupersedesAnOlderSavedCheckpoint(t *testing.T) {
	f := newFixture(t)
	m := f.grow(t, 3, 50).Size
	backup := f.snapshot(t)
	older := f.grow(t, 1, 20)
	savedOlder := writeFile(t, "checkpoint", f.exported(t))
	newest := f.grow(t, 2, 40)
	saved := writeFile(t, "checkpoint", f.exported(t))
	if !(m < older.Size && older.Size < newest.Size) {
		t.Fatalf("sizes: restored %d, older %d, newest %d; want restored < older < newest", m, older.Size, newest.Size)
	}
	f.close(t)
	if err := os.WriteFile(f.path(), backup, 0o600); err != nil {
		t.Fatal(err)
	}
	f.open(t)
	if _, err := f.log.RecordRestore(context.Background(), newest); err != nil {
		t.Fatal(err)
	}
	f.grow(t, 1, 10)
	f.close(t)
	code, out := verify(t, "--data", f.dir, "--checkpoint", savedOlder, "--checkpoint", saved, "--json")
	var rep struct {
		External []struct {
			Size   int64 `json:"tree_size"`
			Status string
		} `json:"external_checkpoints"`
		Verdict string
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("verify --json: %v:\n%s", err, out)
	}
	if code != auditverify.ExitPartial || rep.Verdict != "holds_in_part" {
		t.Errorf("verify(restored, older and newest checkpoints saved) = %d %q, want %d holds_in_part:\n%s", code, rep.Verdict, auditverify.ExitPartial, out)
	}
	if len(rep.External) != 2 || rep.External[0].Status != "superseded" || rep.External[1].Status != "superseded" {
		t.Errorf("verify(restored).external_checkpoints = %+v, want both (sizes %d and %d) superseded", rep.External, older.Size, newest.Size)
	}
}
