package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"nsor/match/synth"
)

// The bars the engine must meet (docs/matching-benchmark.md). Accuracy bars
// hold at every size and are what --check enforces; the speed and memory
// bars are for the full run on its 2-core machine (--check-all).
const (
	barRecall10   = 0.99
	barRecall1    = 0.95
	barHardLikely = 0.001
	barUrdu10     = 0.95
	barP99        = 5 * time.Millisecond
	barSpeedup    = 10
	barIndexRSS   = 1 << 30
)

type method struct {
	name string
	g    *grouped
	rs   []result
}

// report prints the figures and returns the bars missed.
func report(w io.Writer, c config, reg *synth.Register, set *synth.Set, e *engineRun, pg *pgRun) []string {
	ms := []method{{"engine", group(e.Results, set.Labels), e.Results}}
	if pg != nil {
		for _, m := range pg.Methods {
			ms = append(ms, method{m.Name, group(m.Results, set.Labels), m.Results})
		}
	}
	hard := group(e.Hard, set.HardLabels)
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	fmt.Fprintln(w, "== build")
	peak := "since the start, the register's generation included"
	if e.HWMReset {
		peak = "reset before the build: the index's build and searches"
	}
	fmt.Fprintf(w, "engine: index of %d records built in %s (CPU time %s, all threads); process RSS %s before the index, %s after, peak (VmHWM, %s) %s; live heap %s before, %s after\n",
		len(reg.Records), e.Build.Round(time.Millisecond), e.BuildCPU.Round(time.Millisecond), mib(e.RSSBefore),
		mib(e.RSSAfter), peak, mib(e.HWM), mib(int64(e.HeapBefore)), mib(int64(e.HeapAfter)))
	if pg != nil {
		fmt.Fprintf(w, "pg_trgm: COPY %s, GIN index %s, GiST index %s\n", pg.Load.Round(time.Millisecond),
			pg.GIN.Round(time.Millisecond), pg.GiST.Round(time.Millisecond))
	}
	strata := []string{}
	for _, s := range synth.FrozenStrata {
		strata = append(strata, s.Stratum)
	}
	fmt.Fprintf(w, "\n== the frozen %d queries by stratum: recall@1/5/10", len(set.Queries))
	fmt.Fprintln(w, "; engine's \"likely\" precision (true/likely) and mean \"possible\" list length")
	table(w, ms, strata, func(m method) map[string]*stats { return m.g.stratum }, true)
	fmt.Fprintln(w, "\n== by kind of corruption (a query counts under each of its kinds)")
	kinds := slices.Sorted(maps.Keys(ms[0].g.kind))
	table(w, ms, kinds, func(m method) map[string]*stats { return m.g.kind }, false)
	fmt.Fprintln(w, "\n== latency per query, one at a time, frozen queries")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tp50\tp99\tmax\tmean\ttimeouts\tno answer\t")
	for _, m := range ms {
		a := &m.g.all
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", m.name, dur(a.percentile(.5)), dur(a.percentile(.99)),
			dur(a.percentile(1)), dur(a.mean()), a.timeouts, a.empty)
	}
	fmt.Fprintf(tw, "engine, thread CPU time\t%s\t%s\t%s\t\t\t\t\n", dur(ms[0].g.all.cpuPercentile(.5)),
		dur(ms[0].g.all.cpuPercentile(.99)), dur(ms[0].g.all.cpuPercentile(1)))
	fmt.Fprintf(tw, "engine, %d hard negatives\t%s\t%s\t%s\t%s\t\t%d\t\n", hard.all.n, dur(hard.all.percentile(.5)),
		dur(hard.all.percentile(.99)), dur(hard.all.percentile(1)), dur(hard.all.mean()), hard.all.empty)
	tw.Flush()
	slowest(w, ms[0], set, strata)
	fmt.Fprintln(w, "\n== hard negatives: the true person is not in the register, a near-twin is; \"likely\" is always wrong")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tqueries\twith \"likely\"\trate\tmean \"possible\"\t")
	hk := slices.Sorted(maps.Keys(hard.kind))
	for _, k := range hk {
		s := hard.kind[k]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f%%\t%.2f\t\n", k, s.n, s.negLikely, 100*ratio(s.negLikely, s.n), ratio(s.possible, s.n))
	}
	hn := hard.all.negLikely + ms[0].g.stratum[synth.StratumHardNegative].negLikely
	hnN := hard.all.n + ms[0].g.stratum[synth.StratumHardNegative].n
	fmt.Fprintf(tw, "all (bulk and frozen)\t%d\t%d\t%.4f%%\t\t\n", hnN, hn, 100*ratio(hn, hnN))
	tw.Flush()
	missed := bars(w, c, ms, e, float64(hn)/float64(max(hnN, 1)))
	examples(w, c, reg, set, e)
	return missed
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.0fµs", float64(d)/1e3)
}

func table(w io.Writer, ms []method, rows []string, by func(method) map[string]*stats, bands bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "group\tn\t"
	for i, m := range ms {
		head += m.name + " r@1\tr@5\tr@10\t"
		if i == 0 && bands {
			head += "likely prec\tpossible len\t"
		}
	}
	fmt.Fprintln(tw, head)
	for _, row := range rows {
		s0 := by(ms[0])[row]
		if s0 == nil {
			continue
		}
		line := fmt.Sprintf("%s\t%d\t", row, s0.n)
		for i, m := range ms {
			s := by(m)[row]
			if s.positives == 0 {
				line += "-\t-\t-\t"
			} else {
				line += fmt.Sprintf("%.3f\t%.3f\t%.3f\t", s.recall(1), s.recall(5), s.recall(10))
			}
			if i == 0 && bands {
				prec := "-"
				if s.likely > 0 {
					prec = fmt.Sprintf("%.3f (%d/%d)", ratio(s.likelyTrue, s.likely), s.likelyTrue, s.likely)
				}
				line += fmt.Sprintf("%s\t%.2f\t", prec, ratio(s.possible, s.n))
			}
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}

// bars prints each bar with PASS or FAIL and returns those that --check (or
// --check-all) enforces and were missed.
func bars(w io.Writer, c config, ms []method, e *engineRun, hardLikely float64) []string {
	fmt.Fprintln(w, "\n== bars")
	var missed []string
	bar := func(name string, ok, enforced bool) {
		verdict := "PASS"
		if !ok {
			verdict = "FAIL"
			if enforced {
				missed = append(missed, name)
			}
		}
		fmt.Fprintf(w, "%s  %s\n", verdict, name)
	}
	eng := ms[0].g
	for _, st := range []string{synth.StratumCNIC, synth.StratumParentageDOB} {
		s := eng.stratum[st]
		bar(fmt.Sprintf("%s: recall@10 %.3f >= %.2f", st, s.recall(10), barRecall10), s.recall(10) >= barRecall10, true)
		bar(fmt.Sprintf("%s: recall@1 %.3f >= %.2f", st, s.recall(1), barRecall1), s.recall(1) >= barRecall1, true)
	}
	bar(fmt.Sprintf("hard negatives: \"likely\" %.4f%% <= %.1f%%", 100*hardLikely, 100*barHardLikely), hardLikely <= barHardLikely, true)
	u := eng.stratum[synth.StratumUrdu]
	bar(fmt.Sprintf("urdu: recall@10 %.3f >= %.2f", u.recall(10), barUrdu10), u.recall(10) >= barUrdu10, true)
	p99 := eng.all.percentile(.99)
	bar(fmt.Sprintf("engine p99 %s <= %s", dur(p99), dur(barP99)), p99 <= barP99, c.checkAll)
	cpu99 := eng.all.cpuPercentile(.99)
	bar(fmt.Sprintf("engine p99 of the searching thread's CPU time %s <= %s (not the bar: wall time is)", dur(cpu99), dur(barP99)), cpu99 <= barP99, false)
	idx := e.HWM - e.RSSBefore
	bar(fmt.Sprintf("index peak RSS (VmHWM - RSS before the index) %d MiB <= 1024 MiB", idx>>20), idx <= barIndexRSS, c.checkAll)
	for _, m := range ms[1:] {
		speed := float64(m.g.all.mean()) / float64(max(eng.all.mean(), 1))
		bar(fmt.Sprintf("engine %.0fx faster than %s (mean latency) >= %dx", speed, m.name, barSpeedup), speed >= barSpeedup, c.checkAll)
		er, pr := ratio(eng.all.at10, eng.all.positives), ratio(m.g.all.at10, m.g.all.positives)
		bar(fmt.Sprintf("engine recall@10 %.3f >= %s's %.3f (all positives)", er, m.name, pr), er >= pr, c.checkAll)
	}
	return missed
}

// examples prints queries the engine failed: positives of the barred strata
// whose true record is not in its first ten, and hard negatives it called
// "likely", each with the records involved.
func examples(w io.Writer, c config, reg *synth.Register, set *synth.Set, e *engineRun) {
	if c.examples == 0 {
		return
	}
	rec := func(id string) string {
		var n int
		if _, err := fmt.Sscanf(id, "R%d", &n); err != nil || n < 1 || n > len(reg.Records) {
			return id
		}
		b, _ := json.Marshal(reg.Records[n-1].Line())
		return string(b)
	}
	fmt.Fprintln(w, "\n== examples of failures (engine)")
	shown := map[string]int{}
	show := func(q *synth.Query, l *synth.Label, r *result, why string) {
		if shown[q.Stratum] >= c.examples {
			return
		}
		shown[q.Stratum]++
		qb, _ := json.Marshal(q)
		fmt.Fprintf(w, "%s %s\n  query: %s\n", q.Stratum, why, qb)
		if l.ID != nil {
			fmt.Fprintf(w, "  truth: %s\n", rec(*l.ID))
		}
		if l.Near != "" {
			fmt.Fprintf(w, "  twin:  %s\n", rec(l.Near))
		}
		var got []string
		for i, cd := range r.Cands {
			if i == 3 {
				break
			}
			got = append(got, fmt.Sprintf("%s %s", cd.Band, rec(cd.ID)))
		}
		fmt.Fprintf(w, "  got:   %s\n", strings.Join(got, "\n         "))
	}
	for i := range set.Queries {
		q, l, r := &set.Queries[i], &set.Labels[i], &e.Results[i]
		if l.ID != nil && !slices.ContainsFunc(r.Cands, func(c resultCand) bool { return c.ID == *l.ID }) {
			show(q, l, r, "missed")
		}
	}
	for i := range set.HardNegatives {
		q, l, r := &set.HardNegatives[i], &set.HardLabels[i], &e.Hard[i]
		if slices.ContainsFunc(r.Cands, func(c resultCand) bool { return c.Band == "likely" }) {
			show(q, l, r, "called likely")
		}
	}
}

// slowest prints the engine's latency by stratum and its five slowest
// queries, for whoever speeds it up.
func slowest(w io.Writer, m method, set *synth.Set, strata []string) {
	fmt.Fprintln(w, "\nengine latency by stratum:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stratum\tp50\tp99\tmax\t")
	for _, st := range strata {
		s := m.g.stratum[st]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", st, dur(s.percentile(.5)), dur(s.percentile(.99)), dur(s.percentile(1)))
	}
	tw.Flush()
	idx := make([]int, len(m.rs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(m.rs[b].Nanos, m.rs[a].Nanos) })
	fmt.Fprintln(w, "engine's slowest queries:")
	for _, i := range idx[:min(5, len(idx))] {
		q := &set.Queries[i]
		fmt.Fprintf(w, "  %s %s %s %q %v\n", dur(time.Duration(m.rs[i].Nanos)), q.QID, q.Stratum, q.Name, q.Kinds)
	}
}
