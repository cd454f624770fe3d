package afis

import (
	"math"
	"sort"
	"sync"
)

// The pose vote is the search's second stage. The rotation vote (firststage.go)
// asks only whether an entry's agreeing codes agree on a rotation; in a large
// gallery many non-mates share enough codes in one rotation by chance, and a
// mate of a small or poor probe can fall behind them. The pose vote asks more
// of each agreeing code: the code's own minutia, paired with the probe minutia
// of the probe's edge, fixes a whole rigid motion, the rotation from their two
// directions and the translation that then carries the one onto the other. A
// mate's agreeing codes agree on one motion; chance agreements scatter over
// poseRotBins × posePosBins² cells. An entry's count is the most votes a
// 2×2×2 block of neighbouring cells holds, so that a motion on a cell border
// is not split.
//
// It reads what the index already keeps (the codes and the minutiae), so it
// costs no memory per entry; it is slower per entry than the rotation vote, so
// it runs only over the rotation vote's best poseWiden × the short list.
const (
	poseRotBins  = 16   // 22.5 degrees
	posePosBin   = 32   // pixels at 500 dpi
	posePosBins  = 64   // translations within ±1024 pixels
	posePosShift = 5    // log2(posePosBin)
	posePosHalf  = 1024 // posePosBins × posePosBin / 2
	poseWiden    = 4
)

// poseTable is a probe's edges by code cell: for cell c, items[start[c]:
// start[c+1]] are the probe minutiae whose edges mark it.
type poseTable struct {
	start []int32
	items []poseItem
}

type poseItem struct {
	x, y float32
	dir  uint8 // 256ths of a turn, as the index keeps an entry's
}

// newPoseTable files every probe edge under the cells its code is spread to
// (the same cells as the rotation vote's table).
func newPoseTable(p *Prepared) *poseTable {
	type filed struct {
		cell int32
		it   poseItem
	}
	var fs []filed
	for i := range p.nb {
		m := p.m[i]
		it := poseItem{m.x, m.y, uint8(int(math.Round(float64(m.dir)/twoPi*256)) & 255)}
		for q := range p.nb[i] {
			for _, c := range edgeCells(&p.nb[i][q]) {
				fs = append(fs, filed{c, it})
			}
		}
	}
	sort.Slice(fs, func(a, b int) bool { return fs[a].cell < fs[b].cell })
	t := &poseTable{start: make([]int32, codeCells+2), items: make([]poseItem, len(fs))}
	for i, f := range fs {
		t.items[i] = f.it
		t.start[f.cell+1]++
	}
	for c := 1; c < len(t.start); c++ {
		t.start[c] += t.start[c-1]
	}
	return t
}

// cos256 and sin256 are the cosine and sine of k 256ths of a turn.
var cos256, sin256 = func() (c, s [256]float32) {
	for k := range c {
		a := float64(k) * twoPi / 256
		c[k], s[k] = float32(math.Cos(a)), float32(math.Sin(a))
	}
	return
}()

// poseCounter is one goroutine's scratch space: a vote counter per pose cell
// and the cells touched, to clear them after each entry.
type poseCounter struct {
	n       []uint8
	touched []int32
}

func newPoseCounter() *poseCounter {
	return &poseCounter{n: make([]uint8, poseRotBins*posePosBins*posePosBins)}
}

func poseCell(r, x, y int) int32 { return int32((r*posePosBins+x)*posePosBins + y) }

// votes returns entry e's pose count against t.
func (pc *poseCounter) votes(ix *Index, t *poseTable, e int) int {
	ms := ix.mins[ix.moff[e]:ix.moff[e+1]]
	if len(ms) < 2 {
		return 0
	}
	per := codesPer(len(ms))
	codes := ix.codes[ix.coff[e]:ix.coff[e+1]]
	for k, c := range codes {
		lo, hi := t.start[c], t.start[c+1]
		if lo == hi {
			continue
		}
		m := ms[k/per]
		ex, ey := float32(m.x), float32(m.y)
		for _, it := range t.items[lo:hi] {
			// The rotation carrying the probe minutia's direction onto the
			// entry's, and the translation after it (compare.go's mapping:
			// image y grows downwards, angles counter-clockwise).
			rot := m.angle - it.dir
			cr, sr := cos256[rot], sin256[rot]
			// The translation from the grid's corner, so that truncation
			// is the floor.
			fx := ex - (cr*it.x + sr*it.y) + posePosHalf
			fy := ey - (-sr*it.x + cr*it.y) + posePosHalf
			if fx < 0 || fy < 0 {
				continue
			}
			bx, by := int(fx)>>posePosShift, int(fy)>>posePosShift
			if bx >= posePosBins || by >= posePosBins {
				continue
			}
			cell := poseCell(int(rot)>>4, bx, by)
			if pc.n[cell] == 0 {
				pc.touched = append(pc.touched, cell)
			}
			if pc.n[cell] < 255 {
				pc.n[cell]++
			}
		}
	}
	best := 0
	for _, cell := range pc.touched {
		r := int(cell) / (posePosBins * posePosBins)
		x := int(cell) / posePosBins % posePosBins
		y := int(cell) % posePosBins
		sum := 0
		for dr := 0; dr < 2; dr++ {
			rr := (r + dr) % poseRotBins
			for dx := 0; dx < 2 && x+dx < posePosBins; dx++ {
				for dy := 0; dy < 2 && y+dy < posePosBins; dy++ {
					sum += int(pc.n[poseCell(rr, x+dx, y+dy)])
				}
			}
		}
		best = max(best, sum)
	}
	for _, cell := range pc.touched {
		pc.n[cell] = 0
	}
	pc.touched = pc.touched[:0]
	return best
}

// poseStage ranks the rotation vote's hits by their pose count and returns
// the best n, ties broken by the rotation vote's score.
func (ix *Index) poseStage(p *Prepared, hs []hit, n, workers int) []hit {
	if len(hs) <= n {
		return hs
	}
	t := newPoseTable(p)
	pose := make([]int, len(hs))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			pc := newPoseCounter()
			for i := w; i < len(hs); i += workers {
				pose[i] = pc.votes(ix, t, hs[i].entry)
			}
		}(w)
	}
	wg.Wait()
	order := make([]int, len(hs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ha, hb := order[a], order[b]
		if pose[ha] != pose[hb] {
			return pose[ha] > pose[hb]
		}
		if hs[ha].z != hs[hb].z {
			return hs[ha].z > hs[hb].z
		}
		return hs[ha].entry < hs[hb].entry
	})
	out := make([]hit, n)
	for i := range out {
		out[i] = hs[order[i]]
	}
	return out
}
