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

// TestFVCTemplates reads every one of the 640 ISO 2005 templates of the
// shared data, checks what the data README states of them all, and writes
// each back byte for byte.
func TestFVCTemplates(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "fvc-b-iso")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.iso"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 640 {
		t.Fatalf("found %d templates, want 640", len(files))
	}
	var minutiae, endings, bifurcations int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if rec.Format != ISO2005 {
			t.Fatalf("%s: read as %v", f, rec.Format)
		}
		if rec.Width != 300 || rec.Height != 400 || rec.ResX != 197 || rec.ResY != 197 || len(rec.Views) != 1 {
			t.Fatalf("%s: header %+v", f, rec)
		}
		for _, m := range rec.Views[0].Minutiae {
			minutiae++
			switch m.Type {
			case 1:
				endings++
			case 2:
				bifurcations++
			}
		}
		out, err := rec.Encode()
		if err != nil {
			t.Fatalf("%s: encode: %v", f, err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("%s: round trip differs", f)
		}
		tpl, err := DecodeTemplate(b)
		if err != nil || len(tpl.Minutiae) != len(rec.Views[0].Minutiae) || tpl.Width != 300 || tpl.ResX != 197 {
			t.Fatalf("%s: template %+v, %v", f, tpl, err)
		}
		// A record rebuilt from the template alone is the same record: the
		// angle conversion loses nothing.
		back, err := FromTemplates(ISO2005, tpl)
		if err != nil {
			t.Fatal(err)
		}
		again, err := back.Encode()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("%s: record rebuilt from its template differs (%v)", f, err)
		}
	}
	// The data README's counts over all 640 templates.
	if minutiae != 22293 || endings != 13422 || bifurcations != 8871 {
		t.Errorf("minutiae %d (endings %d, bifurcations %d), want 22293 (13422, 8871)", minutiae, endings, bifurcations)
	}
}

// TestTruncatedRefused refuses the three truncated records of the shared
// data with an error saying the record is truncated.
func TestTruncatedRefused(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "invalid", "2004-DB1")
	for _, n := range []string{"1_byte", "2_bytes", "3_bytes"} {
		b, err := os.ReadFile(filepath.Join(dir, "101_1_truncate_"+n+".iso"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Decode(b)
		if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "says 30 bytes") {
			t.Errorf("%s: %v, want a truncation error naming the 30-byte length", n, err)
		}
		// Even with the length field patched to the bytes given, the view is cut.
		p := append([]byte(nil), b...)
		putBE32(p[8:], uint32(len(p)))
		if _, err := Decode(p); !errors.Is(err, ErrTruncated) {
			t.Errorf("%s patched: %v, want truncated", n, err)
		}
	}
}

// sample is a small valid record in format f, with an extended data area.
func sample(t *testing.T, f Format) []byte {
	t.Helper()
	rec := &Record{Format: f, Width: 300, Height: 400, ResX: 197, ResY: 197, Equipment: 0x1005,
		Views: []View{{Position: 2, Impression: 1, Quality: 60, Minutiae: []Minutia{
			{Type: 1, X: 10, Y: 20, Angle: 17, Quality: 50},
			{Type: 2, X: 299, Y: 399, Angle: 170, Quality: 0},
			{Type: 0, X: 0, Y: 0, Angle: 0, Quality: 100},
		}, Extended: []Extension{{Type: 0x0101, Data: []byte{1, 2, 3}}}},
			{Position: 2, Number: 1, Impression: 8}}}
	if f == ANSI2004 {
		rec.CBEFFOwner, rec.CBEFFType = 0x0033, 0x0001
	}
	b, err := rec.Encode()
	if err != nil {
		t.Fatalf("%v: %v", f, err)
	}
	return b
}

func TestISO2005AndANSI2004ToldApart(t *testing.T) {
	for _, f := range []Format{ISO2005, ANSI2004} {
		b := sample(t, f)
		got, err := Detect(b)
		if err != nil || got != f {
			t.Fatalf("%v detected as %v (%v)", f, got, err)
		}
		rec, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Views) != 2 || len(rec.Views[0].Extended) != 1 || !bytes.Equal(rec.Views[0].Extended[0].Data, []byte{1, 2, 3}) {
			t.Fatalf("%v: %+v", f, rec)
		}
		out, err := rec.Encode()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("%v: round trip differs (%v)", f, err)
		}
		// Read as the other format, the record is refused.
		other := map[Format]Format{ISO2005: ANSI2004, ANSI2004: ISO2005}[f]
		if _, err := DecodeAs(b, other); err == nil {
			t.Errorf("%v record read as %v without error", f, other)
		}
	}
	// The same minutia angle byte means different directions in the two.
	iso, _ := Decode(sample(t, ISO2005))
	ansi, _ := Decode(sample(t, ANSI2004))
	ti, _ := iso.Template(0)
	ta, _ := ansi.Template(0)
	if math.Abs(ti.Minutiae[0].Angle-17*2*math.Pi/256) > 1e-12 || math.Abs(ta.Minutiae[0].Angle-34*math.Pi/180) > 1e-12 {
		t.Errorf("angles %v, %v", ti.Minutiae[0].Angle, ta.Minutiae[0].Angle)
	}
}

func TestANSILongLengthRoundTrips(t *testing.T) {
	rec, err := Decode(sample(t, ANSI2004))
	if err != nil {
		t.Fatal(err)
	}
	rec.LongLength = true
	b, err := rec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if b[8] != 0 || b[9] != 0 || int(be32(b[10:])) != len(b) {
		t.Fatalf("not the 6-byte form: % x", b[:14])
	}
	back, err := Decode(b)
	if err != nil || back.Format != ANSI2004 || !back.LongLength {
		t.Fatalf("%+v %v", back, err)
	}
	out, _ := back.Encode()
	if !bytes.Equal(out, b) {
		t.Error("6-byte form does not round-trip")
	}
}

// TestRefusals changes one field of a valid record at a time; each change
// is refused with an error naming the field.
func TestRefusals(t *testing.T) {
	// Offsets in the ISO sample: header 24; view 0 at 24 (position,
	// number/impression, quality, count), minutiae at 28, 34, 40;
	// extended block length at 46, area at 48 (type 2, length 2, data 3).
	for _, c := range []struct {
		name  string
		edit  func(b []byte) []byte
		field string
		kind  error
	}{
		{"magic", func(b []byte) []byte { b[0] = 'X'; return b }, "format identifier", ErrInvalid},
		{"version", func(b []byte) []byte { b[5] = '3'; return b }, "version", ErrInvalid},
		{"trailing byte", func(b []byte) []byte { b = append(b, 0); putBE32(b[8:], uint32(len(b))); return b }, "end of record", ErrInvalid},
		{"length short of the bytes", func(b []byte) []byte { return append(b, 0) }, "record length", ErrInvalid},
		{"cut", func(b []byte) []byte { return b[:len(b)-1] }, "record length", ErrTruncated},
		{"zero width", func(b []byte) []byte { b[14], b[15] = 0, 0; return b }, "image width", ErrInvalid},
		{"zero resolution", func(b []byte) []byte { b[18], b[19] = 0, 0; return b }, "horizontal resolution", ErrInvalid},
		{"no views", func(b []byte) []byte { b[22] = 0; return b }, "number of finger views", ErrInvalid},
		{"reserved header byte", func(b []byte) []byte { b[23] = 1; return b }, "reserved byte", ErrInvalid},
		{"finger position 11", func(b []byte) []byte { b[24] = 11; return b }, "finger position", ErrInvalid},
		{"impression 5", func(b []byte) []byte { b[25] = 5; return b }, "impression type", ErrInvalid},
		{"finger quality 101", func(b []byte) []byte { b[26] = 101; return b }, "finger quality", ErrInvalid},
		{"too many minutiae", func(b []byte) []byte { b[27] = 200; return b }, "minutiae", ErrTruncated},
		{"minutia type 3", func(b []byte) []byte { b[28] |= 0xc0; return b }, "type", ErrInvalid},
		{"reserved y bits", func(b []byte) []byte { b[30] |= 0x40; return b }, "reserved bits", ErrInvalid},
		{"x outside", func(b []byte) []byte { b[28], b[29] = 0x41, 0x2c; return b }, "x", ErrInvalid},
		{"y outside", func(b []byte) []byte { b[30], b[31] = 0x01, 0x90; return b }, "y", ErrInvalid},
		{"minutia quality 101", func(b []byte) []byte { b[33] = 101; return b }, "quality", ErrInvalid},
		{"extended block too long", func(b []byte) []byte { b[47] = 200; return b }, "block length", ErrTruncated},
		{"extended area too long", func(b []byte) []byte { b[51] = 9; return b }, "area length", ErrInvalid},
		{"extended area type 0", func(b []byte) []byte { b[48], b[49] = 0, 0; return b }, "area type", ErrInvalid},
		{"duplicate view", func(b []byte) []byte { b[len(b)-5] = 0x01; return b }, "repeats finger position", ErrInvalid},
		{"more views than given", func(b []byte) []byte { b[22] = 3; return b }, "finger view 2", ErrTruncated},
		{"fewer views than given", func(b []byte) []byte { b[22] = 1; return b }, "end of record", ErrInvalid},
	} {
		b := c.edit(sample(t, ISO2005))
		_, err := DecodeAs(b, ISO2005)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v, want %v naming %q", c.name, err, c.kind, c.field)
		}
	}
	// ANSI angles are below 180.
	b := sample(t, ANSI2004)
	// ANSI header is 26 bytes; minutia 0 angle at 26+4+4.
	b[34] = 180
	if _, err := Decode(b); err == nil || !strings.Contains(err.Error(), "angle") {
		t.Errorf("ANSI angle 180: %v", err)
	}
	// ANSI extension area lengths count their header.
	b = sample(t, ANSI2004)
	if l := be16(b[26+4+18+2+2:]); l != 7 {
		t.Errorf("ANSI area length %d, want 7 (4-byte header and 3 data bytes)", l)
	}
}

func TestEncodeRefusesWhatDecodeRefuses(t *testing.T) {
	rec, err := Decode(sample(t, ISO2005))
	if err != nil {
		t.Fatal(err)
	}
	rec.Views[0].Minutiae[0].X = 300
	if _, err := rec.Encode(); err == nil || !strings.Contains(err.Error(), "x") {
		t.Errorf("x outside the image written: %v", err)
	}
	if _, err := FromTemplates(ISO2005, fingerprint.Template{Width: 0, Height: 1, ResX: 197, ResY: 197}); err == nil {
		t.Error("zero width template accepted")
	}
}
