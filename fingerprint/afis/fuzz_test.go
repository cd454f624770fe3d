package afis

import (
	"encoding/binary"
	"image"
	"math"
	"testing"

	"nsor/fingerprint"
)

// templateFromBytes reads a template from fuzz input: resolution, size, then
// 6 bytes a minutia.
func templateFromBytes(b []byte) fingerprint.Template {
	var t fingerprint.Template
	if len(b) < 6 {
		return t
	}
	t.ResX, t.ResY = int(binary.BigEndian.Uint16(b)), int(binary.BigEndian.Uint16(b[2:]))
	t.Width, t.Height = int(b[4])*4, int(b[5])*4
	for b = b[6:]; len(b) >= 6; b = b[6:] {
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{
			X: int(binary.BigEndian.Uint16(b)) - 10, Y: int(binary.BigEndian.Uint16(b[2:])) - 10,
			Angle: float64(b[4]) / 40, Kind: fingerprint.Kind(b[5] % 4)})
	}
	return t
}

// FuzzCompare: any template either is refused with a code or compares with
// itself and a fixed template without panicking, to a finite score >= 0; and
// an index takes it and finds it.
func FuzzCompare(f *testing.F) {
	f.Add([]byte{0, 197, 0, 197, 75, 100, 0, 20, 0, 30, 10, 1, 0, 40, 0, 50, 100, 2, 0, 90, 0, 15, 200, 1})
	f.Add([]byte{0, 197, 0, 197, 0, 0, 0, 10, 0, 10, 0, 1, 0, 10, 0, 10, 0, 1})
	f.Add([]byte{0, 1, 0, 197, 1, 1})
	fixed, err := Prepare(fingerprint.Template{ResX: 197, ResY: 197, Minutiae: []fingerprint.Minutia{
		{X: 10, Y: 20, Angle: 1}, {X: 40, Y: 25, Angle: 2, Kind: 2}, {X: 30, Y: 80, Angle: 3}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tp := templateFromBytes(b)
		p, err := Prepare(tp)
		if err != nil {
			if CodeOf(err) == "" {
				t.Fatalf("Prepare refused without a code: %v", err)
			}
			return
		}
		for _, s := range []float64{Compare(p, p), Compare(p, fixed), Compare(fixed, p)} {
			if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
				t.Fatalf("Compare = %v", s)
			}
		}
		ix := NewIndex()
		ix.AddPrepared(fixed)
		e := ix.AddPrepared(p)
		cs := ix.SearchPrepared(p, SearchOptions{})
		if len(cs) == 0 || (cs[0].Entry != e && cs[0].Score < cs[len(cs)-1].Score) {
			t.Fatalf("SearchPrepared = %v", cs)
		}
	})
}

// FuzzExtract: any small image and resolution is refused with a code or
// yields a template Prepare accepts (or refuses only for having no minutiae).
func FuzzExtract(f *testing.F) {
	f.Add(uint8(130), uint8(130), uint16(500), []byte{0, 255, 0, 255, 128})
	f.Add(uint8(200), uint8(140), uint16(1000), []byte{10, 20, 30})
	f.Add(uint8(10), uint8(10), uint16(500), []byte{1})
	f.Fuzz(func(t *testing.T, w, h uint8, dpi uint16, pix []byte) {
		img := image.NewGray(image.Rect(0, 0, int(w), int(h)))
		if len(pix) > 0 {
			for i := range img.Pix {
				// Stripes from the input, so that some inputs look like ridges.
				img.Pix[i] = pix[(i/3)%len(pix)]
			}
		}
		tp, err := Extract(img, int(dpi))
		if err != nil {
			if CodeOf(err) == "" {
				t.Fatalf("Extract refused without a code: %v", err)
			}
			return
		}
		if _, err := Prepare(tp); err != nil && len(tp.Minutiae) > 0 {
			t.Fatalf("Prepare(Extract(...)) = %v", err)
		}
	})
}
