package afis

import (
	"math"
	"runtime"
	"sort"
	"sync"

	"nsor/fingerprint"
)

// Index is a gallery for 1:N search. Entries are numbered from 0 in the order
// they were added; the caller keeps what each number stands for. Add and
// Delete must not run concurrently with anything else; Search may run
// concurrently with Search. How the search works and what it measures is in
// docs/fingerprints.md ("1:N search").
type Index struct {
	codes   []uint16 // edge codes of all entries, entry e's at coff[e]:coff[e+1]
	dirs    []uint8  // each code's edge direction bin, two to a byte (dirAt)
	coff    []uint32
	mins    []cmin
	moff    []uint32
	deleted []uint64 // a bit per entry
	live    int
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
	return 2*len(ix.codes) + len(ix.dirs) + 4*len(ix.coff) + 6*len(ix.mins) + 4*len(ix.moff) + 8*len(ix.deleted)
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
	ix.codes, ix.dirs = firstStageCodes(p, ix.codes, ix.dirs)
	ix.coff = append(ix.coff, uint32(len(ix.codes)))
	e := ix.Len() - 1
	if e/64 >= len(ix.deleted) {
		ix.deleted = append(ix.deleted, 0)
	}
	ix.live++
	return e
}

// Candidate is one gallery entry a search returns: its entry number, the full
// matcher's score, and the first stage's votes for the entry's best-supported
// rotation. It is a candidate for an examiner's comparison, never an
// identification.
type Candidate struct {
	Entry      int
	Score      float64
	FirstStage int
}

// SearchOptions tune a search. ShortList is how many entries the first stage
// passes to the full matcher (default DefaultShortList of the live entries);
// Limit how many candidates are returned (default 20); Workers how many
// goroutines search (default GOMAXPROCS).
type SearchOptions struct {
	ShortList int
	Limit     int
	Workers   int
}

// DefaultShortList is the short list a search uses when its options name
// none: 2% of the live entries, at least 300 and at most 20,000. The pose
// vote (posevote.go) passes mates at that length as well as the rotation
// vote alone did at 5% (docs/fingerprints.md, "1:N search"), and the full
// matcher, some 6,000 comparisons a second on a core, then takes about 1.7
// seconds on 2 cores for 20,000 entries. A gallery of 300 entries or fewer
// is re-ranked whole.
func DefaultShortList(live int) int {
	return min(live, max(300, min(20000, live/50)))
}

// Search compares probe with every entry: the first stage over the whole
// gallery, then the full matcher over the short list. It returns the
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
		opt.ShortList = DefaultShortList(ix.Live())
	}
	if opt.Limit <= 0 {
		opt.Limit = 20
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	short := ix.firstStage(p, min(ix.Live(), poseWiden*opt.ShortList), opt.Workers)
	short = ix.poseStage(p, short, opt.ShortList, opt.Workers)
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

// Delete removes entry e from every later search. Its number is not reused
// and its space is not given back. It reports whether e was a live entry. Like
// Add, it must not run concurrently with anything else.
func (ix *Index) Delete(e int) bool {
	if e < 0 || e >= ix.Len() || ix.isDeleted(e) {
		return false
	}
	ix.deleted[e/64] |= 1 << (e % 64)
	ix.live--
	return true
}

// Live is the number of entries not deleted.
func (ix *Index) Live() int { return ix.live }

func (ix *Index) isDeleted(e int) bool { return ix.deleted[e/64]>>(e%64)&1 == 1 }
