package afis

import (
	"math"
	"slices"
	"sort"
)

// plane is a float image, row-major.
type plane struct {
	w, h int
	v    []float32
}

func newPlane(w, h int) *plane { return &plane{w, h, make([]float32, w*h)} }

// boxMean returns the mean of p over a (2r+1)² window at every pixel, the
// window clipped to the image. It works through an integral image, so its
// cost does not depend on r.
func boxMean(p *plane, r int) *plane {
	w, h := p.w, p.h
	s := make([]float64, (w+1)*(h+1))
	for y := 0; y < h; y++ {
		var row float64
		for x := 0; x < w; x++ {
			row += float64(p.v[y*w+x])
			s[(y+1)*(w+1)+x+1] = s[y*(w+1)+x+1] + row
		}
	}
	out := newPlane(w, h)
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-r), min(h, y+r+1)
		for x := 0; x < w; x++ {
			x0, x1 := max(0, x-r), min(w, x+r+1)
			sum := s[y1*(w+1)+x1] - s[y0*(w+1)+x1] - s[y1*(w+1)+x0] + s[y0*(w+1)+x0]
			out.v[y*w+x] = float32(sum / float64((y1-y0)*(x1-x0)))
		}
	}
	return out
}

// normalise removes the local mean and divides by the local deviation, so that
// ridges have the same contrast everywhere; values are clipped to ±3.
func normalise(p *plane, r int) *plane {
	mean := boxMean(p, r)
	sq := newPlane(p.w, p.h)
	for i, v := range p.v {
		d := v - mean.v[i]
		sq.v[i] = d * d
	}
	vr := boxMean(sq, r)
	out := newPlane(p.w, p.h)
	for i, v := range p.v {
		sd := float32(math.Sqrt(max(0, float64(vr.v[i])))) + 1
		out.v[i] = max(-3, min(3, (v-mean.v[i])/sd))
	}
	return out
}

// segment finds the fingerprint's area: blocks whose grey-level deviation is
// high against the image's own spread, smoothed, holes filled and only the
// largest connected area kept. It returns a per-pixel mask.
func segment(p *plane, block int) []bool {
	bw, bh := (p.w+block-1)/block, (p.h+block-1)/block
	sd := make([]float64, bw*bh)
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			var s, s2 float64
			n := 0
			for y := by * block; y < min(p.h, (by+1)*block); y++ {
				for x := bx * block; x < min(p.w, (bx+1)*block); x++ {
					v := float64(p.v[y*p.w+x])
					s += v
					s2 += v * v
					n++
				}
			}
			m := s / float64(n)
			sd[by*bw+bx] = math.Sqrt(max(0, s2/float64(n)-m*m))
		}
	}
	sorted := append([]float64(nil), sd...)
	sort.Float64s(sorted)
	thr := 0.3 * sorted[len(sorted)*9/10]
	bm := make([]bool, bw*bh)
	for i, v := range sd {
		bm[i] = v > thr
	}
	for pass := 0; pass < 2; pass++ {
		bm = majority(bm, bw, bh)
	}
	bm = fillHoles(bm, bw, bh)
	bm = largestComponent(bm, bw, bh)
	mask := make([]bool, p.w*p.h)
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			mask[y*p.w+x] = bm[(y/block)*bw+x/block]
		}
	}
	return mask
}

func majority(m []bool, w, h int) []bool {
	out := make([]bool, len(m))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			on, all := 0, 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= w || yy >= h {
						continue
					}
					all++
					if m[yy*w+xx] {
						on++
					}
				}
			}
			out[y*w+x] = 2*on > all
		}
	}
	return out
}

// fillHoles sets every cell not reachable from the border through unset cells.
func fillHoles(m []bool, w, h int) []bool {
	outside := make([]bool, len(m))
	var stack []int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if (x == 0 || y == 0 || x == w-1 || y == h-1) && !m[y*w+x] {
				outside[y*w+x] = true
				stack = append(stack, y*w+x)
			}
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			xx, yy := x+d[0], y+d[1]
			if xx < 0 || yy < 0 || xx >= w || yy >= h {
				continue
			}
			j := yy*w + xx
			if !m[j] && !outside[j] {
				outside[j] = true
				stack = append(stack, j)
			}
		}
	}
	out := make([]bool, len(m))
	for i := range m {
		out[i] = !outside[i]
	}
	return out
}

func largestComponent(m []bool, w, h int) []bool {
	label := make([]int, len(m))
	best, bestSize, next := 0, 0, 0
	for s := range m {
		if !m[s] || label[s] != 0 {
			continue
		}
		next++
		size := 0
		stack := []int{s}
		label[s] = next
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := i%w, i/w
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				xx, yy := x+d[0], y+d[1]
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					continue
				}
				j := yy*w + xx
				if m[j] && label[j] == 0 {
					label[j] = next
					stack = append(stack, j)
				}
			}
		}
		if size > bestSize {
			best, bestSize = next, size
		}
	}
	out := make([]bool, len(m))
	for i := range m {
		out[i] = best != 0 && label[i] == best
	}
	return out
}

// orientation returns the ridge direction at every pixel (radians in [0, π),
// image coordinates, y down) and its coherence in [0, 1], from the averaged
// squared gradients.
func orientation(p *plane, r int) (dir, coh *plane) {
	w, h := p.w, p.h
	gxx, gyy, gxy := newPlane(w, h), newPlane(w, h), newPlane(w, h)
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			v := p.v
			gx := (v[i-w+1] + 2*v[i+1] + v[i+w+1]) - (v[i-w-1] + 2*v[i-1] + v[i+w-1])
			gy := (v[i+w-1] + 2*v[i+w] + v[i+w+1]) - (v[i-w-1] + 2*v[i-w] + v[i-w+1])
			gxx.v[i], gyy.v[i], gxy.v[i] = gx*gx, gy*gy, gx*gy
		}
	}
	// Two box passes approximate a Gaussian window.
	for pass := 0; pass < 2; pass++ {
		gxx, gyy, gxy = boxMean(gxx, r), boxMean(gyy, r), boxMean(gxy, r)
	}
	dir, coh = newPlane(w, h), newPlane(w, h)
	for i := range dir.v {
		a, b, c := float64(gxx.v[i]), float64(gyy.v[i]), float64(gxy.v[i])
		phi := 0.5 * math.Atan2(2*c, a-b) // gradient direction
		t := phi + math.Pi/2
		if t >= math.Pi {
			t -= math.Pi
		}
		dir.v[i] = float32(t)
		if a+b > 0 {
			coh.v[i] = float32(math.Sqrt((a-b)*(a-b)+4*c*c) / (a + b))
		}
	}
	return dir, coh
}

// Coherence below which ridgeOrientation looks at the larger window, and
// that window's size against the first.
const (
	lowCoherence = 0.5
	wideWindow   = 2
)

// ridgeOrientation is the orientation field Extract filters with: averaged
// squared gradients over a window of 1.2 nominal periods, and where their
// coherence is below lowCoherence (noise, pale or blurred ridges, creases)
// the field over a window twice as large when that is more coherent, as the
// multi-scale estimates do (Bazen and Gerez 2002 smooth over larger windows
// where the field is noisy). The coherence returned is the first window's.
// On the FVC sets this took the pooled EER from 6.21% to 5.89% (2004-DB2, the
// pale and blurred set, from 15.00% to 11.78%); thresholds of 0.6 and 0.7 and
// a window 2.9 times as large did less (docs/fingerprints.md).
func ridgeOrientation(norm *plane, nominal float64) (dir, coh *plane) {
	r := iround(1.2 * nominal)
	dir, coh = orientation(norm, r)
	dir2, coh2 := orientation(norm, wideWindow*r)
	for i := range dir.v {
		if coh.v[i] < lowCoherence && coh2.v[i] > coh.v[i] {
			dir.v[i] = dir2.v[i]
		}
	}
	return dir, coh
}

const gaborBins = 16

// gaborRadius is the half-width of the Gabor kernel for a ridge period: the
// filter gives no ridges nearer the image's edge than this.
func gaborRadius(period float64) int { return int(math.Ceil(2.5 * 0.45 * period)) }

// gaborKernel is an even Gabor kernel for ridges running at angle theta
// (image coordinates) with the given period, its mean removed so that flat
// areas give zero. Its envelope is round, as long along the ridges as across
// them: an envelope drawn out along the ridges smoothed over true ridge
// endings and forks (pooled EER 11.6% against 9.4% on the FVC sets,
// docs/fingerprints.md).
func gaborKernel(theta, period float64) (k []float32, r int) {
	sigma := 0.45 * period
	r = gaborRadius(period)
	size := 2*r + 1
	nx, ny := -math.Sin(theta), math.Cos(theta) // normal across ridges
	k = make([]float32, size*size)
	var sum float64
	for v := -r; v <= r; v++ {
		for u := -r; u <= r; u++ {
			xn := float64(u)*nx + float64(v)*ny
			yr := float64(u)*ny - float64(v)*nx
			g := math.Exp(-(xn*xn+yr*yr)/(2*sigma*sigma)) * math.Cos(2*math.Pi*xn/period)
			k[(v+r)*size+u+r] = float32(g)
			sum += g
		}
	}
	mean := float32(sum / float64(size*size))
	for i := range k {
		k[i] -= mean
	}
	return k, r
}

// gabor filters p along the ridges with even Gabor kernels tuned to the local
// ridge period (periodAt, rounded to half pixels) and one of gaborBins
// orientations, inside mask only. Ridges (dark) come out negative.
func gabor(p, dir *plane, mask []bool, periodAt func(x, y int) float64) *plane {
	type kern struct {
		k []float32
		r int
	}
	var cache [][gaborBins]kern // by doubled period, then orientation
	out := newPlane(p.w, p.h)
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			i := y*p.w + x
			if !mask[i] {
				continue
			}
			b := int(float64(dir.v[i])/math.Pi*gaborBins) % gaborBins
			pb := int(math.Round(2 * periodAt(x, y)))
			pb = max(pb, 4)
			for len(cache) <= pb {
				cache = append(cache, [gaborBins]kern{})
			}
			kk := &cache[pb][b]
			if kk.k == nil {
				kk.k, kk.r = gaborKernel((float64(b)+0.5)*math.Pi/gaborBins, float64(pb)/2)
			}
			r, k := kk.r, kk.k
			if x < r || y < r || x >= p.w-r || y >= p.h-r {
				continue
			}
			size := 2*r + 1
			var s float32
			for v := 0; v < size; v++ {
				row := p.v[(y-r+v)*p.w+x-r : (y-r+v)*p.w+x-r+size]
				kr := k[v*size : (v+1)*size]
				for u, kv := range kr {
					s += kv * row[u]
				}
			}
			out.v[i] = s
		}
	}
	return out
}

// ridgeClarity is, at every pixel, the filter's mean absolute response within
// r pixels over its median in the fingerprint area: about 1 where ridges are
// as clear as the print's typical ones, near 0 where the filter found little
// ridge pattern (pale, smudged or noisy skin).
func ridgeClarity(filt *plane, mask []bool, r int) *plane {
	a := newPlane(filt.w, filt.h)
	for i, v := range filt.v {
		a.v[i] = float32(math.Abs(float64(v)))
	}
	m := boxMean(a, r)
	var in []float32
	for i := 0; i < len(mask); i += 3 { // a sample is enough for a median
		if mask[i] {
			in = append(in, m.v[i])
		}
	}
	var med float32
	if len(in) > 0 {
		slices.Sort(in)
		med = in[len(in)/2]
	}
	for i := range m.v {
		if med > 0 {
			m.v[i] /= med
		} else {
			m.v[i] = 0
		}
	}
	return m
}

// minutiaQuality is the quality a template states for a minutia (1-100, as
// ISO/IEC 19794-2 records it): the orientation's coherence there times the
// ridge clarity, capped at 1, so that a minutia on clear, regular ridges
// scores high and one on pale, smudged or disordered ridges low. Extract does
// not cut on it (a cut at coherence 0.2 or 0.3, or at clarity 0.4-0.7, did
// not lower the EER); it is for the matcher to weigh.
func minutiaQuality(coh, clarity float32) uint8 {
	q := 100 * float64(coh) * math.Min(1, float64(clarity))
	return uint8(max(1, min(100, math.Round(q))))
}
