package auditverify_test

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"nsor/auditverify"
)

// The parsers read what an attacker may write (the database's notes, a
// checkpoint file, a proof file): they must refuse, never panic, and what
// they accept must be what they were given.

func FuzzParseCheckpoint(f *testing.F) {
	for _, s := range []string{
		"nsor.local/audit\n40\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"nsor.local/audit\n40\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next\n",
		"nsor.local/audit\n040\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"nsor.local/audit\n-1\nAAAA\n", "\n\n\n", "", "a\n1\n",
		"nsor.local/audit\n9223372036854775808\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := auditverify.ParseCheckpoint(text)
		if err != nil {
			return
		}
		if c.Size < 0 || c.Origin == "" || !strings.HasPrefix(text, c.Origin+"\n") {
			t.Errorf("ParseCheckpoint(%q) = %+v, want a non-empty origin and a size >= 0 as given", text, c)
		}
	})
}

func FuzzParseRestore(f *testing.F) {
	for _, s := range []string{
		"nsor.local/audit\nrestore\n10\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n1764320400000\n",
		"nsor.local/audit\nrestore\n20\n10\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n0\n",
		"nsor.local/audit\n10\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"x\nrestore\n\n\n\n\n", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := auditverify.ParseRestore(text)
		if err != nil {
			return
		}
		if r.Restored < 0 || r.Restored > r.SupersededSize || r.Origin == "" {
			t.Errorf("ParseRestore(%q) = %+v, want 0 <= restored <= superseded", text, r)
		}
		if _, err := auditverify.ParseCheckpoint(text); err == nil {
			t.Errorf("ParseCheckpoint(restore note %q) = nil error, want a restore note never to read as a checkpoint", text)
		}
	})
}

// FuzzOpenCheckpoint feeds whole signed notes through signature checking
// and parsing.
func FuzzOpenCheckpoint(f *testing.F) {
	skey, vkey, _ := note.GenerateKey(rand.Reader, "nsor.local/audit")
	s, _ := note.NewSigner(skey)
	keys, err := auditverify.ParseKeys(vkey)
	if err != nil {
		f.Fatal(err)
	}
	for _, text := range []string{"nsor.local/audit\n40\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "other/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "junk\n"} {
		msg, _ := note.Sign(&note.Note{Text: text}, s)
		f.Add(msg)
	}
	f.Add([]byte("\n\n— nsor.local/audit AAAA\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := keys.OpenCheckpoint(msg)
		if err == nil && c.Origin != "nsor.local/audit" {
			t.Errorf("OpenCheckpoint(%q) = %+v, want only this log's checkpoints", msg, c)
		}
		_, _ = keys.OpenRestore(msg)
	})
}

func FuzzParseProof(f *testing.F) {
	f.Add([]byte(`{"record_id":5,"leaf_index":4,"tree_size":40,"record":"AQ==","checkpoint":"x","proof":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]}`))
	f.Add([]byte(`{"record_id":5,"leaf_index":40,"tree_size":40,"record":"","checkpoint":"","proof":[]}`))
	f.Add([]byte(`{"record_id":1}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"proof":null} {}`))
	_, vkey, _ := note.GenerateKey(rand.Reader, "nsor.local/audit")
	keys, _ := auditverify.ParseKeys(vkey)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := auditverify.ParseProof(data)
		if err != nil {
			return
		}
		if p.LeafIndex < 0 || p.LeafIndex >= p.TreeSize || len(p.Proof) > 64 {
			t.Errorf("ParseProof(%q) = %+v, want 0 <= leaf < size and a bounded path", data, p)
		}
		_, _ = auditverify.CheckProof(p, keys)
	})
}
