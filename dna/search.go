package dna

import (
	"math/bits"
	"runtime"
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
	// card[k] holds the profiles with exactly k alleles here (k ≤ 8; nil
	// when none), so that "the candidate's alleles are all the probe's" is
	// read from the probe's alleles alone, not from every allele's bitset.
	card [maxMixtureAlleles + 1][]uint64
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
		li.card[len(as)] = setBit(li.card[len(as)], i)
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
		for k, b := range li.card {
			if b != nil {
				li.card[k] = ext(b)
			}
		}
		for a, b := range li.alleles {
			li.alleles[a] = ext(b)
		}
	}
	ix.sealed = true
}

// maxLoci bounds the loci a probe may have (the CODIS 20, the kits' extras
// and every D-number a laboratory might type), for ranking.
const maxLoci = 64

// blockWords is the number of words a search handles at a time: 64K
// profiles, whose working bitsets (8 KiB each) stay in the first-level cache.
const blockWords = 1024

// probeLocus is one locus of the probe as the search loops need it.
type probeLocus struct {
	locus Locus
	has   []uint64
	in    [][]uint64 // the probe's alleles' bitsets (nil for an allele no profile has)
	card  [][]uint64 // card[j]: the profiles with j alleles here, for j ≤ the probe's alleles
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
		pl := probeLocus{locus: l, has: li.has, card: li.card[:len(q.Probe.Loci[l])+1]}
		for _, a := range q.Probe.Loci[l] {
			pl.in = append(pl.in, li.alleles[a])
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
	return rank(results), nil
}

// rank orders the blocks' hits, each block already in the order added: the
// most shared loci first, exact before one mismatch. A counting sort on
// those two keys keeps the order added within each, in linear time, since a
// low-stringency search of a partial probe may find tens of thousands.
func rank(blocks [][]Hit) []Hit {
	key := func(h Hit) int {
		k := (maxLoci - h.Shared) * 2
		if h.Mismatch != "" {
			k++
		}
		return k
	}
	var count [2*maxLoci + 2]int
	total := 0
	for _, b := range blocks {
		for _, h := range b {
			count[key(h)+1]++
			total++
		}
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	out := make([]Hit, total)
	for _, b := range blocks {
		for _, h := range b {
			k := key(h)
			out[count[k]] = h
			count[k]++
		}
	}
	return out
}

func (q Query) check() error {
	switch {
	case q.Probe == nil:
		return errorf("dna.probe_missing", "probe", "a search needs a probe profile")
	case q.Stringency != High && q.Stringency != Moderate && q.Stringency != Low:
		return errorf("dna.stringency", "stringency", "stringency %q: write high, moderate or low", q.Stringency)
	case q.MinLoci < 1:
		return errorf("dna.min_loci", "min_loci", "the minimum of shared loci is at least 1")
	case len(q.Probe.Loci) > maxLoci:
		return errorf("dna.min_loci", "probe", "the probe has %d loci; a search takes at most %d", len(q.Probe.Loci), maxLoci)
	case len(q.Probe.Loci) < q.MinLoci:
		return errorf("dna.min_loci", "min_loci", "the probe has %d loci typed and cannot share %d with anyone", len(q.Probe.Loci), q.MinLoci)
	}
	return nil
}

// scratch holds one worker's working bitsets for a block.
type scratch struct {
	once, twice, bad, sub []uint64
	ge                    [maxMixtureAlleles + 1][]uint64 // ge[j]: at least j of the probe's alleles
	fail                  [][]uint64                      // per probe locus, for naming a mismatch
}

func newScratch() *scratch {
	mk := func() []uint64 { return make([]uint64, blockWords) }
	s := &scratch{once: mk(), twice: mk(), bad: mk(), sub: mk()}
	for j := range s.ge {
		s.ge[j] = mk()
	}
	return s
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
		has, fail, sub := pl.has[lo:hi], s.fail[k][:n], s.sub[:n]
		kp := len(pl.in)
		for j := 1; j <= kp; j++ {
			clear(s.ge[j][:n])
		}
		// ge[j] |= ge[j-1] & A, from the top so each allele counts once:
		// a bit-sliced count of the probe's alleles each candidate has.
		for _, b := range pl.in {
			if b == nil {
				continue // no profile has this allele
			}
			b = b[lo:hi]
			for j := kp; j >= 2; j-- {
				gj, gj1 := s.ge[j][:n], s.ge[j-1][:n]
				for w := range n {
					gj[w] |= gj1[w] & b[w]
				}
			}
			g1 := s.ge[1][:n]
			for w := range n {
				g1[w] |= b[w]
			}
		}
		// The candidate's alleles are all the probe's when it has exactly j
		// alleles and at least j of them are the probe's.
		clear(sub)
		for j := 1; j <= kp; j++ {
			if c := pl.card[j]; c != nil {
				c, gj := c[lo:hi], s.ge[j][:n]
				for w := range n {
					sub[w] |= c[w] & gj[w]
				}
			}
		}
		any, all := s.ge[1][:n], s.ge[kp][:n]
		for w := range n {
			h := has[w]
			var pass, near uint64
			switch q.Stringency {
			case High:
				pass, near = sub[w]&all[w], any[w]
			case Moderate:
				pass, near = sub[w]|all[w], any[w]
			default:
				pass, near = any[w], h
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
