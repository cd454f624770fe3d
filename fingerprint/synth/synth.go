// Package synth makes up synthetic fingerprints for tests and the demo:
// minutiae invented here, not taken from any person or any published set.
package synth

import (
	"math"
	"math/rand/v2"

	"nsor/fingerprint"
	"nsor/fingerprint/iso"
)

// A synthetic finger is 30-45 minutiae
// spread over a 300x400-pixel area at 500 dpi, at least 14 pixels apart,
// whose directions follow a smooth flow (a whorl-like field plus noise), as
// ridges do. A second impression of the same synthetic finger is the same
// minutiae turned, moved and jittered, a few lost and a few spurious ones
// added, as a second capture of a real finger differs from the first.

// fpWidth and fpHeight are the synthetic image's size, fpRes its resolution
// in pixels per centimetre (500 dpi).
const (
	fpWidth  = 300
	fpHeight = 400
	fpRes    = 197
)

// Finger makes up one finger at position pos.
func Finger(rnd *rand.Rand, pos fingerprint.Position) fingerprint.Template {
	t := fingerprint.Template{Width: fpWidth, Height: fpHeight, ResX: fpRes, ResY: fpRes, Position: pos, Quality: 60 + uint8(rnd.IntN(30))}
	cx, cy := 150+rnd.Float64()*20-10, 190+rnd.Float64()*40-20
	n := 30 + rnd.IntN(16)
	for tries := 0; len(t.Minutiae) < n && tries < 5000; tries++ {
		x, y := 20+rnd.Float64()*(fpWidth-40), 20+rnd.Float64()*(fpHeight-40)
		if (x-150)*(x-150)/(130*130)+(y-200)*(y-200)/(180*180) > 1 {
			continue // outside the finger's oval
		}
		if tooClose(t.Minutiae, x, y, 14) {
			continue
		}
		flow := math.Atan2(y-cy, x-cx) + math.Pi/2 + rnd.NormFloat64()*0.15
		if rnd.IntN(2) == 0 {
			flow += math.Pi // a ridge ending points either way along the ridge
		}
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{X: int(x), Y: int(y), Angle: wrap(flow),
			Kind: fingerprint.Kind(1 + rnd.IntN(2)), Quality: 40 + uint8(rnd.IntN(50))})
	}
	return t
}

// Impression is another capture of the synthetic finger t: turned
// up to 10 degrees, moved up to 20 pixels, each minutia jittered by about 2
// pixels and 0.08 radians, about 12% lost and 8% spurious ones added.
func Impression(rnd *rand.Rand, t fingerprint.Template) fingerprint.Template {
	out := t
	out.Minutiae = nil
	rot := (rnd.Float64()*2 - 1) * 10 * math.Pi / 180
	dx, dy := (rnd.Float64()*2-1)*20, (rnd.Float64()*2-1)*20
	sin, cos := math.Sincos(rot)
	for _, m := range t.Minutiae {
		if rnd.Float64() < 0.12 {
			continue
		}
		x0, y0 := float64(m.X)-150, float64(m.Y)-200
		x := 150 + x0*cos - y0*sin + dx + rnd.NormFloat64()*2
		y := 200 + x0*sin + y0*cos + dy + rnd.NormFloat64()*2
		if x < 0 || y < 0 || x >= fpWidth || y >= fpHeight {
			continue
		}
		// Image y runs down, so a turn of the image by rot turns directions
		// (counter-clockwise, y up) by -rot.
		m.X, m.Y, m.Angle = int(x), int(y), wrap(m.Angle-rot+rnd.NormFloat64()*0.08)
		out.Minutiae = append(out.Minutiae, m)
	}
	for range len(t.Minutiae) * 8 / 100 {
		x, y := 20+rnd.Float64()*(fpWidth-40), 20+rnd.Float64()*(fpHeight-40)
		out.Minutiae = append(out.Minutiae, fingerprint.Minutia{X: int(x), Y: int(y), Angle: wrap(rnd.Float64() * 2 * math.Pi),
			Kind: fingerprint.Kind(1 + rnd.IntN(2)), Quality: 20 + uint8(rnd.IntN(30))})
	}
	return out
}

// Tenprint makes up the ten fingers of one synthetic person.
func Tenprint(rnd *rand.Rand) []fingerprint.Template {
	out := make([]fingerprint.Template, 10)
	for i := range out {
		out[i] = Finger(rnd, fingerprint.Position(i+1))
	}
	return out
}

// Record writes fingers as one ISO/IEC 19794-2:2005 record, the
// bytes a stored sample of format iso-19794-2-2005 holds.
func Record(fingers []fingerprint.Template) ([]byte, error) {
	rec, err := iso.FromTemplates(iso.ISO2005, fingers...)
	if err != nil {
		return nil, err
	}
	return rec.Encode()
}

func tooClose(ms []fingerprint.Minutia, x, y, d float64) bool {
	for _, m := range ms {
		if math.Hypot(float64(m.X)-x, float64(m.Y)-y) < d {
			return true
		}
	}
	return false
}

func wrap(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	if a >= 2*math.Pi {
		a = 0
	}
	return a
}
