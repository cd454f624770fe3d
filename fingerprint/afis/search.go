package afis

import (
	"math"
	"math/bits"
	"runtime"
	"sort"
	"sync"

	"nsor/fingerprint"
)

// The first stage of a search compares edge codes: every edge from a minutia
// to one of its codeNeighbours nearest neighbours, quantised into a length bin
// and two angle bins. A gallery entry keeps its codes (2 bytes each); a probe
// marks in a bit table the cells its own edges fall in, each spread to the
// nearer neighbouring bin on every axis to absorb quantisation. An entry's
// first-stage score is how many of its codes the probe marked, so one entry
// costs a few hundred table look-ups.
const (
	codeNeighbours = 8
	codeLenBin     = 4.0 // pixels at 500 dpi
	codeLenBins    = 50  // edges up to 200 px
	codeAngBins    = 32
	codeCells      = codeLenBins * codeAngBins * codeAngBins
)

// Index is a gallery for 1:N search. Entries are numbered from 0 in the order
// they were added; the caller keeps what each number stands for. Add must not
// run concurrently with anything else; Search may run concurrently with
// Search.
type Index struct {
	codes []uint16
	coff  []uint32
	mins  []cmin
	moff  []uint32
}

// cmin is a minutia as the gallery keeps it: 6 bytes, at 500 dpi.
type cmin struct {
	x, y  int16
	angle uint8 // 256ths of a turn
	kind  fingerprint.Kind
}

// NewIndex returns an empty Index.
func NewIndex() *Index { return &Index{coff: []uint32{0}, moff: []uint32{0}} }

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.coff) - 1 }

// Bytes is the memory the entries take, for reporting.
func (ix *Index) Bytes() int {
	return 2*len(ix.codes) + 4*len(ix.coff) + 6*len(ix.mins) + 4*len(ix.moff)
}

// Add validates t and adds it to the gallery, returning its entry number.
func (ix *Index) Add(t fingerprint.Template) (int, error) {
	p, err := Prepare(t)
	if err != nil {
		return 0, err
	}
	return ix.AddPrepared(p), nil
}

// AddPrepared adds an already prepared template and returns its entry number.
func (ix *Index) AddPrepared(p *Prepared) int {
	for _, m := range p.m {
		a := int(math.Round(float64(m.dir) / twoPi * 256))
		ix.mins = append(ix.mins, cmin{int16(math.Round(float64(m.x))), int16(math.Round(float64(m.y))), uint8(a & 255), m.kind})
	}
	ix.moff = append(ix.moff, uint32(len(ix.mins)))
	for i := range p.nb {
		for q := 0; q < min(codeNeighbours, len(p.nb[i])); q++ {
			if c, ok := edgeCode(&p.nb[i][q]); ok {
				ix.codes = append(ix.codes, c)
			}
		}
	}
	ix.coff = append(ix.coff, uint32(len(ix.codes)))
	return ix.Len() - 1
}

func edgeCode(e *edge) (uint16, bool) {
	l := int(e.length / codeLenBin)
	if l >= codeLenBins {
		return 0, false
	}
	a := int(e.a/twoPi*codeAngBins) % codeAngBins
	b := int(e.b/twoPi*codeAngBins) % codeAngBins
	return uint16((l*codeAngBins+a)*codeAngBins + b), true
}

// probeTable marks the cells of p's edges, each spread to the nearer
// neighbouring bin on each axis (8 cells an edge).
func probeTable(p *Prepared) []uint64 {
	t := make([]uint64, (codeCells+63)/64)
	for i := range p.nb {
		for q := 0; q < min(codeNeighbours+2, len(p.nb[i])); q++ {
			e := &p.nb[i][q]
			lf := float64(e.length / codeLenBin)
			af := float64(e.a / twoPi * codeAngBins)
			bf := float64(e.b / twoPi * codeAngBins)
			for _, l := range spread(lf, codeLenBins, false) {
				for _, a := range spread(af, codeAngBins, true) {
					for _, b := range spread(bf, codeAngBins, true) {
						c := (l*codeAngBins+a)*codeAngBins + b
						t[c/64] |= 1 << (c % 64)
					}
				}
			}
		}
	}
	return t
}

// spread returns the bin of v and the neighbouring bin nearer to v, wrapping
// when circular, leaving out bins outside [0, n).
func spread(v float64, n int, circular bool) []int {
	b := int(v)
	other := b + 1
	if v-float64(b) < 0.5 {
		other = b - 1
	}
	out := make([]int, 0, 2)
	for _, x := range []int{b, other} {
		if circular {
			x = (x%n + n) % n
		}
		if x >= 0 && x < n {
			out = append(out, x)
		}
	}
	return out
}

// Candidate is one gallery entry a search returns: its entry number, the full
// matcher's score, and the first stage's count of agreeing edge codes. It is a
// candidate for an examiner's comparison, never an identification.
type Candidate struct {
	Entry      int
	Score      float64
	FirstStage int
}

// SearchOptions tune a search. ShortList is how many entries the first stage
// passes to the full matcher (default 1% of the gallery, at least 300); Limit how many candidates are
// returned (default 20); Workers how many goroutines search (default
// GOMAXPROCS).
type SearchOptions struct {
	ShortList int
	Limit     int
	Workers   int
}

// Search compares probe with every entry: the edge-code first stage over the
// whole gallery, then the full matcher over the short list. It returns the
// candidates ranked by score, highest first.
func (ix *Index) Search(probe fingerprint.Template, opt SearchOptions) ([]Candidate, error) {
	p, err := Prepare(probe)
	if err != nil {
		return nil, err
	}
	return ix.SearchPrepared(p, opt), nil
}

// SearchPrepared is Search with a prepared probe.
func (ix *Index) SearchPrepared(p *Prepared, opt SearchOptions) []Candidate {
	if opt.ShortList <= 0 {
		opt.ShortList = max(300, ix.Len()/100)
	}
	if opt.Limit <= 0 {
		opt.Limit = 20
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	short := ix.firstStage(p, opt.ShortList, opt.Workers)
	cands := make([]Candidate, len(short))
	var wg sync.WaitGroup
	next := make(chan int, len(short))
	for i := range short {
		next <- i
	}
	close(next)
	for w := 0; w < opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := NewComparer()
			for i := range next {
				g := ix.prepared(short[i].entry)
				cands[i] = Candidate{Entry: short[i].entry, Score: k.Compare(p, g), FirstStage: short[i].hits}
			}
		}()
	}
	wg.Wait()
	sort.Slice(cands, func(a, b int) bool {
		if cands[a].Score != cands[b].Score {
			return cands[a].Score > cands[b].Score
		}
		return cands[a].Entry < cands[b].Entry
	})
	if len(cands) > opt.Limit {
		cands = cands[:opt.Limit]
	}
	return cands
}

// CompareEntry compares p with entry e by the full matcher alone, as a search
// without its first stage would.
func (ix *Index) CompareEntry(k *Comparer, p *Prepared, e int) float64 {
	return k.Compare(p, ix.prepared(e))
}

// prepared rebuilds entry e's comparison structure from its stored minutiae.
func (ix *Index) prepared(e int) *Prepared {
	ms := ix.mins[ix.moff[e]:ix.moff[e+1]]
	p := &Prepared{m: make([]pmin, len(ms))}
	for i, m := range ms {
		p.m[i] = pmin{x: float32(m.x), y: float32(m.y), dir: float32(m.angle) * twoPi / 256, kind: m.kind}
	}
	p.build()
	return p
}

type hit struct {
	entry int
	hits  int
	z     float32 // hits above chance, in standard deviations
}

// firstStage returns the n entries with the most codes in the probe's table.
func (ix *Index) firstStage(p *Prepared, n, workers int) []hit {
	table := probeTable(p)
	set := 0
	for _, w := range table {
		set += bits.OnesCount64(w)
	}
	density := float32(set) / codeCells
	total := ix.Len()
	parts := make([][]hit, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := total*w/workers, total*(w+1)/workers
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			parts[w] = ix.scan(table, density, lo, hi, n)
		}(w, lo, hi)
	}
	wg.Wait()
	var all []hit
	for _, p := range parts {
		all = append(all, p...)
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].z != all[b].z {
			return all[a].z > all[b].z
		}
		return all[a].entry < all[b].entry
	})
	if len(all) > n {
		all = all[:n]
	}
	return all
}

// scan scores entries lo..hi-1 and keeps the best n in a min-heap. An entry's
// score is its hits above what chance gives an entry with as many codes
// against a table this full, in binomial standard deviations, so that large
// templates do not win by size alone.
func (ix *Index) scan(table []uint64, density float32, lo, hi, n int) []hit {
	h := make([]hit, 0, n)
	codes, off := ix.codes, ix.coff
	dd := density * (1 - density)
	for e := lo; e < hi; e++ {
		c := 0
		cs := codes[off[e]:off[e+1]]
		for _, code := range cs {
			c += int(table[code>>6] >> (code & 63) & 1)
		}
		nc := float32(len(cs))
		z := (float32(c) - density*nc) / sqrt32(nc*dd+1)
		if len(h) < n {
			h = append(h, hit{e, c, z})
			siftUp(h, len(h)-1)
		} else if z > h[0].z {
			h[0] = hit{e, c, z}
			siftDown(h, 0)
		}
	}
	return h
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func siftUp(h []hit, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p].z <= h[i].z {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []hit, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		c := l
		if r := l + 1; r < len(h) && h[r].z < h[l].z {
			c = r
		}
		if h[i].z <= h[c].z {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
