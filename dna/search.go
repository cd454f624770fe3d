package dna

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// Stringency is how closely a candidate's alleles must agree with the
// probe's at each locus both have typed (after the FBI's CODIS search
// stringencies).
type Stringency string

// The stringencies. High: the same alleles. Moderate: the candidate's alleles
// contain the probe's or are contained in them, so a partial or mixed probe
// still finds its contributors. Low: at least one allele in common.
const (
	High     Stringency = "high"
	Moderate Stringency = "moderate"
	Low      Stringency = "low"
)

// Query is a search of an Index.
type Query struct {
	Probe      *Profile
	Stringency Stringency
	// MinLoci is how many loci the probe and a candidate must both have
	// typed; a candidate sharing fewer is no candidate, however well they
	// agree.
	MinLoci int
	// Mismatch lets one shared locus fail the stringency provided the two
	// still have an allele in common there (at low stringency, provided it
	// is typed): a typing error or a mutation in a relative.
	Mismatch bool
}

// Hit is one candidate: its position in the index, its ID, the loci it
// shares with the probe, and the one locus that failed when Query.Mismatch
// allowed it.
type Hit struct {
	Index    int
	ID       string
	Shared   int
	Mismatch Locus
}

// Index is a profile database arranged for search: for each locus, one
// bitset of the profiles typed there and one per allele seen, so a search is
// a few passes of AND and OR over machine words rather than a comparison of
// every profile. It is built by Add and then searched; Add and Search must
// not run at the same time.
type Index struct {
	ids    []string
	loci   map[Locus]*locusIndex
	sealed bool
}

type locusIndex struct {
	has     []uint64
	alleles map[Allele][]uint64
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{loci: map[Locus]*locusIndex{}} }

// Len is the number of profiles in the index: the database size by which a
// hit's random match probability is multiplied.
func (ix *Index) Len() int { return len(ix.ids) }

// Add adds a profile (its autosomal loci) and returns its position.
func (ix *Index) Add(p *Profile) int {
	i := len(ix.ids)
	ix.ids = append(ix.ids, p.ID)
	for l, as := range p.Loci {
		li := ix.loci[l]
		if li == nil {
			li = &locusIndex{alleles: map[Allele][]uint64{}}
			ix.loci[l] = li
		}
		li.has = setBit(li.has, i)
		for _, a := range as {
			li.alleles[a] = setBit(li.alleles[a], i)
		}
	}
	ix.sealed = false
	return i
}

func setBit(b []uint64, i int) []uint64 {
	for len(b) <= i/64 {
		b = append(b, 0)
	}
	b[i/64] |= 1 << (i % 64)
	return b
}

// seal extends every bitset to the index's length, so that the search loops
// need no bounds of their own.
func (ix *Index) seal() {
	if ix.sealed {
		return
	}
	words := (len(ix.ids) + 63) / 64
	ext := func(b []uint64) []uint64 { return append(b, make([]uint64, words-len(b))...) }
	for _, li := range ix.loci {
		li.has = ext(li.has)
		for a, b := range li.alleles {
			li.alleles[a] = ext(b)
		}
	}
	ix.sealed = true
}

// blockWords is the number of words a search handles at a time: 64K
// profiles, whose working bitsets (8 KiB each) stay in the first-level cache.
const blockWords = 1024

// probeLocus is one locus of the probe as the search loops need it.
type probeLocus struct {
	locus  Locus
	has    []uint64
	in     [][]uint64 // the probe's alleles' bitsets (nil for an allele no profile has)
	out    [][]uint64 // every other allele's bitset at the locus
	absent bool       // a probe allele no profile has: no candidate contains the probe here
}

// Search returns the candidates of q, those sharing the most loci first,
// exact before one-mismatch, then in the order they were added.
func (ix *Index) Search(q Query) ([]Hit, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	ix.seal()
	var pls []probeLocus
	for _, l := range lociOf(q.Probe, nil) {
		li := ix.loci[l]
		if li == nil {
			continue // no profile typed there: shares nothing
		}
		pl := probeLocus{locus: l, has: li.has}
		for a, b := range li.alleles {
			if !slices.Contains(q.Probe.Loci[l], a) {
				pl.out = append(pl.out, b)
			}
		}
		for _, a := range q.Probe.Loci[l] {
			if b := li.alleles[a]; b != nil {
				pl.in = append(pl.in, b)
			} else {
				pl.absent = true
			}
		}
		pls = append(pls, pl)
	}
	words := (len(ix.ids) + 63) / 64
	nblocks := (words + blockWords - 1) / blockWords
	results := make([][]Hit, nblocks)
	var wg sync.WaitGroup
	next := make(chan int, nblocks)
	for b := range nblocks {
		next <- b
	}
	close(next)
	for range min(runtime.GOMAXPROCS(0), nblocks) {
		wg.Go(func() {
			s := newScratch()
			for b := range next {
				lo := b * blockWords
				results[b] = ix.searchBlock(q, pls, lo, min(lo+blockWords, words), s)
			}
		})
	}
	wg.Wait()
	hits := slices.Concat(results...)
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Shared, a.Shared), cmp.Compare(len(a.Mismatch), len(b.Mismatch)), cmp.Compare(a.Index, b.Index))
	})
	return hits, nil
}

func (q Query) check() error {
	switch {
	case q.Probe == nil:
		return errorf("dna.probe_missing", "probe", "a search needs a probe profile")
	case q.Stringency != High && q.Stringency != Moderate && q.Stringency != Low:
		return errorf("dna.stringency", "stringency", "stringency %q: write high, moderate or low", q.Stringency)
	case q.MinLoci < 1:
		return errorf("dna.min_loci", "min_loci", "the minimum of shared loci is at least 1")
	case len(q.Probe.Loci) < q.MinLoci:
		return errorf("dna.min_loci", "min_loci", "the probe has %d loci typed and cannot share %d with anyone", len(q.Probe.Loci), q.MinLoci)
	}
	return nil
}

// scratch holds one worker's working bitsets for a block.
type scratch struct {
	anyB, supB, outB, once, twice, bad []uint64
	fail                               [][]uint64 // per probe locus, for naming a mismatch
}

func newScratch() *scratch {
	mk := func() []uint64 { return make([]uint64, blockWords) }
	return &scratch{anyB: mk(), supB: mk(), outB: mk(), once: mk(), twice: mk(), bad: mk()}
}

// searchBlock runs the query over words [lo, hi) and returns its hits.
func (ix *Index) searchBlock(q Query, pls []probeLocus, lo, hi int, s *scratch) []Hit {
	n := hi - lo
	clear(s.once[:n])
	clear(s.twice[:n])
	clear(s.bad[:n])
	for len(s.fail) < len(pls) {
		s.fail = append(s.fail, make([]uint64, blockWords))
	}
	for k, pl := range pls {
		has, anyB, supB, outB, fail := pl.has[lo:hi], s.anyB[:n], s.supB[:n], s.outB[:n], s.fail[k][:n]
		clear(anyB)
		clear(outB)
		copy(supB, has)
		if pl.absent {
			clear(supB)
		}
		for _, b := range pl.in {
			b = b[lo:hi]
			for w := range n {
				anyB[w] |= b[w]
				supB[w] &= b[w]
			}
		}
		if q.Stringency != Low {
			for _, b := range pl.out {
				b = b[lo:hi]
				for w := range n {
					outB[w] |= b[w]
				}
			}
		}
		for w := range n {
			h := has[w]
			sub := h &^ outB[w] // the candidate's alleles are all the probe's
			var pass, near uint64
			switch q.Stringency {
			case High:
				pass, near = sub&supB[w], anyB[w]
			case Moderate:
				pass, near = sub|supB[w], anyB[w]
			default:
				pass, near = anyB[w], h
			}
			f := h &^ pass
			fail[w] = f
			s.twice[w] |= s.once[w] & f
			s.once[w] |= f
			s.bad[w] |= f &^ near
		}
	}
	return ix.collect(q, pls, lo, n, s)
}

// collect turns the block's surviving bits into hits that share enough loci.
func (ix *Index) collect(q Query, pls []probeLocus, lo, n int, s *scratch) []Hit {
	var hits []Hit
	for w := range n {
		ok := ^s.once[w]
		if q.Mismatch {
			ok = ^s.twice[w] &^ s.bad[w]
		}
		for ok != 0 {
			bit := bits.TrailingZeros64(ok)
			ok &= ok - 1
			i := (lo+w)*64 + bit
			if i >= len(ix.ids) {
				break
			}
			h := Hit{Index: i, ID: ix.ids[i]}
			for k, pl := range pls {
				if pl.has[lo+w]>>bit&1 == 1 {
					h.Shared++
				}
				if s.fail[k][w]>>bit&1 == 1 {
					h.Mismatch = pl.locus
				}
			}
			if h.Shared >= q.MinLoci {
				hits = append(hits, h)
			}
		}
	}
	return hits
}
