package auditlog_test

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditlog"
)

// TestLoadKeysRefuses: a signing key that is not one, or is another log's,
// and a public key file that does not parse are refused, and nothing is
// written in the key directory.
func TestLoadKeysRefuses(t *testing.T) {
	other, _, err := note.GenerateKey(rand.Reader, "other.example/audit")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, override, verifiers, want string
	}{
		{"malformed override", "PRIVATE+KEY+garbage", "", "signing key"},
		{"another log's key", other, "", `is for log "other.example/audit"`},
		{"malformed public keys", "", "not-a-key\n", "public key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.verifiers != "" {
				if err := os.WriteFile(filepath.Join(dir, auditlog.VerifiersFile), []byte(tc.verifiers), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := auditlog.LoadKeys(dir, auditlog.DefaultOrigin, tc.override)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadKeys(%s) = %v, want an error naming %q", tc.name, err, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != auditlog.VerifiersFile {
					t.Errorf("key directory after a refusal holds %s, want nothing written", e.Name())
				}
			}
		})
	}
}

// TestNewRefusesAnotherLogsSigner: a log never signs under another name.
func TestNewRefusesAnotherLogsSigner(t *testing.T) {
	skey, _, _ := note.GenerateKey(rand.Reader, "other.example/audit")
	s, _ := note.NewSigner(skey)
	if _, err := auditlog.New(nil, nil, s, auditlog.Config{}, nil); err == nil {
		t.Error("New(signer of another log) = nil error, want a refusal")
	}
}

func TestParseCheckpointBody(t *testing.T) {
	root := tlog.RecordHash([]byte("synthetic"))
	good := auditlog.CheckpointBody("nsor.local/audit", 42, root)
	if o, n, r, err := auditlog.ParseCheckpointBody(good); err != nil || o != "nsor.local/audit" || n != 42 || r != root {
		t.Fatalf("ParseCheckpointBody(good) = %q, %d, %v, %v; want the origin, 42 and the root", o, n, r, err)
	}
	if _, n, _, err := auditlog.ParseCheckpointBody(good + "extension line\n"); err != nil || n != 42 {
		t.Errorf("ParseCheckpointBody(with an extension line) = %d, %v; want it read", n, err)
	}
	lines := strings.SplitAfter(good, "\n")
	for name, body := range map[string]string{
		"empty":         "",
		"no newline":    strings.TrimSuffix(good, "\n"),
		"no origin":     "\n" + lines[1] + lines[2],
		"size not text": lines[0] + "forty-two\n" + lines[2],
		"size signed":   lines[0] + "+42\n" + lines[2],
		"leading zero":  lines[0] + "042\n" + lines[2],
		"negative":      lines[0] + "-1\n" + lines[2],
		"short root":    lines[0] + lines[1] + "AAAA\n",
		"root not b64":  lines[0] + lines[1] + "!!!\n",
		"restore note": auditlog.RestoreBody(auditlog.Restore{Origin: "nsor.local/audit", Restored: 1,
			SupersededSize: 2, At: time.Unix(0, 0)}),
	} {
		if _, _, _, err := auditlog.ParseCheckpointBody(body); err == nil {
			t.Errorf("ParseCheckpointBody(%s) = nil error, want malformed", name)
		}
	}
}

func TestParseRestoreBody(t *testing.T) {
	r := auditlog.Restore{Origin: "nsor.local/audit", Restored: 3, SupersededSize: 9,
		SupersededRoot: tlog.RecordHash([]byte("x")), At: time.UnixMilli(1700000000123).UTC()}
	got, err := auditlog.ParseRestoreBody(auditlog.RestoreBody(r))
	if err != nil || got != r {
		t.Fatalf("ParseRestoreBody(RestoreBody(r)) = %+v, %v; want %+v", got, err, r)
	}
	bad := r
	bad.Restored = 10 // restored past what it superseded
	for name, body := range map[string]string{
		"restored past superseded": auditlog.RestoreBody(bad),
		"a checkpoint":             auditlog.CheckpointBody("nsor.local/audit", 3, r.SupersededRoot),
		"truncated":                strings.TrimSuffix(auditlog.RestoreBody(r), "\n"),
	} {
		if _, err := auditlog.ParseRestoreBody(body); err == nil {
			t.Errorf("ParseRestoreBody(%s) = nil error, want malformed", name)
		}
	}
}
