package afis

import (
	"math"
	"math/bits"
	"sort"
	"sync"
)

// The first stage of a search compares edge codes and votes for a rotation.
//
// Every edge from a minutia to one of its codeNeighbours nearest neighbours
// gives a code: its length in a bin and its two angles (measured from either
// end's direction, so they do not change when the finger turns or moves) in
// bins. A gallery entry keeps each code (2 bytes) and, beside it, the bin of
// the edge's direction in the image (4 bits, two codes' to a byte), which
// does turn with the finger.
//
// A probe fills a table with one 16-bit word per code cell: for each of its
// own edges, the cells of its code, spread to the nearer neighbouring bin on
// every axis to absorb quantisation, get the bit of the edge's direction bin
// (again with the nearer neighbouring bin). An entry's code that meets a
// marked cell votes, for every probe edge there, for the rotation that
// carries the probe's edge direction onto the entry's. The mates of a probe
// agree on one rotation; chance agreements spread over all sixteen. An
// entry's first-stage count is the votes of its best rotation, so a mate
// stands out from a crowd of entries that share many codes with the probe
// by chance but in no consistent orientation.
const (
	codeNeighbours = 8
	codeLenBin     = 4.0 // pixels at 500 dpi
	codeLenBins    = 50  // edges up to 200 px
	codeAngBins    = 32
	codeCells      = codeLenBins * codeAngBins * codeAngBins
	rotBins        = 16 // directions of an edge in the image, 22.5 degrees each
)

// firstStageCodes appends p's edge codes to codes and their direction bins
// to dirs, where code k's bin is nibble k (see dirAt).
//
// Every minutia gives codesPer(len(p.m)) codes, in the order of the minutiae,
// so that the pose vote (posevote.go) can tell which minutia a code starts
// from; an edge too long for a code gets noCode, which no table cell holds.
func firstStageCodes(p *Prepared, codes []uint16, dirs []uint8) ([]uint16, []uint8) {
	for i := range p.nb {
		for q := 0; q < codesPer(len(p.m)); q++ {
			e := &p.nb[i][q]
			c, ok := edgeCode(e)
			if !ok {
				c = noCode
			}
			d := uint8(int(edgeDir(p, i, e)/twoPi*rotBins) % rotBins)
			if len(codes)%2 == 0 {
				dirs = append(dirs, d)
			} else {
				dirs[len(dirs)-1] |= d << 4
			}
			codes = append(codes, c)
		}
	}
	return codes, dirs
}

// noCode stands for an edge longer than the codes reach: the cell past the
// last, always empty in a probe's table.
const noCode = codeCells

// codesPer is how many codes each minutia of a template of n minutiae gives.
func codesPer(n int) int { return min(codeNeighbours, n-1) }

// dirAt is the direction bin of code k: the low nibble of byte k/2 for even
// k, the high one for odd k.
func dirAt(dirs []uint8, k int) int { return int(dirs[k/2]>>(4*(k&1))) & 15 }

// edgeDir is the direction of edge e from minutia i in the image, in [0, 2π).
func edgeDir(p *Prepared, i int, e *edge) float32 {
	return normAngle(e.a + p.m[i].dir)
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

// probeTable marks, for every cell of p's edges (8 cells an edge, see
// spread), the edge's direction bin and the nearer neighbouring one. A
// direction bin d is kept as bit (rotBins-d) mod rotBins, so that an entry's
// edge in direction bin g turns the word into its rotation votes by a left
// rotation by g.
func probeTable(p *Prepared) []uint16 {
	t := make([]uint16, codeCells+1)
	for i := range p.nb {
		for q := range p.nb[i] {
			e := &p.nb[i][q]
			var dmask uint16
			for _, d := range spread(float64(edgeDir(p, i, e)/twoPi*rotBins), rotBins, true) {
				dmask |= 1 << ((rotBins - d) % rotBins)
			}
			for _, c := range edgeCells(e) {
				t[c] |= dmask
			}
		}
	}
	return t
}

// edgeCells is the code cells a probe's edge marks: its code's bins, each
// spread to the nearer neighbouring bin (8 cells, fewer at the length's
// ends).
func edgeCells(e *edge) []int32 {
	lf := float64(e.length / codeLenBin)
	af := float64(e.a / twoPi * codeAngBins)
	bf := float64(e.b / twoPi * codeAngBins)
	cells := make([]int32, 0, 8)
	for _, l := range spread(lf, codeLenBins, false) {
		for _, a := range spread(af, codeAngBins, true) {
			for _, b := range spread(bf, codeAngBins, true) {
				cells = append(cells, int32((l*codeAngBins+a)*codeAngBins+b))
			}
		}
	}
	return cells
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

// byteLanes[m] has byte j set to 1 for every bit j of m: adding it to a
// uint64 counts eight rotation votes at once.
var byteLanes = func() (t [256]uint64) {
	for m := range t {
		for j := 0; j < 8; j++ {
			if m>>j&1 == 1 {
				t[m] |= 1 << (8 * j)
			}
		}
	}
	return t
}()

// votes returns the count of the best-supported rotation of an entry's codes
// against table; codes[i]'s direction bin is dirAt(dirs, first+i).
func votes(table []uint16, codes []uint16, dirs []uint8, first int) int {
	var count [rotBins]int
	best := 0
	for start := 0; start < len(codes); start += 255 {
		// A byte lane holds at most 255 votes: count in chunks that fit.
		end := min(start+255, len(codes))
		var lo, hi uint64
		for i := start; i < end; i++ {
			m := table[codes[i]]
			if m == 0 {
				continue
			}
			m = bits.RotateLeft16(m, dirAt(dirs, first+i))
			lo += byteLanes[m&255]
			hi += byteLanes[m>>8]
		}
		if start == 0 && end == len(codes) {
			for j := 0; j < 8; j++ {
				best = max(best, int(lo>>(8*j)&255), int(hi>>(8*j)&255))
			}
			return best
		}
		for j := 0; j < 8; j++ {
			count[j] += int(lo >> (8 * j) & 255)
			count[j+8] += int(hi >> (8 * j) & 255)
		}
	}
	for _, c := range count {
		best = max(best, c)
	}
	return best
}

type hit struct {
	entry int
	hits  int
	z     float32 // votes above chance, in standard deviations
}

// firstStage returns the n live entries whose best rotation has the most
// votes above chance.
func (ix *Index) firstStage(p *Prepared, n, workers int) []hit {
	if n <= 0 || ix.live == 0 {
		return nil
	}
	table := probeTable(p)
	set := 0
	for _, w := range table {
		set += bits.OnesCount16(w)
	}
	// The chance that an entry's code votes for a given rotation.
	density := float32(set) / (codeCells * rotBins)
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
// score is its best rotation's votes above what chance gives an entry with as
// many codes against a table this full, in binomial standard deviations, so
// that large templates do not win by size alone.
func (ix *Index) scan(table []uint16, density float32, lo, hi, n int) []hit {
	h := make([]hit, 0, min(n, hi-lo))
	codes, dirs, off := ix.codes, ix.dirs, ix.coff
	dd := density * (1 - density)
	for e := lo; e < hi; e++ {
		if ix.isDeleted(e) {
			continue
		}
		cs := codes[off[e]:off[e+1]]
		c := votes(table, cs, dirs, int(off[e]))
		nc := float32(len(cs))
		z := (float32(c) - density*nc) / sqrt32(nc*dd+1)
		if len(h) < n {
			h = append(h, hit{entry: e, hits: c, z: z})
			siftUp(h, len(h)-1)
		} else if z > h[0].z {
			h[0] = hit{entry: e, hits: c, z: z}
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
