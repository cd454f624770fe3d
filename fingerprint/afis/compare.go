package afis

import (
	"math"
	"sort"
)

// Tolerances of edge comparison, at 500 dpi. Skin stretches, so the length
// tolerance grows with the edge.
const (
	tolLenAbs  = 7.0
	tolLenRel  = 0.10
	tolAngle   = 0.22 // radians, 12.6 degrees
	maxRoots   = 24
	tolRotate  = math.Pi / 5 // a pair's rotation may stray this far from its root's
	tolPosAbs  = 24.0
	tolPosRel  = 0.20
	scoreScale = 100.0
)

// Comparer compares templates. It keeps scratch space, so one Comparer must
// not be used by two goroutines at once; make one per goroutine.
type Comparer struct {
	roots  []root
	pairP  []int32
	pairC  []int32
	queue  pairHeap
	paired []int32
}

type root struct {
	p, c int32
	err  float32
}

// NewComparer returns a Comparer.
func NewComparer() *Comparer { return &Comparer{} }

// Compare returns the similarity of two prepared templates: 0 when nothing
// matches, growing with the number of minutiae paired consistently. It is
// symmetric only approximately.
func Compare(probe, cand *Prepared) float64 { return NewComparer().Compare(probe, cand) }

// Compare is the package's Compare with this Comparer's scratch space.
func (k *Comparer) Compare(probe, cand *Prepared) float64 {
	k.findRoots(probe, cand)
	best := 0.0
	k.reset(len(probe.m), len(cand.m))
	for _, r := range k.roots {
		s := k.spread(probe, cand, r)
		if s > best {
			best = s
		}
	}
	return best
}

func (k *Comparer) reset(np, nc int) {
	if cap(k.pairP) < np {
		k.pairP = make([]int32, np)
	}
	if cap(k.pairC) < nc {
		k.pairC = make([]int32, nc)
	}
	k.pairP, k.pairC = k.pairP[:np], k.pairC[:nc]
	for i := range k.pairP {
		k.pairP[i] = -1
	}
	for i := range k.pairC {
		k.pairC[i] = -1
	}
}

func lenTol(l float32) float32 { return max(tolLenAbs, tolLenRel*l) }

// edgeErr is how far apart two edges are, normalised by the tolerances (each
// term at most 1), or -1 when they are incompatible.
func edgeErr(e, f *edge) float32 {
	t := lenTol(e.length)
	dl := e.length - f.length
	if dl < 0 {
		dl = -dl
	}
	if dl > t {
		return -1
	}
	da := angDiff(e.a, f.a)
	if da > tolAngle {
		return -1
	}
	db := angDiff(e.b, f.b)
	if db > tolAngle {
		return -1
	}
	return dl/t + da/tolAngle + db/tolAngle
}

// findRoots collects the best-agreeing pairs of edges as starting pairs.
func (k *Comparer) findRoots(probe, cand *Prepared) {
	k.roots = k.roots[:0]
	ce := cand.all
	for i := range probe.all {
		pe := &probe.all[i]
		t := lenTol(pe.length)
		lo := sort.Search(len(ce), func(q int) bool { return ce[q].length >= pe.length-t })
		for q := lo; q < len(ce) && ce[q].length <= pe.length+t; q++ {
			e := edgeErr(&pe.edge, &ce[q].edge)
			if e < 0 {
				continue
			}
			if probe.m[pe.from].kind != cand.m[ce[q].from].kind {
				e += 0.5
			}
			k.addRoot(root{pe.from, ce[q].from, e})
		}
	}
}

func (k *Comparer) addRoot(r root) {
	for i := range k.roots {
		if k.roots[i].p == r.p && k.roots[i].c == r.c {
			if r.err < k.roots[i].err {
				k.roots[i].err = r.err
				k.sortRoots(i)
			}
			return
		}
	}
	if len(k.roots) < maxRoots {
		k.roots = append(k.roots, r)
		k.sortRoots(len(k.roots) - 1)
		return
	}
	if r.err >= k.roots[len(k.roots)-1].err {
		return
	}
	k.roots[len(k.roots)-1] = r
	k.sortRoots(len(k.roots) - 1)
}

// sortRoots moves roots[i] up to its place in ascending order of error.
func (k *Comparer) sortRoots(i int) {
	for i > 0 && k.roots[i].err < k.roots[i-1].err {
		k.roots[i], k.roots[i-1] = k.roots[i-1], k.roots[i]
		i--
	}
}

// spread grows a pairing from a root along the minutiae's neighbour edges,
// always taking the best-agreeing edge pair next, and scores it.
func (k *Comparer) spread(probe, cand *Prepared, r root) float64 {
	k.queue = k.queue[:0]
	k.paired = k.paired[:0]
	rot := angDiffSigned(cand.m[r.c].dir, probe.m[r.p].dir)
	cr, sr := float32(math.Cos(float64(rot))), float32(math.Sin(float64(rot)))
	pr, cp := probe.m[r.p], cand.m[r.c]
	consistent := func(p, c int32) bool {
		a, b := probe.m[p], cand.m[c]
		if angDiff(normAngle(b.dir-a.dir), normAngle(rot)) > tolRotate {
			return false
		}
		// Probe minutia mapped into the candidate by the root's rigid motion
		// (image y grows downwards, angles counter-clockwise).
		dx, dy := a.x-pr.x, a.y-pr.y
		mx := cp.x + cr*dx + sr*dy
		my := cp.y - sr*dx + cr*dy
		ex, ey := mx-b.x, my-b.y
		d := float32(math.Sqrt(float64(dx*dx + dy*dy)))
		tol := tolPosAbs + tolPosRel*d
		return ex*ex+ey*ey <= tol*tol
	}
	k.pair(r.p, r.c)
	k.pushFrom(probe, cand, r.p, r.c)
	support, kinds := 0, 0
	if probe.m[r.p].kind == cand.m[r.c].kind {
		kinds++
	}
	var errSum float32
	weight := pairWeight(probe, cand, r.p, r.c)
	for len(k.queue) > 0 {
		it := k.queue.pop()
		switch {
		case k.pairP[it.p] == it.c:
			support++
		case k.pairP[it.p] < 0 && k.pairC[it.c] < 0:
			if !consistent(it.p, it.c) {
				continue
			}
			k.pair(it.p, it.c)
			support++
			errSum += it.err
			weight += pairWeight(probe, cand, it.p, it.c)
			if probe.m[it.p].kind == cand.m[it.c].kind {
				kinds++
			}
			k.pushFrom(probe, cand, it.p, it.c)
		}
	}
	m := len(k.paired)
	for _, p := range k.paired {
		k.pairC[k.pairP[p]] = -1
		k.pairP[p] = -1
	}
	share := float64(weight) * float64(weight) / float64(probe.sumW) / float64(cand.sumW)
	return score(m, support, kinds, errSum, share)
}

// pairWeight is what pairing probe minutia p with candidate minutia c adds to
// the weighted count of paired minutiae: the geometric mean of their weights
// against crowding (prepare.go).
func pairWeight(probe, cand *Prepared, p, c int32) float32 {
	return float32(math.Sqrt(float64(probe.weight[p] * cand.weight[c])))
}

func (k *Comparer) pair(p, c int32) {
	k.pairP[p] = c
	k.pairC[c] = p
	k.paired = append(k.paired, p)
}

func (k *Comparer) pushFrom(probe, cand *Prepared, p, c int32) {
	pn, cn := probe.nb[p], cand.nb[c]
	for i := range pn {
		if q := k.pairP[pn[i].to]; q >= 0 {
			// Already paired: the only edge worth queueing is the one that
			// confirms that pairing.
			for j := range cn {
				if cn[j].to == q && edgeErr(&pn[i], &cn[j]) >= 0 {
					k.queue.push(pairItem{pn[i].to, q, 0})
				}
			}
			continue
		}
		for j := range cn {
			e := edgeErr(&pn[i], &cn[j])
			if e < 0 {
				continue
			}
			k.queue.push(pairItem{pn[i].to, cn[j].to, e})
		}
	}
}

// score turns a pairing into a similarity. The m paired minutiae count most,
// as share: the product of the shares they make of either template, each
// minutia weighted against crowding (prepare.go), so that a cluster of
// minutiae pointing the same way counts about as one; supporting edges
// (consistent edges beyond the spanning tree) add confidence, a small error
// of the edges and agreeing minutia types a little more. The weights were
// chosen on the FVC "B" sets (docs/fingerprints.md).
func score(m, support, kinds int, errSum float32, share float64) float64 {
	if m < 2 {
		return 0
	}
	fm := float64(m)
	extra := float64(support - (m - 1))
	meanErr := float64(errSum) / float64(m-1)
	typed := float64(kinds) / fm
	return scoreScale * (share*(1+0.3*extra/fm) + 0.02*fm) * (1.2 - 0.2*meanErr) * (0.7 + 0.6*typed)
}

func angDiffSigned(a, b float32) float32 {
	d := a - b
	for d > math.Pi {
		d -= twoPi
	}
	for d < -math.Pi {
		d += twoPi
	}
	return d
}

type pairItem struct {
	p, c int32
	err  float32
}

// pairHeap is a binary min-heap on err, written out to avoid container/heap's
// interface calls in the innermost loop.
type pairHeap []pairItem

func (h *pairHeap) push(it pairItem) {
	*h = append(*h, it)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].err <= s[i].err {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h *pairHeap) pop() pairItem {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		c := l
		if r := l + 1; r < len(s) && s[r].err < s[l].err {
			c = r
		}
		if s[i].err <= s[c].err {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top
}
