// Command dnabench measures the DNA profile search (package dna) on a
// synthetic database drawn from real allele frequencies, beside a linear scan
// of the same profiles held compactly, in the same run (docs/dna.md):
//
//	go run ./cmd/dnabench [-n 1000000] [-reps 5] [-frequencies F.csv]
//
// The frequencies default to NIST 1036 in NSOR_SHARED_DATA (../shared/data
// beside the repository). Every profile is drawn at the CODIS 20 from one of
// the tables, chosen at random; the probes are profiles of the database
// (seeded mates), the same with 8 and 12 loci dropped, and two-person
// mixtures of database profiles. Each search is checked to find exactly what
// the scan finds, and its mate.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"nsor/internal/benchenv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"nsor/dna"
)

func main() {
	n := flag.Int("n", 1_000_000, "profiles in the database")
	reps := flag.Int("reps", 5, "repetitions of each search (the median and the worst are reported)")
	freqs := flag.String("frequencies", "", "allele frequencies, long format (default NIST 1036 in NSOR_SHARED_DATA)")
	flag.Parse()
	if *freqs == "" {
		root := os.Getenv("NSOR_SHARED_DATA")
		if root == "" {
			root = filepath.Join("..", "shared", "data")
		}
		*freqs = filepath.Join(root, "dna", "nist1036_freqs_long.csv")
	}
	if err := run(*n, *reps, *freqs); err != nil {
		fmt.Fprintln(os.Stderr, "dnabench:", err)
		os.Exit(1)
	}
}

// codes is the database held compactly for the scan: per profile and CODIS
// locus two allele codes (a homozygote twice), 0 for not typed.
type codes struct {
	a     []uint16
	names map[dna.Allele]uint16
}

func (c *codes) code(a dna.Allele) uint16 {
	if v, ok := c.names[a]; ok {
		return v
	}
	v := uint16(len(c.names) + 1)
	c.names[a] = v
	return v
}

func run(n, reps int, freqPath string) error {
	f, err := os.Open(freqPath)
	if err != nil {
		return err
	}
	tables, err := dna.ReadFrequencies(f)
	f.Close()
	if err != nil {
		return err
	}
	var names []string
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	var ts []*table
	for _, name := range names {
		ts = append(ts, newTable(tables[name]))
	}
	rng := rand.New(rand.NewPCG(2026, 13))
	fmt.Printf("dnabench: %d profiles at the CODIS 20 drawn from %d tables of %s; GOMAXPROCS %d, %s\n",
		n, len(ts), filepath.Base(freqPath), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Printf("load average at the start %s (other work on the machine slows both columns alike)\n", benchenv.LoadAverage())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix := dna.NewIndex()
	db := &codes{a: make([]uint16, 0, n*40), names: map[dna.Allele]uint16{}}
	seeds := map[int]*dna.Profile{}
	want := []int{}
	for range 20 {
		want = append(want, rng.IntN(n))
	}
	for i := range n {
		p := draw(rng, ts[rng.IntN(len(ts))], fmt.Sprint("S", i))
		ix.Add(p)
		for _, l := range dna.CODIS20 {
			as := p.Loci[l]
			db.a = append(db.a, db.code(as[0]), db.code(as[len(as)-1]))
		}
		if slices.Contains(want, i) {
			seeds[i] = p
		}
	}
	build := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("built in %v; index and compact copy %.0f MiB (%.0f bytes a profile; the compact copy is %d bytes a profile)\n\n",
		build.Round(time.Millisecond), float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), float64(after.HeapAlloc-before.HeapAlloc)/float64(n), 80)
	probes := makeProbes(rng, seeds, want)
	fmt.Printf("| probe | stringency | min loci | mismatch | hits | mate found | index median | index worst | scan median | speed-up |\n|---|---|---|---|---|---|---|---|---|---|\n")
	worst := time.Duration(0)
	for _, pr := range probes {
		for _, s := range []dna.Stringency{dna.High, dna.Moderate, dna.Low} {
			for _, mm := range []bool{false, true} {
				q := dna.Query{Probe: pr.p, Stringency: s, MinLoci: pr.minLoci, Mismatch: mm}
				hits, idx, err := timeIndex(ix, q, reps)
				if err != nil {
					return err
				}
				scanHits, scan := timeScan(db, q, reps)
				if scanHits != len(hits) {
					return fmt.Errorf("%s %s: the index found %d, the scan %d", pr.name, s, len(hits), scanHits)
				}
				found := false
				for _, h := range hits {
					found = found || slices.Contains(pr.mates, h.Index)
				}
				if !found && !(s == dna.High && pr.mixture) {
					return fmt.Errorf("%s %s: the seeded mate was not found", pr.name, s)
				}
				worst = max(worst, idx[len(idx)-1])
				fmt.Printf("| %s | %s | %d | %v | %d | %v | %v | %v | %v | %.0f× |\n", pr.name, s, pr.minLoci, mm, len(hits), found,
					med(idx), idx[len(idx)-1], med(scan), float64(med(scan))/float64(med(idx)))
			}
		}
	}
	fmt.Printf("\nworst index search: %v; load average at the end %s\n", worst, benchenv.LoadAverage())
	return nil
}

// table is a frequency table as draw needs it.
type table struct {
	alleles map[dna.Locus][]dna.Allele
	freqs   map[dna.Locus][]float64
}

func newTable(t *dna.Table) *table {
	out := &table{alleles: map[dna.Locus][]dna.Allele{}, freqs: map[dna.Locus][]float64{}}
	for _, l := range dna.CODIS20 {
		out.alleles[l], out.freqs[l] = t.Alleles(l)
	}
	return out
}

// draw draws a reference profile at the CODIS 20 from table t. The alleles
// come from the table, already normalised.
func draw(rng *rand.Rand, t *table, id string) *dna.Profile {
	p := &dna.Profile{ID: id, Type: dna.Reference, Loci: make(map[dna.Locus][]dna.Allele, len(dna.CODIS20))}
	for _, l := range dna.CODIS20 {
		as, fs := t.alleles[l], t.freqs[l]
		pick := func() (int, dna.Allele) {
			u, i := rng.Float64(), 0
			for ; i < len(fs)-1 && u >= fs[i]; i++ {
				u -= fs[i]
			}
			return i, as[i]
		}
		i, a := pick()
		j, b := pick()
		switch {
		case i == j:
			p.Loci[l] = []dna.Allele{a}
		case i < j:
			p.Loci[l] = []dna.Allele{a, b}
		default:
			p.Loci[l] = []dna.Allele{b, a}
		}
	}
	return p
}

type probe struct {
	name    string
	p       *dna.Profile
	minLoci int
	mates   []int
	mixture bool
}

// makeProbes builds the probes from the seeded mates.
func makeProbes(rng *rand.Rand, seeds map[int]*dna.Profile, want []int) []probe {
	a, b, c := seeds[want[0]], seeds[want[1]], seeds[want[2]]
	part := func(p *dna.Profile, k int) *dna.Profile {
		out := &dna.Profile{ID: p.ID + "-partial", Type: dna.CrimeScene, Loci: map[dna.Locus][]dna.Allele{}}
		keep := slices.Clone(dna.CODIS20)
		rng.Shuffle(len(keep), func(i, j int) { keep[i], keep[j] = keep[j], keep[i] })
		for _, l := range keep[k:] {
			out.Loci[l] = p.Loci[l]
		}
		return out
	}
	mix := &dna.Profile{ID: "mixture", Type: dna.CrimeScene, Loci: map[dna.Locus][]dna.Allele{}}
	for _, l := range dna.CODIS20 {
		set := slices.Clone(b.Loci[l])
		for _, x := range c.Loci[l] {
			if !slices.Contains(set, x) {
				set = append(set, x)
			}
		}
		mix.Loci[l] = set
	}
	return []probe{
		{"exact (20 loci)", a, 20, []int{want[0]}, false},
		{"partial (4 dropped)", part(a, 4), 16, []int{want[0]}, false},
		{"partial (8 dropped)", part(a, 8), 12, []int{want[0]}, false},
		{"partial (12 dropped)", part(a, 12), 8, []int{want[0]}, false},
		{"two-person mixture", mix, 20, []int{want[1], want[2]}, true},
	}
}

func timeIndex(ix *dna.Index, q dna.Query, reps int) ([]dna.Hit, []time.Duration, error) {
	var hits []dna.Hit
	var ds []time.Duration
	for range reps {
		t0 := time.Now()
		h, err := ix.Search(q)
		if err != nil {
			return nil, nil, err
		}
		ds = append(ds, time.Since(t0))
		hits = h
	}
	slices.Sort(ds)
	return hits, ds, nil
}

// timeScan compares every profile with the probe, on every core, as
// dna.Agrees does (the baseline: what a search without an index costs).
func timeScan(db *codes, q dna.Query, reps int) (int, []time.Duration) {
	var pls []probeLocus
	for k, l := range dna.CODIS20 {
		if as := q.Probe.Loci[l]; as != nil {
			var in []uint16
			for _, a := range as {
				in = append(in, db.code(a))
			}
			pls = append(pls, probeLocus{k, in})
		}
	}
	n := len(db.a) / 40
	var ds []time.Duration
	hits := 0
	for range reps {
		t0 := time.Now()
		workers := runtime.GOMAXPROCS(0)
		counts := make([]int, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w * n / workers; i < (w+1)*n/workers; i++ {
					if scanOne(db.a[i*40:i*40+40], pls, q) {
						counts[w]++
					}
				}
			})
		}
		wg.Wait()
		ds = append(ds, time.Since(t0))
		hits = 0
		for _, c := range counts {
			hits += c
		}
	}
	slices.Sort(ds)
	return hits, ds
}

// probeLocus is a locus of the probe for the scan: its index among the
// CODIS 20 and the probe's allele codes.
type probeLocus struct {
	k  int
	in []uint16
}

// scanOne is dna.Agrees on the compact form (every database profile is
// typed at all 20 loci and single-source).
func scanOne(row []uint16, pls []probeLocus, q dna.Query) bool {
	fails := 0
	for _, p := range pls {
		x, y := row[2*p.k], row[2*p.k+1]
		cx, cy := slices.Contains(p.in, x), slices.Contains(p.in, y)
		size := 2
		if x == y {
			size = 1
		}
		common := 0
		if cx {
			common++
		}
		if cy && x != y {
			common++
		}
		var pass, near bool
		switch q.Stringency {
		case dna.High:
			pass, near = common == size && common == len(p.in), common > 0
		case dna.Moderate:
			pass, near = common == size || common == len(p.in), common > 0
		default:
			pass, near = common > 0, true
		}
		if !pass {
			fails++
			if !q.Mismatch || !near || fails > 1 {
				return false
			}
		}
	}
	return len(pls) >= q.MinLoci
}

func med(ds []time.Duration) time.Duration { return ds[len(ds)/2].Round(10 * time.Microsecond) }
