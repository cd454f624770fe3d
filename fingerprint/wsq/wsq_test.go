package wsq

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"nsor/fingerprint/internal/shareddata"
)

// The 9/7 analysis filters as the shared sample's DTT gives them.
var testLo = []float64{0.03782845550726404, -0.023849465019556843, -0.11062440441843718, 0.37740285561283066, 0.8526986790088938, 0.37740285561283066, -0.11062440441843718, -0.023849465019556843, 0.03782845550726404}
var testHi = []float64{0.06453888262869706, -0.04068941760916406, -0.41809227322161724, 0.7884856164055829, -0.41809227322161724, -0.04068941760916406, 0.06453888262869706}

// analyse1 is the forward transform the synthesis inverts: whole-sample
// symmetric extension, low band from the even samples, high band from the
// odd ones, stored low first (or high first when inv).
func analyse1(x []float64, inv bool) []float64 {
	n := len(x)
	at := func(j int) float64 {
		for j < 0 || j >= n {
			if j < 0 {
				j = -j
			}
			if j >= n {
				j = 2*(n-1) - j
			}
		}
		return x[j]
	}
	var lo, hi []float64
	for m := 0; m < n; m++ {
		if m%2 == 0 {
			s := 0.0
			for i, h := range testLo {
				s += h * at(m+i-len(testLo)/2)
			}
			lo = append(lo, s)
		} else {
			s := 0.0
			for i, h := range testHi {
				s += h * at(m+i-len(testHi)/2)
			}
			hi = append(hi, s)
		}
	}
	if inv {
		return append(hi, lo...)
	}
	return append(lo, hi...)
}

func TestSynthesisInvertsAnalysis(t *testing.T) {
	k := newKernels(synthesisFilters(testLo, testHi))
	k.ext = make([]float64, 64)
	r := rand.New(rand.NewPCG(1, 2))
	for n := 2; n < 40; n++ {
		for _, inv := range []bool{false, true} {
			x := make([]float64, n)
			for i := range x {
				x[i] = r.Float64()*200 - 100
			}
			out := make([]float64, n)
			k.synth1(analyse1(x, inv), out, inv)
			for i := range x {
				if math.Abs(out[i]-x[i]) > 1e-6 {
					t.Fatalf("n=%d inv=%v: sample %d is %v, want %v", n, inv, i, out[i], x[i])
				}
			}
		}
	}
}

func goldenGray(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			g.Pix[(y-b.Min.Y)*g.Stride+x-b.Min.X] = uint8(r >> 8)
		}
	}
	return g
}

// compare counts the pixels that differ and the largest difference.
func compare(a, b *image.Gray) (diff, maxd int) {
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		if d < 0 {
			d = -d
		}
		if d != 0 {
			diff++
		}
		maxd = max(maxd, d)
	}
	return diff, maxd
}

func TestSingleGolden(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "wsq", "single")
	b, err := os.ReadFile(filepath.Join(dir, "sample.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	img, fr, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := goldenGray(t, filepath.Join(dir, "sample.png"))
	if img.Bounds() != want.Bounds() {
		t.Fatalf("size %v, want %v", img.Bounds(), want.Bounds())
	}
	diff, maxd := compare(img, want)
	t.Logf("sample.wsq %dx%d ppi %d: %d of %d pixels differ, by at most %d", fr.Width, fr.Height, fr.PPI(), diff, len(img.Pix), maxd)
	if maxd > 1 {
		t.Errorf("differs by up to %d grey levels", maxd)
	}
	// Which side rounds differently: every pixel that differs is one whose
	// value before rounding lies within 0.001 of a half grey level, where
	// the golden decoder's 32-bit arithmetic and ours land on either side.
	d := &decoder{b: b}
	coef, err := d.reconstruct()
	if err != nil {
		t.Fatal(err)
	}
	for i := range img.Pix {
		if img.Pix[i] == want.Pix[i] {
			continue
		}
		v := float64(coef[i])*d.frame.R + d.frame.M
		if frac := v - math.Floor(v); math.Abs(frac-0.5) > 0.001 {
			t.Errorf("pixel %d: ours %d, golden %d, value before rounding %.6f is not at a half grey level", i, img.Pix[i], want.Pix[i], v)
		}
	}
}

// FuzzDecode: a hostile stream is refused or decoded, never a panic; the
// image size is bounded by MaxPixels before anything is allocated.
func FuzzDecode(f *testing.F) {
	if d := shareddata.Dir(); d != "" {
		if b, err := os.ReadFile(filepath.Join(d, "fingerprints", "wsq", "single", "sample.wsq")); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{0xff, 0xa0, 0xff, 0xa2, 0x00, 0x11, 0, 255, 0x00, 0x10, 0x00, 0x10, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0xff, 0xa1})
	f.Fuzz(func(t *testing.T, b []byte) {
		img, fr, err := Decode(b)
		if err != nil {
			return
		}
		if img.Bounds().Dx() != fr.Width || img.Bounds().Dy() != fr.Height || fr.Width*fr.Height > MaxPixels {
			t.Fatalf("image %v for frame %dx%d", img.Bounds(), fr.Width, fr.Height)
		}
	})
}

func TestRefusesHostileHeaders(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":         {},
		"not SOI":       {0xff, 0xd8},
		"huge frame":    {0xff, 0xa0, 0xff, 0xa2, 0x00, 0x11, 0, 255, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 0, 0, 1, 2, 0, 0},
		"no block":      {0xff, 0xa0, 0xff, 0xa1},
		"segment long":  {0xff, 0xa0, 0xff, 0xa8, 0x10, 0x00, 'x'},
		"bad marker":    {0xff, 0xa0, 0xff, 0x10},
		"zero scale R":  {0xff, 0xa0, 0xff, 0xa2, 0x00, 0x11, 0, 255, 0x00, 0x10, 0x00, 0x10, 0, 0, 1, 0, 0, 0, 2, 0, 0},
		"block no data": {0xff, 0xa0, 0xff, 0xa2, 0x00, 0x11, 0, 255, 0x00, 0x10, 0x00, 0x10, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0xff, 0xa3, 0x00, 0x03, 0x00},
	} {
		if _, _, err := Decode(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", name, err)
		}
	}
}

// BenchmarkDecodeWSQ decodes the single sample (545 x 622); its baseline,
// BenchmarkDecodePNGBaseline, decodes the same pixels from the golden PNG
// with the standard library.
func BenchmarkDecodeWSQ(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(shareddata.Fingerprints(b), "wsq", "single", "sample.wsq"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodePNGBaseline(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(shareddata.Fingerprints(b), "wsq", "single", "sample.png"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
