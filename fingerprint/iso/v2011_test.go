package iso

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/internal/shareddata"
)

// TestAllFormatsFromFVC writes every FVC template in each of the four
// formats, reads it back (the format told apart by Detect), writes it
// again byte for byte, and gets the same minutiae (angles within the
// format's unit).
func TestAllFormatsFromFVC(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shareddata.Fingerprints(t), "fvc-b-iso", "*", "*.iso"))
	if len(files) != 640 {
		t.Fatalf("%d templates", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := DecodeTemplate(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, fm := range []Format{ISO2005, ANSI2004, ISO2011, ANSI2009} {
			rec, err := FromTemplates(fm, tpl)
			if err != nil {
				t.Fatalf("%s %v: %v", f, fm, err)
			}
			out, err := rec.Encode()
			if err != nil {
				t.Fatalf("%s %v: %v", f, fm, err)
			}
			if got, err := Detect(out); got != fm || err != nil {
				t.Fatalf("%s: %v detected as %v (%v)", f, fm, got, err)
			}
			back, err := Decode(out)
			if err != nil {
				t.Fatalf("%s %v: %v", f, fm, err)
			}
			again, err := back.Encode()
			if err != nil || !bytes.Equal(again, out) {
				t.Fatalf("%s %v: round trip differs (%v)", f, fm, err)
			}
			got, _ := back.Template(0)
			if got.Width != tpl.Width || got.ResX != tpl.ResX || len(got.Minutiae) != len(tpl.Minutiae) {
				t.Fatalf("%s %v: %+v", f, fm, got)
			}
			unit := 2 * math.Pi / angleUnits(fm)
			for i, m := range got.Minutiae {
				w := tpl.Minutiae[i]
				d := math.Abs(math.Remainder(m.Angle-w.Angle, 2*math.Pi))
				if m.X != w.X || m.Y != w.Y || m.Kind != w.Kind || d > unit/2+1e-9 {
					t.Fatalf("%s %v minutia %d: %+v, want %+v", f, fm, i, m, w)
				}
			}
		}
	}
}

func sample2011(t *testing.T, f Format) []byte {
	t.Helper()
	rec, err := FromTemplates(f, fingerprint.Template{Width: 300, Height: 400, ResX: 197, ResY: 197, Position: 3, Quality: 70,
		Minutiae: []fingerprint.Minutia{{X: 10, Y: 20, Angle: 1, Kind: fingerprint.RidgeEnding, Quality: 40}, {X: 299, Y: 399, Angle: 6, Kind: fingerprint.Bifurcation}}})
	if err != nil {
		t.Fatal(err)
	}
	rec.Views[0].Extended = []Extension{{Type: 0x0201, Data: []byte{9, 9}}}
	b, err := rec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRefusals2011(t *testing.T) {
	// ISO 2011 offsets: header 15; representation at 15: length 4, time 9
	// (19), technology (28), vendor (29), type (31), quality count (33),
	// one block (34-38), position (39), number (40), res x (41), res y
	// (43), impression (45), width (46), height (48), field length (50),
	// count (51), minutiae from 52.
	for _, c := range []struct {
		name  string
		edit  func(b []byte) []byte
		field string
	}{
		{"certification flag 2", func(b []byte) []byte { b[14] = 2; return b }, "certification flag"},
		{"no representations", func(b []byte) []byte { b[12], b[13] = 0, 0; return b }, "number of finger representations"},
		{"representation length", func(b []byte) []byte { b[18]++; return b }, "representation length"},
		{"quality 200", func(b []byte) []byte { b[34] = 200; return b }, "quality score"},
		{"position 12", func(b []byte) []byte { b[39] = 12; return b }, "finger position"},
		{"zero resolution", func(b []byte) []byte { b[41], b[42] = 0, 0; return b }, "horizontal resolution"},
		{"impression 6", func(b []byte) []byte { b[45] = 6; return b }, "impression type"},
		{"minutia size 7", func(b []byte) []byte { b[50] = 0x70; return b }, "minutia field length"},
		{"reserved y", func(b []byte) []byte { b[54] |= 0x80; return b }, "reserved bits"},
		{"minutia quality 150", func(b []byte) []byte { b[57] = 150; return b }, "quality"},
		{"cut", func(b []byte) []byte { return b[:len(b)-1] }, "record length"},
	} {
		b := c.edit(sample2011(t, ISO2011))
		if _, err := DecodeAs(b, ISO2011); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v, want an error naming %q", c.name, err, c.field)
		}
	}
	// ANSI 2009 offsets: header 21; view: position (21), number (22),
	// impression (23), quality (24), vendor (25), algorithm (27), width
	// (29), height (31), res (33, 35), count (37), minutiae from 38.
	for _, c := range []struct {
		name  string
		edit  func(b []byte) []byte
		field string
	}{
		{"certification bits", func(b []byte) []byte { b[16] = 0x01; return b }, "sensor certification"},
		{"reserved byte", func(b []byte) []byte { b[20] = 1; return b }, "reserved byte"},
		{"view number 16", func(b []byte) []byte { b[22] = 16; return b }, "view number"},
		{"quality 101", func(b []byte) []byte { b[24] = 101; return b }, "finger quality"},
		{"angle 180", func(b []byte) []byte { b[42] = 180; return b }, "angle"},
		{"extension length", func(b []byte) []byte { b[len(b)-3] = 3; return b }, "area length"},
	} {
		b := c.edit(sample2011(t, ANSI2009))
		if _, err := DecodeAs(b, ANSI2009); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("ANSI 2009 %s: %v, want an error naming %q", c.name, err, c.field)
		}
	}
	if _, err := Decode(sample2011(t, ISO2011)[:20]); !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrInvalid) {
		t.Errorf("cut ISO 2011: %v", err)
	}
}
