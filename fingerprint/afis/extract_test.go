package afis

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/fvc"
	"nsor/fingerprint/internal/shareddata"
)

// dislocation draws parallel horizontal ridges of the given period with one
// ridge more above (x0, y0) than below it to the right: the phase turns by a
// full period around that point, so exactly one minutia lies there (the
// model of a minutia as a spiral phase, Larkin and Fletcher, Optics Express
// 15(14), 2007). Ridges are dark.
func dislocation(w, h, x0, y0 int, period float64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			ph := 2*math.Pi*float64(y-y0)/period + math.Atan2(float64(y-y0)+0.5, float64(x-x0)+0.5)
			img.Pix[y*img.Stride+x] = uint8(128 + 90*math.Cos(ph))
		}
	}
	return img
}

// TestExtractSyntheticMinutia: on a synthetic ridge pattern with one minutia,
// Extract finds that one, pointing along the ridges, and nothing at the
// image's edges, where every ridge is cut off.
func TestExtractSyntheticMinutia(t *testing.T) {
	const w, h, x0, y0, period = 300, 300, 150, 150, 9.0
	tp, err := Extract(dislocation(w, h, x0, y0, period), 500)
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.Minutiae) != 1 {
		t.Fatalf("Extract found %d minutiae %v, want the one at (%d,%d)", len(tp.Minutiae), tp.Minutiae, x0, y0)
	}
	m := tp.Minutiae[0]
	if d := math.Hypot(float64(m.X-x0), float64(m.Y-y0)); d > period {
		t.Errorf("minutia at (%d,%d), %.1f pixels from (%d,%d): want within a period", m.X, m.Y, d, x0, y0)
	}
	// The ridges run horizontally: the direction is 0 or π, within 20°.
	if a := math.Min(math.Abs(math.Sin(m.Angle)), 1); a > math.Sin(20*math.Pi/180) {
		t.Errorf("minutia angle %.2f rad, want along the horizontal ridges", m.Angle)
	}
}

// TestExtractDirectionSurvivesTypeFlip: inverting the image swaps ridges and
// valleys, so the dislocation's ridge ending becomes a bifurcation at about
// the same place. ISO/IEC 19794-2 and ANSI INCITS 378 measure a bifurcation's
// angle along the valley that ends in its fork, so both minutiae must point
// the same way: the ending into its ridge, the bifurcation into its fork.
// Impressions of one finger often differ in that way (a ridge that ends in
// one touches its neighbour in the other), and the matcher compares angles.
func TestExtractDirectionSurvivesTypeFlip(t *testing.T) {
	const w, h, x0, y0, period = 300, 300, 150, 150, 9.0
	img := dislocation(w, h, x0, y0, period)
	inv := image.NewGray(img.Rect)
	for i, v := range img.Pix {
		inv.Pix[i] = 255 - v
	}
	var got [2]fingerprint.Minutia
	for k, im := range []*image.Gray{img, inv} {
		tp, err := Extract(im, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(tp.Minutiae) != 1 {
			t.Fatalf("Extract(image %d) found %d minutiae %v, want one", k, len(tp.Minutiae), tp.Minutiae)
		}
		got[k] = tp.Minutiae[0]
	}
	if got[0].Kind == got[1].Kind {
		t.Fatalf("the image and its inverse both give a minutia of kind %v, want an ending and a bifurcation", got[0].Kind)
	}
	if d := angDiff(float32(got[0].Angle), float32(got[1].Angle)); d > math.Pi/6 {
		t.Errorf("angles %.2f (%v) and %.2f (%v) differ by %.0f°, want the same direction",
			got[0].Angle, got[0].Kind, got[1].Angle, got[1].Kind, d*180/math.Pi)
	}
	// The ending points into its ridge: the image is darker a period ahead
	// of it than a period behind, where the valley beyond its tip lies.
	for k, m := range got {
		if m.Kind != fingerprint.RidgeEnding {
			continue
		}
		im := []*image.Gray{img, inv}[k]
		// ISO angles run counter-clockwise with y up.
		dx, dy := math.Cos(m.Angle), -math.Sin(m.Angle)
		var ahead, behind float64
		for d := 3.0; d <= period; d++ {
			ahead += float64(im.GrayAt(m.X+iround(d*dx), m.Y+iround(d*dy)).Y)
			behind += float64(im.GrayAt(m.X-iround(d*dx), m.Y-iround(d*dy)).Y)
		}
		if ahead >= behind {
			t.Errorf("ridge ending at (%d,%d) angle %.2f: grey %.0f ahead, %.0f behind; want it to point into its (dark) ridge",
				m.X, m.Y, m.Angle, ahead, behind)
		}
	}
}

// TestRidgeOrientationNoisy: on straight ridges drowned in noise, where the
// first window's coherence is low, ridgeOrientation's field errs less than
// that window's alone.
func TestRidgeOrientationNoisy(t *testing.T) {
	const w, h, period, theta = 240, 240, 9.0, 0.5 // ridges at about 29°
	rnd := rand.New(rand.NewPCG(9, 9))
	raw := newPlane(w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			across := -float64(x)*math.Sin(theta) + float64(y)*math.Cos(theta)
			raw.v[y*w+x] = float32(128 + 20*math.Cos(2*math.Pi*across/period) + 45*rnd.NormFloat64())
		}
	}
	norm := normalise(raw, iround(1.5*period))
	one, coh := orientation(norm, iround(1.2*period))
	both, _ := ridgeOrientation(norm, period)
	var errOne, errBoth float64
	n, low := 0, 0
	for y := 40; y < h-40; y++ {
		for x := 40; x < w-40; x++ {
			i := y*w + x
			errOne += orientErr(float64(one.v[i]), theta)
			errBoth += orientErr(float64(both.v[i]), theta)
			n++
			if coh.v[i] < lowCoherence {
				low++
			}
		}
	}
	errOne, errBoth = errOne/float64(n)*180/math.Pi, errBoth/float64(n)*180/math.Pi
	if low < n/2 {
		t.Fatalf("coherence below %.1f at %d of %d pixels: the noise is too weak to test the rule", lowCoherence, low, n)
	}
	t.Logf("error %.1f° against %.1f°; coherence low at %d of %d pixels", errBoth, errOne, low, n)
	if errBoth > 0.8*errOne {
		t.Errorf("mean orientation error %.1f° with the wider window where coherence is low, %.1f° without; want at most 0.8 times as much", errBoth, errOne)
	}
}

// orientErr is the difference between two ridge orientations (mod π).
func orientErr(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), math.Pi)
	return min(d, math.Pi-d)
}

// TestRidgeClarity: where the filter's response is a fifth of the print's
// typical one, the clarity is about a fifth; where it is typical, about 1;
// outside the fingerprint area it does not count towards the median.
func TestRidgeClarity(t *testing.T) {
	const w, h, period = 300, 100, 9
	filt := newPlane(w, h)
	mask := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			amp := 10.0 // clear ridges on the left two thirds
			if x >= 200 {
				amp = 2 // pale ones on the right
			}
			filt.v[y*w+x] = float32(amp * math.Cos(2*math.Pi*float64(y)/period))
			mask[y*w+x] = x >= 20 // a strip of background on the left
		}
	}
	for x := 0; x < 20; x++ { // strong noise in the background
		for y := 0; y < h; y++ {
			filt.v[y*w+x] = 100
		}
	}
	c := ridgeClarity(filt, mask, period)
	if got := c.v[50*w+100]; got < 0.9 || got > 1.1 {
		t.Errorf("ridgeClarity on the typical ridges = %.2f, want about 1", got)
	}
	if got := c.v[50*w+260]; got < 0.15 || got > 0.25 {
		t.Errorf("ridgeClarity on ridges a fifth as strong = %.2f, want about 0.2", got)
	}
}

// TestMinutiaQuality: the quality is coherence times clarity capped at 1, in
// 1-100, and on clean synthetic ridges Extract states a high one.
func TestMinutiaQuality(t *testing.T) {
	for _, tt := range []struct {
		coh, clar float32
		want      uint8
	}{{1, 1, 100}, {1, 3, 100}, {0.8, 0.5, 40}, {0.5, 2, 50}, {0, 1, 1}, {0.9, 0, 1}} {
		if got := minutiaQuality(tt.coh, tt.clar); got != tt.want {
			t.Errorf("minutiaQuality(%.1f, %.1f) = %d, want %d", tt.coh, tt.clar, got, tt.want)
		}
	}
	clean := dislocation(300, 300, 150, 150, 9)
	noisy := image.NewGray(clean.Rect)
	rnd := rand.New(rand.NewPCG(9, 1))
	for i, v := range clean.Pix {
		x, y := i%300, i/300
		// Around the minutia the ridges fade into noise.
		if math.Hypot(float64(x-150), float64(y-150)) < 30 {
			v = uint8(max(0, min(255, 128+0.3*(float64(v)-128)+25*rnd.NormFloat64())))
		}
		noisy.Pix[i] = v
	}
	var q [2]uint8
	for k, img := range []*image.Gray{clean, noisy} {
		tp, err := Extract(img, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tp.Minutiae {
			if math.Hypot(float64(m.X-150), float64(m.Y-150)) < 9 {
				q[k] = m.Quality
			}
		}
		t.Logf("image %d: %d minutiae, quality at the dislocation %d", k, len(tp.Minutiae), q[k])
	}
	if q[0] < 60 {
		t.Errorf("quality on clean ridges %d, want at least 60", q[0])
	}
	if q[1] == 0 {
		t.Errorf("no minutia found at the dislocation where the ridges fade")
	} else if q[1] >= q[0]/2 {
		t.Errorf("quality where the ridges fade %d, want under half the clean ridges' %d", q[1], q[0])
	}
}

// skeleton draws one-pixel lines into a w×h bitmap.
func skeleton(w, h int, lines ...[4]int) *bitmap {
	b := &bitmap{w, h, make([]uint8, w*h)}
	for _, l := range lines {
		x, y := l[0], l[1]
		for {
			b.v[y*w+x] = 1
			if x == l[2] && y == l[3] {
				break
			}
			if x != l[2] {
				x += sign(l[2] - x)
			}
			if y != l[3] {
				y += sign(l[3] - y)
			}
		}
	}
	return b
}

func sign(a int) int {
	if a < 0 {
		return -1
	}
	return 1
}

func alive(cs []cand) [][2]int {
	var out [][2]int
	for _, c := range cs {
		if !c.dead {
			out = append(out, [2]int{c.x, c.y})
		}
	}
	return out
}

// TestFindMinutiaeDropsSpur: a short branch off a ridge (a spur, which noise
// and thinning make) removes both its fork and its end; the ridge's own two
// endings stay. A branch longer than the limit is a true fork and stays.
func TestFindMinutiaeDropsSpur(t *testing.T) {
	const w, h, falseLen, dirLen = 200, 100, 11, 18
	all := make([]bool, w*h)
	for i := range all {
		all[i] = true
	}
	ridge := [4]int{20, 50, 180, 50}
	cs := findMinutiae(skeleton(w, h, ridge, [4]int{100, 49, 100, 44}), all, falseLen, dirLen)
	if got := alive(cs); len(got) != 2 || got[0] != [2]int{20, 50} && got[1] != [2]int{20, 50} {
		t.Errorf("with a 6-pixel spur: minutiae %v, want only the ridge's ends (20,50) and (180,50)", got)
	}
	cs = findMinutiae(skeleton(w, h, ridge, [4]int{100, 49, 100, 20}), all, falseLen, dirLen)
	if got := alive(cs); len(got) != 4 {
		t.Errorf("with a 30-pixel branch: minutiae %v, want the two ends, the fork and the branch's end", got)
	}
	for _, c := range cs {
		if c.x == 100 && c.y == 50 && c.kind != fingerprint.Bifurcation {
			t.Errorf("the fork at (100,50) is a %v", c.kind)
		}
	}
}

// TestBorderMinutiaeDropped: a ridge that runs out of the fingerprint area
// ends there because the skin leaves the sensor; that end is no minutia,
// while the ridge's end inside the area is.
func TestBorderMinutiaeDropped(t *testing.T) {
	const w, h, period = 200, 100, 9.0
	all := make([]bool, w*h)
	for i := range all {
		all[i] = true
	}
	inner := erodeMask(all, w, h, iround(borderMargin*period))
	cs := findMinutiae(skeleton(w, h, [4]int{3, 50, 100, 50}), inner, 11, 18)
	if got := alive(cs); len(got) != 1 || got[0] != [2]int{100, 50} {
		t.Errorf("minutiae %v, want only the inner end (100,50)", got)
	}
	// The margin is the same on every side, and a ridge end just inside it
	// is kept.
	m := iround(borderMargin * period)
	for _, p := range [][2]int{{m - 1, 50}, {w - m, 50}, {100, m - 1}, {100, h - m}} {
		if inner[p[1]*w+p[0]] {
			t.Errorf("(%d,%d) lies within %d pixels of the edge but is inside the inner mask", p[0], p[1], m)
		}
	}
	if !inner[m*w+m] || !inner[(h-m-1)*w+w-m-1] {
		t.Errorf("the inner mask lost the points %d pixels from the edge", m)
	}
}

// BenchmarkExtract times the extraction of one image of each FVC database
// (eight images an iteration).
func BenchmarkExtract(b *testing.B) {
	shareddata.Fingerprints(b)
	dir, err := fvc.Dir()
	if err != nil {
		b.Skip(err)
	}
	var imgs []*image.Gray
	var dpis []int
	for _, db := range fvc.Databases {
		s := fvc.Sample{DB: db, Finger: 101, Impression: 1}
		img, err := s.LoadImage(dir)
		if err != nil {
			b.Fatal(err)
		}
		imgs, dpis = append(imgs, img), append(dpis, s.Resolution())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for q, img := range imgs {
			if _, err := Extract(img, dpis[q]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
