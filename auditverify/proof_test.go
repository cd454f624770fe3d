package auditverify_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"nsor"
	"nsor/auditlog"
	"nsor/auditverify"
)

// proofJSON is an inclusion proof as the API renders it.
func proofJSON(p *nsor.InclusionProof) map[string]any {
	path := make([]string, len(p.Proof))
	for i, h := range p.Proof {
		path[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return map[string]any{"record_id": p.RecordID, "leaf_index": p.Index, "tree_size": p.TreeSize,
		"record": base64.StdEncoding.EncodeToString(p.Record), "checkpoint": string(p.Checkpoint), "proof": path}
}

func encode(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// proofs returns a proof of record 5 in a tree of 40, the checkpoint of a
// later tree of 75, and the public keys' file.
func proofs(t *testing.T) (map[string]any, []byte, string) {
	f := newFixture(t)
	ctx := context.Background()
	f.grow(t, 1, 40)
	var p *nsor.InclusionProof
	err := f.db.View(ctx, func(tx nsor.Tx) error {
		var err error
		p, err = f.log.ProveRecord(ctx, tx, 5)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	later := f.grow(t, 1, 35)
	return proofJSON(p), later.Note, f.keysDir() + "/audit-verifiers.pub"
}

func checkProof(t *testing.T, pub string, proof []byte) (int, string) {
	t.Helper()
	var out, errs bytes.Buffer
	code := auditverify.MainCheckProof(context.Background(), "check-proof", []string{"--pub", pub, writeFile(t, "proof.json", proof)}, &out, &errs)
	return code, out.String() + errs.String()
}

func TestCheckProof(t *testing.T) {
	good, later, pub := proofs(t)
	if code, out := checkProof(t, pub, encode(t, good)); code != 0 || !strings.Contains(out, "record 5 (") || !strings.Contains(out, "leaf 4 of the tree of 40") {
		t.Fatalf("check-proof(good) = %d, want 0:\n%s", code, out)
	}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	record, _ := base64.StdEncoding.DecodeString(good["record"].(string))
	record[3] ^= 1
	false1 := []struct {
		name  string
		proof map[string]any
	}{
		{"another leaf index", with("leaf_index", 5)},
		{"the wrong tree size", with("tree_size", 41)},
		{"a later checkpoint, the proof of the older tree", with("checkpoint", string(later))},
		{"a later checkpoint and its size, the proof of the older tree", func() map[string]any {
			m := with("checkpoint", string(later))
			m["tree_size"] = 75
			return m
		}()},
		{"an altered record", with("record", base64.StdEncoding.EncodeToString(record))},
		{"an altered checkpoint", with("checkpoint", strings.Replace(good["checkpoint"].(string), "\n40\n", "\n41\n", 1))},
	}
	for _, tt := range false1 {
		if code, out := checkProof(t, pub, encode(t, tt.proof)); code != 1 {
			t.Errorf("check-proof(%s) = %d, want 1:\n%s", tt.name, code, out)
		}
	}
	_, vkey, _ := note.GenerateKey(rand.Reader, auditlog.DefaultOrigin)
	other := writeFile(t, "other.pub", []byte(vkey+"\n"))
	unusable := []struct {
		name, pub string
		proof     []byte
	}{
		{"a key of another installation", other, encode(t, good)},
		{"truncated JSON", pub, encode(t, good)[:60]},
		{"an empty file", pub, nil},
		{"a missing field", pub, bytes.Replace(encode(t, good), []byte(`"record_id"`), []byte(`"record_ID"`), 1)},
		{"an unknown field", pub, encode(t, with("extra", 1))},
		{"a short hash", pub, encode(t, with("proof", []string{"AAAA"}))},
		{"a leaf beyond the tree", pub, encode(t, with("leaf_index", 40))},
		{"a missing keys file", pub + ".missing", encode(t, good)},
	}
	for _, tt := range unusable {
		if code, out := checkProof(t, tt.pub, tt.proof); code != 2 {
			t.Errorf("check-proof(%s) = %d, want 2:\n%s", tt.name, code, out)
		}
	}
}
