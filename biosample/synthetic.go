package biosample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"strings"

	"nsor/fingerprint"
	"nsor/fingerprint/iso"
)

// This file makes synthetic samples, of no one, for tests and the demo:
// minutiae templates in each format, ANSI/NIST-ITL transactions of
// uncompressed finger images, PNG images, DNA profiles.

// SyntheticTemplate writes a template of format (one of the four template
// formats) with one view per position, its minutiae drawn from seed.
func SyntheticTemplate(format string, seed uint64, positions ...int) ([]byte, error) {
	f, ok := templateFormats[format]
	if !ok {
		return nil, fmt.Errorf("biosample: %s is not a template format", format)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	ts := make([]fingerprint.Template, len(positions))
	for i, p := range positions {
		t := fingerprint.Template{Width: 400, Height: 500, ResX: 197, ResY: 197, Position: fingerprint.Position(p), Quality: 60}
		for range 30 {
			t.Minutiae = append(t.Minutiae, fingerprint.Minutia{X: 20 + r.IntN(360), Y: 20 + r.IntN(460),
				Angle: r.Float64() * 6.2, Kind: fingerprint.Kind(1 + r.IntN(2)), Quality: 50})
		}
		ts[i] = t
	}
	rec, err := iso.FromTemplates(f, ts...)
	if err != nil {
		return nil, err
	}
	return rec.Encode()
}

// SyntheticPNG is a grey PNG of noise, which states no resolution.
func SyntheticPNG(seed uint64, w, h int) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = uint8(r.IntN(256))
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return b.Bytes()
}

// SyntheticTransaction is an ANSI/NIST-ITL transaction with one Type-14
// record of an uncompressed 8-bit image per finger position, at ppi.
func SyntheticTransaction(seed uint64, ppi int, positions ...int) []byte {
	r := rand.New(rand.NewPCG(seed, 3))
	cnt := fmt.Sprintf("1\x1f%d", len(positions))
	var recs strings.Builder
	for i, p := range positions {
		const w, h = 32, 40
		px := make([]byte, w*h)
		for j := range px {
			px[j] = uint8(r.IntN(256))
		}
		idc := fmt.Sprintf("%02d", i+1)
		cnt += "\x1e14\x1f" + idc
		recs.WriteString(tagged(14, "14.002:"+idc, "14.003:0", "14.004:SYNTHETIC", "14.005:20261204",
			fmt.Sprintf("14.006:%d", w), fmt.Sprintf("14.007:%d", h), "14.008:1",
			fmt.Sprintf("14.009:%d", ppi), fmt.Sprintf("14.010:%d", ppi), "14.011:NONE", "14.012:8",
			fmt.Sprintf("14.013:%d", p), "14.999:"+string(px)))
	}
	return []byte(tagged(1, "1.002:0400", "1.003:"+cnt) + recs.String())
}

// tagged is a tagged record of type typ with its fields after the length
// field, the length field right.
func tagged(typ int, fields ...string) string {
	body := ""
	for _, f := range fields {
		body += "\x1d" + f
	}
	for n := len(body) + 8; ; n++ {
		r := fmt.Sprintf("%d.001:%d", typ, n) + body + "\x1c"
		if len(r) == n {
			return r
		}
	}
}

// SyntheticProfile is a DNA profile file of sample type typ typing the
// loci given, locus then its alleles.
func SyntheticProfile(typ string, loci map[string][]string) []byte {
	b, err := json.Marshal(profileFile{Type: typ, Loci: loci})
	if err != nil {
		panic(err) // strings and slices of strings always marshal
	}
	return b
}
