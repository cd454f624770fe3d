package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"nsor/internal/benchenv"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"nsor/fingerprint"
	"nsor/fingerprint/afis"
	"nsor/fingerprint/fvc"
)

// search measures 1:N search on a synthetic gallery made from the 640 real
// ISO templates. The first perDB fingers of every database are probe fingers:
// the gallery holds a transformed copy of each of their 8 impressions, and
// every other entry is a transformed copy of a template of a finger that is no
// probe's. Probes are impressions 1 to imps of the probe fingers; a probe's
// seeded mates are the copies of its finger's other impressions, and the copy
// of the probe itself is left out of its results. The rank-1 rate of the same
// probes searched against the 639 other untransformed templates is the
// baseline of the retention.
func search(args []string) error {
	fs := flag.NewFlagSet("search", flag.ExitOnError)
	size := fs.Int("gallery", 100000, "gallery entries")
	perDB := fs.Int("probes-per-db", 2, "probe fingers per database")
	imps := fs.Int("impressions", 1, "impressions of each probe finger searched as probes (1-8)")
	short := fs.Int("shortlist", 0, "entries the first stage passes to the full matcher (0: the index default, afis.DefaultShortList)")
	seed := fs.Uint64("seed", 1, "random seed of the gallery")
	only := fs.String("probe", "", "search only this probe (e.g. 2004-DB1/102_1); the gallery is the same")
	tail := fs.Bool("tail", false, "print, for each probe, its best mate's score and rank and the top impostor scores of its short list")
	fs.Parse(args)
	if *imps < 1 || *imps > fvc.Impressions {
		return fmt.Errorf("-impressions %d: want 1-%d", *imps, fvc.Impressions)
	}
	dir, err := fvc.Dir()
	if err != nil {
		return err
	}
	samples := fvc.Samples()
	tpls := make([]fingerprint.Template, len(samples))
	for i, s := range samples {
		if tpls[i], err = s.LoadTemplate(dir); err != nil {
			return err
		}
	}
	isProbeFinger := func(s fvc.Sample) bool { return s.Finger < 101+*perDB }
	var probes []int
	for i, s := range samples {
		if isProbeFinger(s) && s.Impression <= *imps {
			probes = append(probes, i)
		}
	}
	// Limit: the whole short list comes back, so that the output can say
	// whether a mate passed the first stage.
	opt := afis.SearchOptions{ShortList: *short, Limit: math.MaxInt32}
	fmt.Printf("fpbench search: gallery %d, %d probes (impressions 1-%d of fingers 101-%d of each database), short list %d, GOMAXPROCS=%d, seed %d\n",
		*size, len(probes), *imps, 100+*perDB, *short, runtime.GOMAXPROCS(0), *seed)

	// Baseline: the untransformed set, each probe against the other 639.
	base := afis.NewIndex()
	for _, t := range tpls {
		if _, err := base.Add(t); err != nil {
			return err
		}
	}
	baseHits := 0
	var baseMisses []string
	for _, p := range probes {
		top := -1
		// The full matcher over every entry: no first stage.
		for _, c := range base.SearchPrepared(mustPrepare(tpls[p]), afis.SearchOptions{ShortList: base.Len(), Limit: 2}) {
			if c.Entry != p {
				top = c.Entry
				break
			}
		}
		if top >= 0 && sameFinger(samples[top], samples[p]) {
			baseHits++
		} else {
			baseMisses = append(baseMisses, samples[p].String())
		}
	}
	baseRate := float64(baseHits) / float64(len(probes))
	fmt.Printf("baseline (untransformed, 639 entries, full matcher over all): rank-1 %d/%d = %.1f%%\n", baseHits, len(probes), 100*baseRate)
	if len(baseMisses) > 0 {
		fmt.Printf("missed in the baseline: %s\n", strings.Join(baseMisses, " "))
	}

	// The gallery.
	var fillers []int
	for i, s := range samples {
		if !isProbeFinger(s) {
			fillers = append(fillers, i)
		}
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap0 := ms.HeapAlloc
	t0 := time.Now()
	ix := afis.NewIndex()
	var sources []int // the probe fingers' impressions, the gallery's first entries
	for i, s := range samples {
		if isProbeFinger(s) {
			sources = append(sources, i)
		}
	}
	srcOf := buildGallery(ix, tpls, sources, fillers, *size, *seed)
	build := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Printf("gallery built in %v on %d cores: %d entries, %.0f bytes per entry in the index (%.0f MB), heap grew %.0f MB\n",
		build.Round(time.Millisecond), runtime.GOMAXPROCS(0), ix.Len(), float64(ix.Bytes())/float64(ix.Len()), float64(ix.Bytes())/1e6,
		float64(ms.HeapAlloc-heap0)/1e6)
	rng := rand.New(rand.NewPCG(*seed, 0xba5e))

	// Baseline: the full matcher alone over the whole gallery, timed on a
	// sample of entries with one core and scaled to the gallery and the cores.
	k := afis.NewComparer()
	pp0 := mustPrepare(tpls[probes[0]])
	const sample = 3000
	t1 := time.Now()
	for i := 0; i < sample; i++ {
		ix.CompareEntry(k, pp0, rng.IntN(ix.Len()))
	}
	per := time.Since(t1) / sample
	exhaustive := time.Duration(float64(per) * float64(ix.Len()) / float64(runtime.GOMAXPROCS(0)))
	fmt.Printf("baseline: the full matcher alone takes %v per entry (one core), so an exhaustive search would take %v on %d cores\n",
		per, exhaustive.Round(time.Millisecond), runtime.GOMAXPROCS(0))

	fmt.Printf("load average before the searches: %s\n", benchenv.LoadAverage())
	var times, cpus, firsts []time.Duration
	var tails []probeTail
	hits, inList, inShort := 0, 0, 0
	isMate := func(e, p int) bool { q := int(srcOf[e]); return q != p && sameFinger(samples[q], samples[p]) }
	notSelf := func(p int, cs []afis.Candidate) []afis.Candidate {
		return slices.DeleteFunc(cs, func(c afis.Candidate) bool { return int(srcOf[c.Entry]) == p })
	}
	if *only != "" {
		probes = slices.DeleteFunc(probes, func(p int) bool { return samples[p].String() != *only })
		if len(probes) == 0 {
			return fmt.Errorf("no probe %s among impressions 1-%d of fingers 101-%d", *only, *imps, 100+*perDB)
		}
	}
	for _, p := range probes {
		pp := mustPrepare(tpls[p])
		// The first stage alone: a short list of one.
		t := time.Now()
		ix.SearchPrepared(pp, afis.SearchOptions{ShortList: 1})
		firsts = append(firsts, time.Since(t))
		c0 := benchenv.CPUTime()
		t = time.Now()
		cs := ix.SearchPrepared(pp, opt)
		times = append(times, time.Since(t))
		cpus = append(cpus, benchenv.CPUTime()-c0)
		cs = notSelf(p, cs)
		if len(cs) > 0 && isMate(cs[0].Entry, p) {
			hits++
		}
		if *tail {
			tails = append(tails, tailOf(samples[p], cs, func(e int) bool { return isMate(e, p) },
				func(e int) fvc.Sample { return samples[srcOf[e]] }))
		}
		for r, c := range cs {
			if isMate(c.Entry, p) {
				inShort++
				if r < 10 {
					inList++
				}
				break
			}
		}
	}
	fmt.Printf("load average after the searches: %s\n", benchenv.LoadAverage())
	fmt.Printf("short list %d entries (the default for this gallery: %d)\n", max(*short, 0), afis.DefaultShortList(ix.Live()))
	fmt.Printf("first stage alone per probe: median %v, max %v\n", median(firsts).Round(time.Millisecond), slices.Max(firsts).Round(time.Millisecond))
	fmt.Printf("CPU time per search (both cores together): median %v, max %v\n", median(cpus).Round(time.Millisecond), slices.Max(cpus).Round(time.Millisecond))
	rate := float64(hits) / float64(len(probes))
	fmt.Printf("search time per probe: median %v, max %v\n", median(times).Round(time.Millisecond), slices.Max(times).Round(time.Millisecond))
	fmt.Printf("rank-1 on the gallery: %d/%d = %.1f%% (a seeded mate in the top 10: %d/%d; passed by the first stage: %d/%d)\n",
		hits, len(probes), 100*rate, inList, len(probes), inShort, len(probes))
	if baseRate > 0 {
		fmt.Printf("rank-1 retention: %.1f%% of the untransformed rate\n", 100*rate/baseRate)
	}
	if *tail {
		printTails(tails)
	}
	return nil
}

func sameFinger(a, b fvc.Sample) bool { return a.DB == b.DB && a.Finger == b.Finger }

func mustPrepare(t fingerprint.Template) *afis.Prepared {
	p, err := afis.Prepare(t)
	if err != nil {
		panic(err)
	}
	return p
}

// perturb returns a copy of t rotated by a random angle about its centre,
// translated by up to 60 pixels, with up to 20% of its minutiae dropped and up
// to 20% spurious minutiae added; the frame grows so that all minutiae stay
// inside it.
func perturb(rng *rand.Rand, t fingerprint.Template) fingerprint.Template {
	rot := rng.Float64() * 2 * math.Pi
	tx, ty := rng.Float64()*120-60, rng.Float64()*120-60
	drop := rng.Float64() * 0.2
	cx, cy := float64(t.Width)/2, float64(t.Height)/2
	c, s := math.Cos(rot), math.Sin(rot)
	var out []fingerprint.Minutia
	type pt struct{ x, y, a float64 }
	var pts []pt
	for _, m := range t.Minutiae {
		if rng.Float64() < drop {
			continue
		}
		dx, dy := float64(m.X)-cx, float64(m.Y)-cy
		// Counter-clockwise on screen with y down.
		pts = append(pts, pt{cx + c*dx + s*dy + tx, cy - s*dx + c*dy + ty, math.Mod(m.Angle+rot, 2*math.Pi)})
		out = append(out, m)
	}
	extra := int(math.Round(rng.Float64() * 0.2 * float64(len(t.Minutiae))))
	for i := 0; i < extra; i++ {
		pts = append(pts, pt{rng.Float64() * float64(t.Width), rng.Float64() * float64(t.Height), rng.Float64() * 2 * math.Pi})
		out = append(out, fingerprint.Minutia{Kind: fingerprint.Kind(1 + rng.IntN(2))})
	}
	if len(pts) == 0 {
		pts = append(pts, pt{cx, cy, 0})
		out = append(out, fingerprint.Minutia{Kind: fingerprint.RidgeEnding})
	}
	minX, minY := math.Inf(1), math.Inf(1)
	for _, p := range pts {
		minX, minY = math.Min(minX, p.x), math.Min(minY, p.y)
	}
	r := fingerprint.Template{ResX: t.ResX, ResY: t.ResY, Position: t.Position}
	for i, p := range pts {
		m := out[i]
		m.X, m.Y = int(math.Round(p.x-minX)), int(math.Round(p.y-minY))
		m.Angle = math.Mod(p.a, 2*math.Pi)
		r.Minutiae = append(r.Minutiae, m)
	}
	return r
}

// buildGallery adds the entries made from sources (transformed copies, the
// seeded mates) and then transformed copies of random fillers until the index
// holds size entries. Each entry's randomness comes from its own number and
// the seed, so the gallery is the same however many cores build it; the
// cores transform and prepare a batch at a time, and the batch is added in
// order. It returns the sample each entry was made from.
func buildGallery(ix *afis.Index, tpls []fingerprint.Template, sources, fillers []int, size int, seed uint64) []int16 {
	const batch = 8192
	srcOf := make([]int16, size)
	workers := runtime.GOMAXPROCS(0)
	prepared := make([]*afis.Prepared, batch)
	for lo := 0; lo < size; lo += batch {
		hi := min(lo+batch, size)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for e := lo + w; e < hi; e += workers {
					rng := rand.New(rand.NewPCG(seed, uint64(e)))
					src := 0
					if e < len(sources) {
						src = sources[e]
					} else {
						src = fillers[rng.IntN(len(fillers))]
					}
					srcOf[e] = int16(src)
					prepared[e-lo] = mustPrepare(perturb(rng, tpls[src]))
				}
			}()
		}
		wg.Wait()
		for e := lo; e < hi; e++ {
			ix.AddPrepared(prepared[e-lo])
			prepared[e-lo] = nil
		}
	}
	return srcOf
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
