package service

import (
	"context"
	. "nsor"
	"nsor/auditrec"
	"sort"
)

// Dashboard returns the figures for the actor's jurisdiction.
func (s *Service) Dashboard(ctx context.Context, a *Actor) (*Dashboard, error) {
	d := &Dashboard{At: s.now(), Districts: []DistrictStats{}, Overdue: []OverdueItem{}}
	err := s.read(ctx, a, "dashboard.view", 0, func(tx Tx) error {
		if err := requireRole(a, RoleOversight, RoleDPO, RoleSupervisor); err != nil {
			return err
		}
		if err := requireScope(a, ScopeDashboard); err != nil {
			return err
		}
		f := RequestFilter{UnderPath: a.Jurisdiction.Path}
		if a.Is(RoleSupervisor) {
			f = RequestFilter{States: []State{StateForwarded, StateAnswered, StateConfirmed}}
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

func (s *Service) tally(tx Tx, d *Dashboard, rs []*Request) error {
	byDistrict := map[int64]*DistrictStats{}
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
			ds = &DistrictStats{DistrictID: r.DistrictID, District: j.Name, ByState: map[State]int{}}
			byDistrict[r.DistrictID] = ds
		}
		count(ds, r)
		if dl := s.cfg.Deadlines.DeadlineOf(r, d.At); dl != nil && dl.Overdue {
			ds.Overdue++
			d.Overdue = append(d.Overdue, OverdueItem{RequestID: r.ID, Ref: RequestRef(r.ID, r.CreatedAt), District: ds.District,
				State: r.State, Deadline: dl.Kind, OverdueHours: d.At.Sub(dl.DueAt).Hours()})
		}
	}
	for _, ds := range byDistrict {
		d.Districts = append(d.Districts, *ds)
	}
	sort.Slice(d.Districts, func(i, j int) bool { return d.Districts[i].District < d.Districts[j].District })
	return nil
}

func count(ds *DistrictStats, r *Request) {
	ds.ByState[r.State]++
	if r.State.Open() {
		ds.Open++
	}
	switch r.State {
	case StateReturned:
		ds.Returned++
	case StateRejected:
		ds.Rejected++
	}
}

// AuditRecords lets an auditor read the audit trail; the reading is itself
// recorded.
func (s *Service) AuditRecords(ctx context.Context, a *Actor, f AuditFilter) ([]*AuditEntry, error) {
	var out []*AuditEntry
	err := s.do(ctx, a, "audit.search", func(tx Tx, rec *auditrec.Record) error {
		if err := requireRole(a, RoleAuditor); err != nil {
			return err
		}
		if err := requireScope(a, ScopeAuditRead); err != nil {
			return err
		}
		if err := CheckFields(f); err != nil {
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
