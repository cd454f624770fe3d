package wsq

// The decomposition of the specification: 64 subbands, of which the first
// 60 are coded, in three blocks (subbands 0-18, 19-51, 52-59). The image is
// split into four quadrants; a split puts the low band of each axis first
// (left, top) unless the region is "inverted" on that axis, when the high
// band comes first. The top-right child of a split is inverted in x, the
// bottom-left in y, the bottom-right in both.
//
// The tree, by which quadrant is split again (TL, TR, BL, BR):
//
//	image: [L1, S4, S4, S4]          subbands 52-55, 56-59, 60-63 (not coded)
//	L1:    [N14, Q16, Q16, leaf]     19-34, 35-50, 51
//	N14:   [N15, S4, S4, S4]         7-10, 11-14, 15-18
//	N15:   [S4, leaf, leaf, leaf]    0-3, 4, 5, 6
//	Q16:   [S4, S4, S4, S4]
//	S4:    [leaf, leaf, leaf, leaf]

const numSubbands = 64

var blocks = [3][2]int{{0, 19}, {19, 52}, {52, 60}}

type rect struct{ x, y, w, h int }

type split struct {
	r          rect
	invX, invY bool
}

type tree struct {
	leaves []rect  // by subband number
	splits []split // in synthesis order: finest first
}

type shape struct{ kids [4]*shape }

var (
	leafShape = (*shape)(nil)
	s4        = &shape{}
	q16       = &shape{kids: [4]*shape{s4, s4, s4, s4}}
	n15       = &shape{kids: [4]*shape{s4, nil, nil, nil}}
	n14       = &shape{kids: [4]*shape{n15, s4, s4, s4}}
	l1        = &shape{kids: [4]*shape{n14, q16, q16, nil}}
	wsqShape  = &shape{kids: [4]*shape{l1, s4, s4, s4}}
)

// halves gives the sizes of the first and second part of a split of n
// samples: the low band has ceil(n/2) samples, the high band floor(n/2).
func halves(n int, inv bool) (first, second int) {
	lo, hi := (n+1)/2, n/2
	if inv {
		return hi, lo
	}
	return lo, hi
}

func buildTree(w, h int) *tree {
	t := &tree{}
	var walk func(s *shape, sp split)
	walk = func(s *shape, sp split) {
		if s == nil {
			t.leaves = append(t.leaves, sp.r)
			return
		}
		r := sp.r
		w1, w2 := halves(r.w, sp.invX)
		h1, h2 := halves(r.h, sp.invY)
		kids := [4]split{
			{r: rect{r.x, r.y, w1, h1}},
			{r: rect{r.x + w1, r.y, w2, h1}, invX: true},
			{r: rect{r.x, r.y + h1, w1, h2}, invY: true},
			{r: rect{r.x + w1, r.y + h1, w2, h2}, invX: true, invY: true},
		}
		for i, k := range s.kids {
			walk(k, kids[i])
		}
		t.splits = append(t.splits, sp)
	}
	walk(wsqShape, split{r: rect{0, 0, w, h}})
	return t
}

// synthesize inverts the transform in place: every split, finest first,
// columns then rows.
func synthesize(t *tree, coef []float32, width int, lo, hi []float64) {
	g0, g1 := synthesisFilters(lo, hi)
	k := newKernels(g0, g1)
	n := 0
	for _, sp := range t.splits {
		n = max(n, sp.r.w, sp.r.h)
	}
	line, out := make([]float64, n), make([]float64, n)
	k.ext = make([]float64, n+2*k.c)
	for _, sp := range t.splits {
		r := sp.r
		if r.w == 0 || r.h == 0 {
			continue
		}
		for x := r.x; x < r.x+r.w; x++ {
			for y := 0; y < r.h; y++ {
				line[y] = float64(coef[(r.y+y)*width+x])
			}
			k.synth1(line[:r.h], out[:r.h], sp.invY)
			for y := 0; y < r.h; y++ {
				coef[(r.y+y)*width+x] = float32(out[y])
			}
		}
		for y := r.y; y < r.y+r.h; y++ {
			row := coef[y*width+r.x : y*width+r.x+r.w]
			for i, v := range row {
				line[i] = float64(v)
			}
			k.synth1(line[:r.w], out[:r.w], sp.invX)
			for i := range row {
				row[i] = float32(out[i])
			}
		}
	}
}

// synthesisFilters derives the synthesis filters from the analysis ones
// (both odd-length and symmetric, centred at len/2): the low-pass synthesis
// filter is the high-pass analysis filter modulated by (-1)^k, the
// high-pass synthesis filter the low-pass analysis filter modulated by
// (-1)^k, k counted from the centre tap (TestSynthesisInvertsAnalysis).
func synthesisFilters(lo, hi []float64) (g0, g1 []float64) {
	g0 = make([]float64, len(hi))
	for i := range hi {
		k := i - len(hi)/2
		g0[i] = hi[i]
		if k%2 != 0 {
			g0[i] = -g0[i]
		}
	}
	g1 = make([]float64, len(lo))
	for i := range lo {
		k := i - len(lo)/2
		g1[i] = lo[i]
		if k%2 != 0 {
			g1[i] = -g1[i]
		}
	}
	return g0, g1
}

// kernels are the synthesis filters laid out per output parity: output m
// takes the interleaved signal at j = m-c..m+c, even j (low-band samples)
// weighted by g0 and odd j (high-band samples) by g1, as one dense kernel
// per parity of m with zeros where a filter has no tap.
type kernels struct {
	c   int
	w   [2][]float64
	dc  float64
	ext []float64
}

func newKernels(g0, g1 []float64) *kernels {
	c0, c1 := len(g0)/2, len(g1)/2
	c := max(c0, c1)
	k := &kernels{c: c, dc: dcGain(g0)}
	for p := 0; p < 2; p++ {
		w := make([]float64, 2*c+1)
		for idx := range w {
			j := p - c + idx // parity of j for an m of parity p
			off := c - idx   // m - j
			if j&1 == 0 {
				if off >= -c0 && off <= c0 {
					w[idx] = g0[c0+off]
				}
			} else if off >= -c1 && off <= c1 {
				w[idx] = g1[c1+off]
			}
		}
		k.w[p] = w
	}
	return k
}

// synth1 rebuilds a signal of len(in) samples from its two bands stored one
// after the other in in (low first, or high first when inv). Low-band
// samples sit at the even positions of the signal, high-band samples at the
// odd ones; the interleaved signal is extended by whole-sample symmetry at
// both ends, as the analysis extended the original.
func (k *kernels) synth1(in, out []float64, inv bool) {
	n := len(in)
	if n == 1 {
		// A single sample is all low band: the whole-sample extension of
		// one sample is constant, which the low-pass synthesis passes with
		// its DC gain.
		out[0] = in[0] * k.dc
		return
	}
	pad := k.c
	ext := k.ext[:n+2*pad]
	nlo := (n + 1) / 2
	lo, hi := in[:nlo], in[nlo:]
	if inv {
		hi, lo = in[:n-nlo], in[n-nlo:]
	}
	for j := -pad; j < n+pad; j++ {
		i := j
		for i < 0 || i >= n {
			if i < 0 {
				i = -i
			}
			if i >= n {
				i = 2*(n-1) - i
			}
		}
		if i&1 == 0 {
			ext[j+pad] = lo[i/2]
		} else {
			ext[j+pad] = hi[i/2]
		}
	}
	for m := 0; m < n; m++ {
		w := k.w[m&1]
		x := ext[m : m+len(w)]
		s := 0.0
		for i, c := range w {
			s += c * x[i]
		}
		out[m] = s
	}
}

// dcGain is the sum of a filter's taps.
func dcGain(g0 []float64) float64 {
	s := 0.0
	for _, v := range g0 {
		s += v
	}
	return s
}
