package wsq

import (
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
	g0, g1 := synthesisFilters(testLo, testHi)
	r := rand.New(rand.NewPCG(1, 2))
	for n := 2; n < 40; n++ {
		for _, inv := range []bool{false, true} {
			x := make([]float64, n)
			for i := range x {
				x[i] = r.Float64()*200 - 100
			}
			out := make([]float64, n)
			synth1(analyse1(x, inv), out, inv, g0, g1)
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
}
