package main

import (
	"slices"
	"time"

	"nsor/match"
	"nsor/match/synth"
)

// stats are one method's figures on one group of queries.
type stats struct {
	n, positives       int
	at1, at5, at10     int // positives with the true record in the first 1, 5, 10
	likely, likelyTrue int // "likely" candidates, and those that are the true record
	possible           int // "possible" candidates
	negLikely          int // queries with no true record that got a "likely" candidate
	empty, timeouts    int
	nanos, cpu         []int64
}

func (s *stats) add(r *result, truth *string) {
	s.n++
	s.nanos, s.cpu = append(s.nanos, r.Nanos), append(s.cpu, r.CPU)
	if len(r.Cands) == 0 {
		s.empty++
	}
	if r.TimedOut {
		s.timeouts++
	}
	anyLikely := false
	for _, c := range r.Cands {
		switch c.Band {
		case match.Likely:
			s.likely++
			anyLikely = true
			if truth != nil && c.ID == *truth {
				s.likelyTrue++
			}
		case match.Possible:
			s.possible++
		}
	}
	if truth == nil {
		if anyLikely {
			s.negLikely++
		}
		return
	}
	s.positives++
	if r.TimedOut {
		return // a timeout is a miss
	}
	rank := slices.IndexFunc(r.Cands, func(c resultCand) bool { return c.ID == *truth })
	if rank == 0 {
		s.at1++
	}
	if rank >= 0 && rank < 5 {
		s.at5++
	}
	if rank >= 0 && rank < 10 {
		s.at10++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *stats) recall(k int) float64 {
	return ratio(map[int]int{1: s.at1, 5: s.at5, 10: s.at10}[k], s.positives)
}

// percentile of the latencies, nearest rank.
func (s *stats) percentile(p float64) time.Duration { return percentile(s.nanos, p) }

// cpuPercentile of the searching thread's CPU times.
func (s *stats) cpuPercentile(p float64) time.Duration { return percentile(s.cpu, p) }

func percentile(ns []int64, p float64) time.Duration {
	if len(ns) == 0 {
		return 0
	}
	v := slices.Clone(ns)
	slices.Sort(v)
	i := int(p*float64(len(v))+0.5) - 1
	return time.Duration(v[min(max(i, 0), len(v)-1)])
}

func (s *stats) mean() time.Duration {
	if len(s.nanos) == 0 {
		return 0
	}
	var t int64
	for _, n := range s.nanos {
		t += n
	}
	return time.Duration(t / int64(len(s.nanos)))
}

// grouped is one method's stats by stratum, by kind and over all queries.
type grouped struct {
	stratum, kind map[string]*stats
	all           stats
}

func group(rs []result, labels []synth.Label) *grouped {
	g := &grouped{stratum: map[string]*stats{}, kind: map[string]*stats{}}
	get := func(m map[string]*stats, k string) *stats {
		if m[k] == nil {
			m[k] = &stats{}
		}
		return m[k]
	}
	for i := range rs {
		l := &labels[i]
		g.all.add(&rs[i], l.ID)
		get(g.stratum, l.Stratum).add(&rs[i], l.ID)
		for _, k := range l.Kinds {
			get(g.kind, k).add(&rs[i], l.ID)
		}
	}
	return g
}
