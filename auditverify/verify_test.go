package auditverify_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"nsor/auditrec"
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

// TestNonCanonicalRecordIsReported: a record whose bytes decode but are not
// what Encode writes (here, its details out of order) is refused, so that
// one record has one encoding and one leaf hash.
func TestNonCanonicalRecordIsReported(t *testing.T) {
	f := newFixture(t)
	f.grow(t, 1, 10)
	f.close(t)
	rec := &auditrec.Record{At: f.clock.Now(), ActorID: 3, Action: "request.read", Outcome: auditrec.OutcomeOK,
		Details: []auditrec.Detail{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}}
	data := auditrec.Encode(rec)
	tail := []byte{2, 1, 'a', 1, '1', 1, 'b', 1, '2'}
	if !bytes.HasSuffix(data, tail) {
		t.Fatalf("Encode(details a, b) ends %x, want %x", data[len(data)-len(tail):], tail)
	}
	swapped := append(bytes.TrimSuffix(data, tail), 2, 1, 'b', 1, '2', 1, 'a', 1, '1')
	db := rawOpen(t, f.path())
	if _, err := db.Exec("UPDATE audit_records SET data = ?, actor_id = 3, request_id = 0, action = 'request.read', object = '', at_ms = ? WHERE id = 4",
		swapped, rec.At.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out := verify(t, "--data", f.dir)
	if code != 1 || !strings.Contains(out, "record 4 does not decode") || !strings.Contains(out, "canonical") {
		t.Errorf("verify(record 4 not canonical) = %d, want 1 naming record 4:\n%s", code, out)
	}
}
