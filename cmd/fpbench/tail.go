package main

import (
	"fmt"
	"slices"
	"strings"

	"nsor/fingerprint/afis"
	"nsor/fingerprint/fvc"
)

// tailImpostors is how many of a probe's best impostor scores the tail report
// keeps. A gallery ten times larger meets ten times the impostors in its
// short list (the short list is the same share of the gallery), so the tenth
// best impostor of a search is about what the best impostor of a search of ten
// times the gallery scores: a probe whose best mate beats its tenth impostor
// would probably still be ranked first there.
const tailImpostors = 10

// probeTail is what one search says about the matcher's impostor tail: the
// best mate's score and rank in the short list and the best impostor scores.
type probeTail struct {
	probe      fvc.Sample
	mate       float64 // best seeded mate's score; -1 when no mate passed the first stage
	mateRank   int     // 1-based rank of the best mate in the short list; 0 when none passed
	above      int     // impostors scored above the best mate
	impostors  []float64
	shortList  int
	mateListed int      // seeded mates in the short list
	mates      []string // each listed mate's score, rank and first-stage votes
	sources    []string // the samples the best three impostors were made from
}

// tailOf reads a search's whole short list, ranked by score.
func tailOf(probe fvc.Sample, cs []afis.Candidate, isMate func(int) bool, source func(int) fvc.Sample) probeTail {
	t := probeTail{probe: probe, mate: -1, shortList: len(cs)}
	for r, c := range cs {
		switch {
		case isMate(c.Entry):
			t.mateListed++
			t.mates = append(t.mates, fmt.Sprintf("%.1f@%d(%d votes)", c.Score, r+1, c.FirstStage))
			if t.mateRank == 0 {
				t.mate, t.mateRank, t.above = c.Score, r+1, r
			}
		case len(t.impostors) < tailImpostors:
			t.impostors = append(t.impostors, c.Score)
			if len(t.sources) < 3 {
				t.sources = append(t.sources, fmt.Sprintf("%s(entry %d)", source(c.Entry), c.Entry))
			}
		}
	}
	return t
}

// printTails prints each probe's tail and a summary: the probes whose best
// mate beats their best and their tenth-best impostor, and the smallest
// margins between the best mate and the tenth impostor.
func printTails(ts []probeTail) {
	fmt.Printf("\nimpostor tail per probe (best mate's score and rank in the short list; the %d best impostor scores):\n", tailImpostors)
	fmt.Printf("%-22s %7s %5s %6s %6s  %s\n", "probe", "mate", "rank", "mates", "margin", "impostors")
	beat1, beat10 := 0, 0
	var ratios []float64
	for _, t := range ts {
		imps := make([]string, len(t.impostors))
		for i, s := range t.impostors {
			imps[i] = fmt.Sprintf("%.1f", s)
		}
		tenth := 0.0
		if len(t.impostors) > 0 {
			tenth = t.impostors[len(t.impostors)-1]
		}
		margin := t.mate - tenth
		if t.mateRank == 1 {
			beat1++
		}
		if t.mate > tenth {
			beat10++
		}
		if tenth > 0 && t.mate > 0 {
			ratios = append(ratios, t.mate/tenth)
		}
		fmt.Printf("%-22s %7.1f %5d %6d %6.1f  %s\n", t.probe, t.mate, t.mateRank, t.mateListed, margin, strings.Join(imps, " "))
		if len(ts) == 1 {
			fmt.Printf("  mates: %s\n  best impostors made from: %s\n", strings.Join(t.mates, " "), strings.Join(t.sources, " "))
		}
	}
	fmt.Printf("best mate above every impostor: %d/%d; above the %dth impostor (about rank 1 at ten times the gallery): %d/%d\n",
		beat1, len(ts), tailImpostors, beat10, len(ts))
	if len(ratios) > 0 {
		slices.Sort(ratios)
		q := func(f float64) float64 { return ratios[int(f*float64(len(ratios)-1))] }
		fmt.Printf("best mate / %dth impostor: min %.2f, 10th percentile %.2f, median %.2f\n", tailImpostors, ratios[0], q(0.1), q(0.5))
	}
}
