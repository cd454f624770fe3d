package synth

import (
	"image"
	"math"
	"math/rand/v2"
)

// Ridges draws a w×h grey image of dark ridges of the given period in
// pixels, whose phase turns by a full period around each point (one
// minutia there: the model of a minutia as a spiral phase, Larkin and
// Fletcher, Optics Express 15(14), 2007), alternately one way and the
// other, with the contrast growing from left to right and noise from seed,
// so that an extractor's segmentation and normalisation have work to do.
func Ridges(w, h int, period float64, seed uint64, pts ...[2]float64) *image.Gray {
	rnd := rand.New(rand.NewPCG(seed, 7))
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			ph := 2 * math.Pi * float64(y) / period
			for i, p := range pts {
				s := 1.0
				if i%2 == 1 {
					s = -1
				}
				ph += s * math.Atan2(float64(y)-p[1]+0.5, float64(x)-p[0]+0.5)
			}
			amp := 40 + 60*float64(x)/float64(w)
			v := 128 + amp*math.Cos(ph) + rnd.NormFloat64()*12
			img.Pix[y*img.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	return img
}

// RidgePoints draws n points for Ridges at random inside a w×h image, at
// least margin pixels from its edges and gap pixels from each other.
func RidgePoints(rnd *rand.Rand, n, w, h int, margin, gap float64) [][2]float64 {
	var pts [][2]float64
	for tries := 0; len(pts) < n && tries < 100*n; tries++ {
		p := [2]float64{margin + rnd.Float64()*(float64(w)-2*margin), margin + rnd.Float64()*(float64(h)-2*margin)}
		far := true
		for _, q := range pts {
			if math.Hypot(p[0]-q[0], p[1]-q[1]) < gap {
				far = false
				break
			}
		}
		if far {
			pts = append(pts, p)
		}
	}
	return pts
}
