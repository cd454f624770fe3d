package capture

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/internal/shareddata"
	"nsor/fingerprint/iso"
)

func TestFromTransaction(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "ansi-nist")
	read := func(n string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The tenprint card: ten rolled fingers become captures; the two plain
	// thumbs and the two slaps (positions 11-14) are listed as skipped.
	caps, skipped, err := FromTransaction(read("type-4-tpcard.an2"))
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 10 || len(skipped) != 4 {
		t.Fatalf("%d captures, skipped %v", len(caps), skipped)
	}
	for i, c := range caps {
		if int(c.Position) != i+1 || c.Image.Format != fingerprint.ImageWSQ || c.Image.PPI != 500 || c.Impression != fingerprint.NonLiveRolled || c.Template != nil {
			t.Errorf("capture %d: %+v", i, c.Image)
		}
	}
	// A latent-style transaction with an M1 block: the finger's image gets
	// the M1 minutiae as an ANSI 378-2004 template that parses back.
	caps, _, err = FromTransaction(read("type-9-14-m1.an2"))
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 1 || caps[0].Template == nil || len(caps[0].Template.Parsed.Minutiae) != 48 {
		t.Fatalf("%+v", caps)
	}
	tpl, err := iso.DecodeTemplate(caps[0].Template.Bytes)
	if err != nil || len(tpl.Minutiae) != 48 || tpl.Position != caps[0].Position {
		t.Fatalf("template bytes: %+v %v", tpl, err)
	}
	b := read("type-4-tpcard.an2")
	if _, _, err := FromTransaction(b[:len(b)-1]); !errors.Is(err, fingerprint.ErrCapture) {
		t.Errorf("cut transaction: %v", err)
	}
}
