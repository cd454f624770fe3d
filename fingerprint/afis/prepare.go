package afis

import (
	"cmp"
	"math"
	"slices"

	"nsor/fingerprint"
)

// refRes is the resolution every template is brought to before comparison:
// 197 pixels per centimetre, about 500 dpi (ISO/IEC 19794-2 records resolution
// in pixels per centimetre).
const refRes = 197

// Resolution bounds a template or image may state: 100 to 2000 dpi. Outside
// them a caller has almost certainly passed dots per inch where pixels per
// centimetre were meant (or the reverse), or nothing at all.
const (
	minResPPCM = 39
	maxResPPCM = 788
)

// neighbours is how many nearest minutiae each minutia's local structure
// keeps.
const neighbours = 9

// rootNeighbours is how many of them offer starting pairs to a comparison.
const rootNeighbours = 6

// Crowding: a minutia's weight in the score is one over the number of
// minutiae, itself included, within crowdRadius pixels (at 500 dpi, about
// three ridge periods) whose direction is within crowdAngle of its own.
// Minutiae crowded together and pointing the same way (a crease, a scar, a
// smudge the extractor read as many endings) fit as well against any other
// such cluster as against their mate, because the comparison's tolerances
// are wider than the cluster: they say little about the finger.
const (
	crowdRadius = 30.0
	crowdAngle  = 0.52 // radians, 30 degrees
)

// Prepared is a template made ready for comparison: coordinates at 500 dpi,
// each minutia's nearest neighbours as rotation- and translation-invariant
// edges, and each minutia's weight against crowding. It is read-only once
// made and may be shared between goroutines.
type Prepared struct {
	m      []pmin
	nb     [][]edge // per minutia, edges to its nearest neighbours
	all    []rootEdge
	maxR   float32
	weight []float32 // per minutia, 1 / the minutiae crowding it (crowdRadius)
	sumW   float32
}

type pmin struct {
	x, y, dir float32
	kind      fingerprint.Kind
}

// edge is the segment from minutia i to minutia to: its length and the angle
// of the segment measured from each end's direction. Both angles turn with
// the finger, so their values do not depend on rotation or translation.
type edge struct {
	to     int32
	length float32
	a, b   float32
}

type rootEdge struct {
	from int32
	edge
}

// Prepare validates t and builds its comparison structure. It refuses a
// template without minutiae, with an absurd resolution, or with minutiae
// outside the image it states.
func Prepare(t fingerprint.Template) (*Prepared, error) {
	if err := checkTemplate(t); err != nil {
		return nil, err
	}
	sx := float32(refRes) / float32(t.ResX)
	sy := float32(refRes) / float32(t.ResY)
	p := &Prepared{m: make([]pmin, len(t.Minutiae))}
	for i, m := range t.Minutiae {
		p.m[i] = pmin{x: float32(m.X) * sx, y: float32(m.Y) * sy, dir: float32(m.Angle), kind: m.Kind}
	}
	p.build()
	return p, nil
}

func checkTemplate(t fingerprint.Template) error {
	if len(t.Minutiae) == 0 {
		return refuse(CodeBadTemplate, "the template has no minutiae")
	}
	if t.ResX < minResPPCM || t.ResX > maxResPPCM || t.ResY < minResPPCM || t.ResY > maxResPPCM {
		return refuse(CodeBadResolution, "resolution %dx%d px/cm is outside %d-%d px/cm (100-2000 dpi)",
			t.ResX, t.ResY, minResPPCM, maxResPPCM)
	}
	if t.Width < 0 || t.Height < 0 {
		return refuse(CodeBadTemplate, "image size %dx%d is negative", t.Width, t.Height)
	}
	for i, m := range t.Minutiae {
		if m.X < 0 || m.Y < 0 || (t.Width > 0 && m.X >= t.Width) || (t.Height > 0 && m.Y >= t.Height) {
			return refuse(CodeBadTemplate, "minutia %d at (%d,%d) lies outside the %dx%d image", i, m.X, m.Y, t.Width, t.Height)
		}
		if math.IsNaN(m.Angle) || m.Angle < 0 || m.Angle >= 2*math.Pi+1e-9 {
			return refuse(CodeBadTemplate, "minutia %d has angle %v outside [0, 2π)", i, m.Angle)
		}
	}
	return nil
}

func (p *Prepared) build() {
	n := len(p.m)
	p.nb = make([][]edge, n)
	k := min(neighbours, n-1)
	flat := make([]edge, n*k)
	p.all = make([]rootEdge, 0, n*k)
	var near [neighbours]struct {
		j int
		d float32
	}
	for i := range p.m {
		// Keep the k nearest in near[:c], sorted, by insertion.
		c := 0
		for j := range p.m {
			if j == i {
				continue
			}
			d := dist2(p.m[i], p.m[j])
			if c == k && d >= near[c-1].d {
				continue
			}
			q := min(c, k-1)
			for q > 0 && near[q-1].d > d {
				near[q] = near[q-1]
				q--
			}
			near[q].j, near[q].d = j, d
			if c < k {
				c++
			}
		}
		es := flat[i*k : i*k+c : i*k+c]
		for q := 0; q < c; q++ {
			es[q] = makeEdge(p.m[i], p.m[near[q].j], near[q].j)
			if es[q].length > p.maxR {
				p.maxR = es[q].length
			}
			if q < rootNeighbours {
				p.all = append(p.all, rootEdge{int32(i), es[q]})
			}
		}
		p.nb[i] = es
	}
	slices.SortFunc(p.all, func(a, b rootEdge) int { return cmp.Compare(a.length, b.length) })
	p.weigh()
}

// weigh sets each minutia's weight: one over the number of minutiae within
// crowdRadius of it whose direction is within crowdAngle of its own.
func (p *Prepared) weigh() {
	p.weight = make([]float32, len(p.m))
	p.sumW = 0
	for i, a := range p.m {
		c := 0
		for _, b := range p.m {
			if dist2(a, b) <= crowdRadius*crowdRadius && angDiff(a.dir, b.dir) <= crowdAngle {
				c++
			}
		}
		p.weight[i] = 1 / float32(c)
		p.sumW += p.weight[i]
	}
}

func dist2(a, b pmin) float32 {
	dx, dy := b.x-a.x, b.y-a.y
	return dx*dx + dy*dy
}

func dist(a, b pmin) float32 {
	dx, dy := b.x-a.x, b.y-a.y
	return float32(math.Sqrt(float64(dx*dx + dy*dy)))
}

func makeEdge(from, to pmin, j int) edge {
	dx, dy := to.x-from.x, to.y-from.y
	l := float32(math.Sqrt(float64(dx*dx + dy*dy)))
	// Image y grows downwards; minutia angles are counter-clockwise, so the
	// segment's angle is measured with y flipped.
	phi := float32(math.Atan2(float64(-dy), float64(dx)))
	return edge{to: int32(j), length: l, a: normAngle(phi - from.dir), b: normAngle(phi - to.dir)}
}

const twoPi = 2 * math.Pi

func normAngle(a float32) float32 {
	for a < 0 {
		a += twoPi
	}
	for a >= twoPi {
		a -= twoPi
	}
	return a
}

// angDiff is the absolute difference of two angles, in [0, π].
func angDiff(a, b float32) float32 {
	d := a - b
	if d < 0 {
		d = -d
	}
	if d > math.Pi {
		d = twoPi - d
	}
	return d
}

// Len is the number of minutiae.
func (p *Prepared) Len() int { return len(p.m) }
