package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
	"sort"
)

// Dashboard returns the figures for the actor's jurisdiction.
func (s *Service) Dashboard(ctx context.Context, a *nsor.Actor) (*nsor.Dashboard, error) {
	d := &nsor.Dashboard{At: s.now(), Districts: []nsor.DistrictStats{}, Overdue: []nsor.OverdueItem{}}
	err := s.read(ctx, a, "dashboard.view", 0, func(tx nsor.Tx) error {
		if err := requireRole(a, nsor.RoleOversight, nsor.RoleDPO, nsor.RoleSupervisor); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeDashboard); err != nil {
			return err
		}
		f := nsor.RequestFilter{UnderPath: a.Jurisdiction.Path}
		if a.Is(nsor.RoleSupervisor) {
			f = nsor.RequestFilter{States: []nsor.State{nsor.StateForwarded, nsor.StateAnswered, nsor.StateConfirmed}}
		}
		rs, err := tx.Requests(f)
		if err != nil {
			return err
		}
		return s.tally(tx, d, rs)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Service) tally(tx nsor.Tx, d *nsor.Dashboard, rs []*nsor.Request) error {
	byDistrict := map[int64]*nsor.DistrictStats{}
	for _, r := range rs {
		if r.Submissions == 0 {
			continue // drafts are the officer's own
		}
		ds := byDistrict[r.DistrictID]
		if ds == nil {
			j, err := s.jurisdiction(tx, r.DistrictID)
			if err != nil {
				return err
			}
			ds = &nsor.DistrictStats{DistrictID: r.DistrictID, District: j.Name, ByState: map[nsor.State]int{}}
			byDistrict[r.DistrictID] = ds
		}
		count(ds, r)
		if dl := s.cfg.Deadlines.DeadlineOf(r, d.At); dl != nil && dl.Overdue {
			ds.Overdue++
			d.Overdue = append(d.Overdue, nsor.OverdueItem{RequestID: r.ID, Ref: nsor.RequestRef(r.ID, r.CreatedAt), District: ds.District,
				State: r.State, Deadline: dl.Kind, OverdueHours: d.At.Sub(dl.DueAt).Hours()})
		}
	}
	for _, ds := range byDistrict {
		d.Districts = append(d.Districts, *ds)
	}
	sort.Slice(d.Districts, func(i, j int) bool { return d.Districts[i].District < d.Districts[j].District })
	return nil
}

func count(ds *nsor.DistrictStats, r *nsor.Request) {
	ds.ByState[r.State]++
	if r.State.Open() {
		ds.Open++
	}
	switch r.State {
	case nsor.StateReturned:
		ds.Returned++
	case nsor.StateRejected:
		ds.Rejected++
	}
}

// AuditRecords lets an auditor read the audit trail; the reading is itself
// recorded.
func (s *Service) AuditRecords(ctx context.Context, a *nsor.Actor, f nsor.AuditFilter) ([]*nsor.AuditEntry, error) {
	var out []*nsor.AuditEntry
	err := s.do(ctx, a, "audit.search", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireRole(a, nsor.RoleAuditor); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeAuditRead); err != nil {
			return err
		}
		if err := nsor.CheckFields(f); err != nil {
			return err
		}
		if f.Limit <= 0 || f.Limit > 1000 {
			f.Limit = 1000
		}
		detail(rec, "filter_actor", f.ActorID)
		detail(rec, "filter_request", f.RequestID)
		var err error
		out, err = tx.AuditRecords(f)
		return err
	})
	return out, err
}
