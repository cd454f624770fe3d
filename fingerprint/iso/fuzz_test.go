package iso

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/internal/shareddata"
)

// FuzzDecode: any input either is refused or decodes to a record that
// encodes back to exactly the input, and decoding never panics.
func FuzzDecode(f *testing.F) {
	tpl := fingerprint.Template{Width: 300, Height: 400, ResX: 197, ResY: 197, Position: 3, Quality: 70,
		Minutiae: []fingerprint.Minutia{{X: 10, Y: 20, Angle: 1, Kind: fingerprint.RidgeEnding, Quality: 40}}}
	for _, fm := range []Format{ISO2005, ANSI2004, ISO2011, ANSI2009} {
		rec, err := FromTemplates(fm, tpl)
		if err != nil {
			f.Fatal(err)
		}
		rec.Views[0].Extended = []Extension{{Type: 0x0101, Data: []byte{1, 2}}}
		b, err := rec.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("FMR\x00 20\x00\x00\x00\x00\x1e"))
	if d := shareddata.Dir(); d != "" {
		for _, p := range []string{"fvc-b-iso/2002-DB1/101_1.iso", "invalid/2004-DB1/101_1_truncate_1_byte.iso"} {
			if b, err := os.ReadFile(filepath.Join(d, "fingerprints", p)); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := Decode(b)
		if err != nil {
			return
		}
		out, err := rec.Encode()
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("round trip differs:\n% x\n% x", b, out)
		}
	})
}
