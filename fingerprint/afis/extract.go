package afis

import (
	"image"
	"math"

	"nsor/fingerprint"
)

// Image bounds Extract accepts. The smallest is about 6.5 mm square at 500
// dpi, too little skin for more than a handful of minutiae; the largest bounds
// memory (a 2000 dpi four-finger slap fits).
const (
	MinImageSide = 128
	MaxImageSide = 8000
	MinDPI       = 100
	MaxDPI       = 2000
)

// borderMargin is how far inside the fingerprint area, in ridge periods, a
// minutia must lie: nearer the edge, ridges end because the skin leaves the
// sensor or the mask cuts them. One period and a half keeps the true minutiae
// of small sensors' images (2.7 periods lost them: pooled EER 12.8% against
// 11.6%); one period let the false ones in (16.9%).
const borderMargin = 1.5

// Limits of the minutiae filters, in ridge periods: a ridge between two
// minutiae no longer than spurLength (a spur, bridge or short fragment)
// removes both, and two ridge endings facing each other across brokenGap (a
// broken ridge) are removed. Once endings pointed as ISO/IEC 19794-2 says,
// so that an ending and a bifurcation at one place agree, shorter limits kept
// more true minutiae than they let in false ones: pooled EER 5.53% with 0.9
// and 1.3 against 5.89% with 1.2 and 1.6 (docs/fingerprints.md; the step is
// about the size of the noise, but its neighbours agree).
const (
	spurLength = 0.9
	brokenGap  = 1.3
)

// maxMinutiae caps a template; the ISO record's count field is one byte.
const maxMinutiae = 255

type cand struct {
	x, y   int
	kind   fingerprint.Kind
	dir    float64 // image coordinates, y down
	branch [][2]int
	dead   bool
}

// Extract finds the minutiae of a fingerprint image scanned at dpi dots per
// inch (the resolution the capture states; the image itself is not rescaled).
// Dark pixels are ridges. It refuses an image that is too small or too large,
// an absurd resolution, and an image in which no fingerprint area is found.
func Extract(img *image.Gray, dpi int) (fingerprint.Template, error) {
	t, _, err := extract(img, dpi)
	return t, err
}

// stages keeps the intermediate images of an extraction, for inspection.
type stages struct {
	mask   []bool
	ridges []uint8
	skel   *bitmap
	period float64
}

func extract(img *image.Gray, dpi int) (fingerprint.Template, *stages, error) {
	if img == nil {
		return fingerprint.Template{}, nil, refuse(CodeBadImage, "no image")
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < MinImageSide || h < MinImageSide || w > MaxImageSide || h > MaxImageSide {
		return fingerprint.Template{}, nil, refuse(CodeBadImage, "image %dx%d is outside %d-%d pixels a side", w, h, MinImageSide, MaxImageSide)
	}
	if dpi < MinDPI || dpi > MaxDPI {
		return fingerprint.Template{}, nil, refuse(CodeBadResolution, "resolution %d dpi is outside %d-%d dpi", dpi, MinDPI, MaxDPI)
	}
	scale := float64(dpi) / 500
	raw := newPlane(w, h)
	for y := 0; y < h; y++ {
		row := img.Pix[(y+b.Min.Y-img.Rect.Min.Y)*img.Stride+(b.Min.X-img.Rect.Min.X):]
		for x := 0; x < w; x++ {
			raw.v[y*w+x] = float32(row[x])
		}
	}
	mask := segment(raw, iround(12*scale))
	area := 0
	for _, m := range mask {
		if m {
			area++
		}
	}
	if float64(area) < 0.05*float64(w*h) || area < 64*64 {
		return fingerprint.Template{}, nil, refuse(CodeBadImage, "no fingerprint area found in the %dx%d image", w, h)
	}
	nominal := 9 * scale
	norm := normalise(raw, iround(1.5*nominal))
	dir, coh := ridgeOrientation(norm, nominal)
	// One period for the whole image, the median of the local estimates: on
	// the FVC sets a per-block period map gave noisier ridges (pooled EER
	// 13.9% against 12.8%, docs/fingerprints.md).
	_, _, _, period := ridgePeriods(norm, dir, coh, mask, 8, scale)
	filt := gabor(norm, dir, mask, func(x, y int) float64 { return period })
	bm := &bitmap{w, h, make([]uint8, w*h)}
	for i, v := range filt.v {
		if mask[i] && v < 0 {
			bm.v[i] = 1
		}
	}
	st := &stages{mask: mask, ridges: append([]uint8(nil), bm.v...), skel: bm, period: period}
	thin(bm)
	// The margin is kept from the edge of the area the filter covered, not
	// of the image: ridges end where the filter stops too.
	inner := erodeMask(clipMask(mask, w, h, gaborRadius(math.Round(2*period)/2)), w, h, iround(borderMargin*period))
	cs := findMinutiae(bm, inner, iround(spurLength*period), iround(2*period))
	for i := range cs {
		cs[i].dir = snapDir(cs[i].dir, float64(dir.v[cs[i].y*w+cs[i].x]))
	}
	filterMinutiae(cs, period)
	clar := ridgeClarity(filt, mask, iround(period))
	t := fingerprint.Template{Width: w, Height: h, ResX: iround(float64(dpi) / 2.54), ResY: iround(float64(dpi) / 2.54)}
	for _, c := range cs {
		if c.dead {
			continue
		}
		i := c.y*w + c.x
		// ISO/IEC 19794-2 angles run counter-clockwise with y up.
		a := math.Mod(2*math.Pi-c.dir, 2*math.Pi)
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{X: c.x, Y: c.y, Angle: a, Kind: c.kind, Quality: minutiaQuality(coh.v[i], clar.v[i])})
	}
	if len(t.Minutiae) > maxMinutiae {
		t.Minutiae = t.Minutiae[:maxMinutiae]
	}
	return t, st, nil
}

// snapDir replaces a traced direction, which the skeleton's pixels quantise,
// by the smoothed ridge orientation o (mod π) pointing the traced way.
func snapDir(traced, o float64) float64 {
	if angDiff(float32(traced), float32(o)) > math.Pi/2 {
		o += math.Pi
	}
	return math.Mod(o, 2*math.Pi)
}

func iround(f float64) int { return int(math.Round(f)) }

// erodeMask shrinks mask by r pixels (a square structuring element), so that
// minutiae at the fingerprint's edge, where ridges end because the skin
// leaves the sensor, are not taken.
func erodeMask(m []bool, w, h, r int) []bool {
	p := newPlane(w, h)
	for i, v := range m {
		if v {
			p.v[i] = 1
		}
	}
	mean := boxMean(p, r)
	out := make([]bool, len(m))
	// Beyond the image counts as background.
	for y := r; y < h-r; y++ {
		for x := r; x < w-r; x++ {
			out[y*w+x] = mean.v[y*w+x] > 0.999
		}
	}
	return out
}

// clipMask returns mask without the pixels nearer than r to the image's edge.
func clipMask(m []bool, w, h, r int) []bool {
	out := make([]bool, len(m))
	for y := r; y < h-r; y++ {
		copy(out[y*w+r:y*w+w-r], m[y*w+r:y*w+w-r])
	}
	return out
}

// findMinutiae takes ridge endings and bifurcations of the skeleton inside
// mask, with their directions traced along the ridges.
func findMinutiae(bm *bitmap, mask []bool, falseLen, dirLen int) []cand {
	w := bm.w
	mark := make([]int32, len(bm.v))
	for i := range mark {
		mark[i] = -1
	}
	var cs []cand
	for y := 1; y < bm.h-1; y++ {
		for x := 1; x < w-1; x++ {
			if bm.v[y*w+x] == 0 {
				continue
			}
			var k fingerprint.Kind
			switch bm.crossing(x, y) {
			case 1:
				k = fingerprint.RidgeEnding
			case 3:
				k = fingerprint.Bifurcation
			default:
				continue
			}
			mark[y*w+x] = int32(len(cs))
			cs = append(cs, cand{x: x, y: y, kind: k, branch: bm.branchStarts(x, y), dead: !mask[y*w+x]})
		}
	}
	for i := range cs {
		c := &cs[i]
		var ends [][2]int
		for _, s := range c.branch {
			// Short ridges between two minutiae are spurs, bridges or
			// fragments: both ends are false.
			ex, ey, n, hit := bm.trace(c.x, c.y, s[0], s[1], dirLen, mark, c.branch)
			if hit >= 0 && n <= falseLen && int(hit) != i {
				c.dead = true
				cs[hit].dead = true
			}
			ends = append(ends, [2]int{ex, ey})
		}
		c.dir = minutiaDir(c, ends)
	}
	return cs
}

// minutiaDir: a ridge ending points from its tip into its ridge; a
// bifurcation points away from its stem into the fork, along the valley that
// ends there. That is the angle ISO/IEC 19794-2 and ANSI INCITS 378 record,
// and it is the same convention with ridge and valley swapped, so a minutia
// that is an ending in one impression and a bifurcation in another (its ridge
// touches the next one) keeps its direction. Pointing endings out of their
// ridges instead turned every such minutia round: pooled EER 9.47% against
// 6.21% on the FVC sets (docs/fingerprints.md).
func minutiaDir(c *cand, ends [][2]int) float64 {
	switch {
	case c.kind == fingerprint.RidgeEnding && len(ends) == 1:
		return dirTo(c.x, c.y, ends[0][0], ends[0][1])
	case c.kind == fingerprint.Bifurcation && len(ends) == 3:
		d := [3]float64{}
		for i, e := range ends {
			d[i] = dirTo(c.x, c.y, e[0], e[1])
		}
		// The two branches closest in angle form the fork; the stem is the
		// third, and the minutia points away from it into the fork.
		best, stem := 10.0, 0
		for i := 0; i < 3; i++ {
			j, k := (i+1)%3, (i+2)%3
			if a := float64(angDiff(float32(d[j]), float32(d[k]))); a < best {
				best, stem = a, i
			}
		}
		return math.Mod(d[stem]+math.Pi, 2*math.Pi)
	}
	c.dead = true
	return 0
}

// filterMinutiae removes minutiae that are too close together to be true:
// two endings facing each other across a small gap (a broken ridge), and any
// minutia crowded by others (noise).
func filterMinutiae(cs []cand, period float64) {
	gap := brokenGap * period
	crowd := 0.8 * period
	near := make([]int, len(cs))
	var kill []int
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			dx, dy := float64(cs[j].x-cs[i].x), float64(cs[j].y-cs[i].y)
			d := math.Hypot(dx, dy)
			if d > gap {
				continue
			}
			if d < crowd {
				near[i]++
				near[j]++
			}
			if cs[i].kind == fingerprint.RidgeEnding && cs[j].kind == fingerprint.RidgeEnding &&
				angDiff(float32(cs[i].dir), float32(cs[j].dir)) > 2.4 {
				kill = append(kill, i, j)
			}
		}
	}
	for i := range cs {
		if near[i] >= 2 {
			cs[i].dead = true
		}
	}
	for _, i := range kill {
		cs[i].dead = true
	}
}
