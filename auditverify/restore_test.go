package auditverify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"nsor"
	"nsor/auditverify"
)

// restoreFixture is a log of size m backed up, grown to an exported
// checkpoint of size n, then restored from the backup.
func restoreFixture(t *testing.T) (f *fixture, m, n int64, saved string, superseded *nsor.Checkpoint) {
	f = newFixture(t)
	m = f.grow(t, 3, 50).Size
	backup := f.snapshot(t)
	superseded = f.grow(t, 2, 40)
	saved = writeFile(t, "checkpoint", f.exported(t))
	f.close(t)
	if err := os.WriteFile(f.path(), backup, 0o600); err != nil {
		t.Fatal(err)
	}
	f.open(t)
	return f, m, superseded.Size, saved, superseded
}

func TestRestoreIsReportedWithTheLeavesItLost(t *testing.T) {
	f, m, n, saved, superseded := restoreFixture(t)
	if _, err := f.log.RecordRestore(context.Background(), superseded); err != nil {
		t.Fatal(err)
	}
	f.grow(t, 3, 30) // the log goes on past the superseded size
	f.close(t)
	code, out := verify(t, "--data", f.dir, "--checkpoint", saved, "--json")
	if code != auditverify.ExitPartial {
		t.Fatalf("verify(restored, with the note) = %d, want %d (holds only in part):\n%s", code, auditverify.ExitPartial, out)
	}
	var rep struct {
		Restores []struct {
			LostFrom int64 `json:"lost_from"`
			LostTo   int64 `json:"lost_to"`
		}
		External []struct{ Status string } `json:"external_checkpoints"`
		Verdict  string
		Proven   []string
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Restores) != 1 || rep.Restores[0].LostFrom != m || rep.Restores[0].LostTo != n {
		t.Errorf("verify(restored).restores = %+v, want one losing [%d, %d)", rep.Restores, m, n)
	}
	if len(rep.External) != 1 || rep.External[0].Status != "superseded" {
		t.Errorf("verify(restored).external_checkpoints = %+v, want one superseded", rep.External)
	}
	// The kept leaf hashes prove the restored prefix against the saved
	// checkpoint the restore superseded.
	if rep.Verdict != "holds_in_part" || len(rep.Proven) == 0 || !strings.Contains(rep.Proven[0], "restored leaves [0, "+itoa(m)+")") {
		t.Errorf("verify(restored) = verdict %q, proven %q; want holds_in_part with the prefix [0, %d) proven", rep.Verdict, rep.Proven, m)
	}
	code, out = verify(t, "--data", f.dir, "--checkpoint", saved)
	if want := "leaves [" + itoa(m) + ", " + itoa(n) + ") were lost"; code != auditverify.ExitPartial || !strings.Contains(out, want) || !strings.Contains(out, "HOLDS ONLY IN PART") {
		t.Errorf("verify(restored) = %d, want %d, %q and the verdict:\n%s", code, auditverify.ExitPartial, want, out)
	}
}

func TestRestoreWithoutANoteFails(t *testing.T) {
	f, m, n, saved, _ := restoreFixture(t)
	f.unguarded(t) // nsor itself refuses to go on (TestSequencerRefusesARolledBackDatabase)
	f.grow(t, 1, 10)
	f.close(t)
	code, out := verify(t, "--data", f.dir, "--checkpoint", saved)
	if code != 1 || !strings.Contains(out, "no signed restore note says so") {
		t.Errorf("verify(restored from %d, checkpoint of %d, no note) = %d, want 1:\n%s", m, n, code, out)
	}
}

func TestRestoreNoteMustSupersedeTheCheckpoint(t *testing.T) {
	f, _, _, saved, _ := restoreFixture(t)
	// A note that supersedes nothing (no checkpoint given) does not
	// explain the checkpoint saved elsewhere.
	if _, err := f.log.RecordRestore(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	f.unguarded(t)
	f.grow(t, 1, 10)
	f.close(t)
	if code, out := verify(t, "--data", f.dir, "--checkpoint", saved); code != 1 {
		t.Errorf("verify(restore note superseding nothing) = %d, want 1:\n%s", code, out)
	}
}

func TestRestoreNoteTamperedFails(t *testing.T) {
	f, _, _, saved, superseded := restoreFixture(t)
	if _, err := f.log.RecordRestore(context.Background(), superseded); err != nil {
		t.Fatal(err)
	}
	f.grow(t, 1, 10)
	f.close(t)
	db := rawOpen(t, f.path())
	var msg []byte
	if err := db.QueryRow("SELECT note FROM audit_restores").Scan(&msg); err != nil {
		t.Fatal(err)
	}
	// Claim that more was superseded than was: the signature breaks.
	forged := bytes.Replace(msg, []byte("\n"+itoa(superseded.Size)+"\n"), []byte("\n"+itoa(superseded.Size+100)+"\n"), 1)
	if _, err := db.Exec("UPDATE audit_restores SET note = ?", forged); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out := verify(t, "--data", f.dir, "--checkpoint", saved); code != 1 || !strings.Contains(out, "restore note 1") {
		t.Errorf("verify(tampered restore note) = %d, want 1 naming it:\n%s", code, out)
	}
}
