package iso

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"nsor/fingerprint/internal/shareddata"
)

// FuzzDecode: any input either is refused or decodes to a record that
// encodes back to exactly the input, and decoding never panics.
func FuzzDecode(f *testing.F) {
	for _, fm := range []Format{ISO2005, ANSI2004, ISO2011, ANSI2009} {
		rec := &Record{Format: fm}
		if b, err := rec.Encode(); err == nil {
			f.Add(b)
		}
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
