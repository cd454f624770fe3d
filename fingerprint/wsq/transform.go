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
func synthesize(t *tree, coef []float64, width int, lo, hi []float64) {
	g0, g1 := synthesisFilters(lo, hi)
	n := 0
	for _, sp := range t.splits {
		n = max(n, sp.r.w, sp.r.h)
	}
	line, out := make([]float64, n), make([]float64, n)
	for _, sp := range t.splits {
		r := sp.r
		if r.w == 0 || r.h == 0 {
			continue
		}
		for x := r.x; x < r.x+r.w; x++ {
			for y := 0; y < r.h; y++ {
				line[y] = coef[(r.y+y)*width+x]
			}
			synth1(line[:r.h], out[:r.h], sp.invY, g0, g1)
			for y := 0; y < r.h; y++ {
				coef[(r.y+y)*width+x] = out[y]
			}
		}
		for y := r.y; y < r.y+r.h; y++ {
			row := coef[y*width+r.x : y*width+r.x+r.w]
			copy(line, row)
			synth1(line[:r.w], out[:r.w], sp.invX, g0, g1)
			copy(row, out[:r.w])
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

// synth1 rebuilds a signal of len(in) samples from its two bands stored one
// after the other in in (low first, or high first when inv). Low-band
// samples sit at the even positions of the signal, high-band samples at the
// odd ones; the interleaved signal is extended by whole-sample symmetry at
// both ends, as the analysis extended the original.
func synth1(in, out []float64, inv bool, g0, g1 []float64) {
	n := len(in)
	if n == 1 {
		// A single sample is all low band: the whole-sample extension of
		// one sample is constant, which the low-pass synthesis passes with
		// its DC gain.
		out[0] = in[0] * dcGain(g0)
		return
	}
	c0, c1 := len(g0)/2, len(g1)/2
	pad := max(c0, c1)
	ext := make([]float64, n+2*pad)
	nlo := (n + 1) / 2
	lo, hi := in[:nlo], in[nlo:]
	if inv {
		hi, lo = in[:n-nlo], in[n-nlo:]
	}
	for j := -pad; j < n+pad; j++ {
		k := j
		for k < 0 || k >= n {
			if k < 0 {
				k = -k
			}
			if k >= n {
				k = 2*(n-1) - k
			}
		}
		if k&1 == 0 {
			ext[j+pad] = lo[k/2]
		} else {
			ext[j+pad] = hi[k/2]
		}
	}
	for m := 0; m < n; m++ {
		// Taps at signal positions j = m-c1..m+c1: even j are low-band
		// samples weighted by g0, odd j high-band ones weighted by g1.
		s := 0.0
		for j := m - c1; j <= m+c1; j++ {
			k := m - j
			if j&1 == 0 {
				if k >= -c0 && k <= c0 {
					s += g0[c0+k] * ext[j+pad]
				}
			} else {
				s += g1[c1+k] * ext[j+pad]
			}
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
