package service

import (
	"context"
	"nsor"
	"sort"
	"time"
)

// Statistics returns oversight's figures for the actor's jurisdiction (an
// oversight officer's province or region, a DPO's district), by district and
// in total, from the requests' events rather than their current states: the
// volumes, the share forwarded within the prosecutor's 48 hours, the median
// and 90th percentile of each stage's turnaround, the weekly series of
// submissions, forwards, returns and rejections over the last StatsWeeks
// weeks, and the districts with no female investigating officer
// (docs/rules.md#r11). No identity is in them.
func (s *Service) Statistics(ctx context.Context, a *nsor.Actor) (*nsor.Statistics, error) {
	st := &nsor.Statistics{At: s.now(), Districts: []nsor.DistrictStatistics{}, NoFemaleOfficer: []string{}}
	err := s.read(ctx, a, "dashboard.statistics", 0, func(tx nsor.Tx) error {
		if err := requireRole(a, nsor.RoleOversight, nsor.RoleDPO); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeDashboard); err != nil {
			return err
		}
		path := a.Jurisdiction.Path
		rs, err := tx.Requests(nsor.RequestFilter{UnderPath: path, Submitted: true})
		if err != nil {
			return err
		}
		es, err := tx.EventsUnder(path)
		if err != nil {
			return err
		}
		females, err := femaleOfficers(tx, path)
		if err != nil {
			return err
		}
		js, err := tx.Jurisdictions()
		if err != nil {
			return err
		}
		return s.compute(st, a.Jurisdiction, rs, es, females, js)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// compute fills st from the requests, their events, the count of female
// officers by district and the hierarchy.
func (s *Service) compute(st *nsor.Statistics, within *nsor.Jurisdiction, rs []*nsor.Request, es []*nsor.Event, females map[int64]int, js []*nsor.Jurisdiction) error {
	first := nsor.WeekStart(st.At).AddDate(0, 0, -7*(nsor.StatsWeeks-1))
	districtOf := map[int64]int64{}
	byDistrict := map[int64]*nsor.DistrictStatistics{}
	durations := map[int64]map[nsor.Stage][]int64{}
	newStats := func(id int64, name string) *nsor.DistrictStatistics {
		d := &nsor.DistrictStatistics{DistrictID: id, District: name, Weeks: make([]nsor.Week, nsor.StatsWeeks)}
		for i := range d.Weeks {
			d.Weeks[i].Start = first.AddDate(0, 0, 7*i)
		}
		return d
	}
	for _, j := range js {
		if j.Kind == nsor.KindDistrict && within.CoversPath(j.Path) {
			byDistrict[j.ID] = newStats(j.ID, j.Name)
			durations[j.ID] = map[nsor.Stage][]int64{}
			byDistrict[j.ID].FemaleOfficers = females[j.ID]
			if females[j.ID] == 0 {
				st.NoFemaleOfficer = append(st.NoFemaleOfficer, j.Name)
			}
		}
	}
	for _, r := range rs {
		districtOf[r.ID] = r.DistrictID
		if d := byDistrict[r.DistrictID]; d != nil {
			d.Requests++
		}
	}
	total := newStats(0, "")
	totalDur := map[nsor.Stage][]int64{}
	for i := 0; i < len(es); {
		j := i
		for j < len(es) && es[j].RequestID == es[i].RequestID {
			j++
		}
		history := es[i:j]
		i = j
		d := byDistrict[districtOf[history[0].RequestID]]
		if d == nil {
			continue // a draft never submitted, or a district outside the hierarchy read
		}
		for _, e := range history {
			for _, x := range []*nsor.DistrictStatistics{d, total} {
				count := func(f func(w *nsor.Week)) {
					if k := int(e.At.Sub(first) / (7 * 24 * time.Hour)); !e.At.Before(first) && k < nsor.StatsWeeks {
						f(&x.Weeks[k])
					}
				}
				switch e.Action {
				case nsor.ActSubmit, nsor.ActResubmit:
					x.Submitted++
					count(func(w *nsor.Week) { w.Submitted++ })
				case nsor.ActForward:
					x.Forwarded++
					count(func(w *nsor.Week) { w.Forwarded++ })
				case nsor.ActReturn:
					x.Returns++
					count(func(w *nsor.Week) { w.Returns++ })
				case nsor.ActReject:
					x.Rejections++
					count(func(w *nsor.Week) { w.Rejections++ })
				}
			}
		}
		stages, in48 := nsor.StageDurations(history, s.cfg.Deadlines.Prosecutor)
		for _, ok := range in48 {
			if ok {
				d.In48h++
				total.In48h++
			}
		}
		for stage, ds := range stages {
			for _, x := range ds {
				durations[d.DistrictID][stage] = append(durations[d.DistrictID][stage], int64(x/time.Second))
				totalDur[stage] = append(totalDur[stage], int64(x/time.Second))
			}
		}
	}
	for id, d := range byDistrict {
		d.Stages = turnarounds(durations[id])
		total.Requests += d.Requests
		total.FemaleOfficers += d.FemaleOfficers
		st.Districts = append(st.Districts, *d)
	}
	total.Stages = turnarounds(totalDur)
	st.Total = *total
	sort.Slice(st.Districts, func(i, j int) bool { return st.Districts[i].District < st.Districts[j].District })
	sort.Strings(st.NoFemaleOfficer)
	return nil
}

func turnarounds(by map[nsor.Stage][]int64) []nsor.Turnaround {
	out := make([]nsor.Turnaround, 0, len(nsor.Stages))
	for _, stage := range nsor.Stages {
		xs := by[stage]
		out = append(out, nsor.Turnaround{Stage: stage, Count: len(xs), Median: nsor.Percentile(xs, 50), P90: nsor.Percentile(xs, 90)})
	}
	return out
}
