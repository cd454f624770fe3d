package service

import (
	"context"
	"nsor"
	"slices"
)

// Request returns one request as the actor may see it.
func (s *Service) Request(ctx context.Context, a *nsor.Actor, id int64) (*nsor.RequestView, error) {
	var v *nsor.RequestView
	err := s.read(ctx, a, "request.view", id, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		r, err := s.load(tx, a, id, nsor.ActView)
		if err != nil {
			return err
		}
		v, err = s.viewOf(tx, a, r)
		return err
	})
	return v, err
}

// viewAfter is a's view of r, whose FIR is f, as an act left it, built in
// the act's transaction tx. r is the request as the act saved it, which is
// what Request would read. An actor whose act put the request out of their
// sight (or who may not read requests) sees only that the act was done:
// the request's reference, state and version.
func (s *Service) viewAfter(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, f *nsor.FIR) (*nsor.RequestView, error) {
	if requireScope(a, nsor.ScopeRequestsRead) != nil || nsor.Authorize(a, nsor.ActView, r) != nil {
		return &nsor.RequestView{Request: nsor.Request{ID: r.ID, Ref: r.Ref, State: r.State, Version: r.Version}, Actions: []nsor.Action{}}, nil
	}
	return s.viewWith(tx, a, r, f)
}

// Requests lists the requests the actor may see, newest first: the officer's
// own, the district's for its DPO and prosecutors, the bureau's for its staff.
// What the role may see and the overdue filter are conditions of the query
// (listScope), so that a page is never emptied by rows the actor may not see.
func (s *Service) Requests(ctx context.Context, a *nsor.Actor, q nsor.RequestQuery) (nsor.Paged[*nsor.RequestView], error) {
	var out nsor.Paged[*nsor.RequestView]
	if err := q.Page.Check(1); err != nil {
		return out, err
	}
	err := s.read(ctx, a, "request.list", 0, func(tx nsor.Tx) error {
		f, err := s.listScope(a, q)
		if err != nil {
			return err
		}
		rs, err := tx.Requests(f)
		if err != nil {
			return err
		}
		page := nsor.Cut(rs, q.Page, func(r *nsor.Request) []int64 { return nsor.ByID(r.ID) })
		out.Next = page.Next
		for _, r := range page.Items {
			r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
			if !nsor.Visible(a, r) { // the query's scope already holds; this is the rule itself
				continue
			}
			v, err := s.viewOf(tx, a, r)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, v)
		}
		return nil
	})
	return out, err
}

// listScope is the store's filter of the requests a may see, as visible
// decides them, with q's filters and page.
func (s *Service) listScope(a *nsor.Actor, q nsor.RequestQuery) (nsor.RequestFilter, error) {
	f := nsor.RequestFilter{States: q.States, BeforeID: q.Page.AfterID(), Limit: q.Page.Fetch()}
	if q.Overdue {
		f.Overdue = s.cfg.Deadlines.OverdueStages(s.now())
	}
	if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
		return f, err
	}
	switch a.User.Role {
	case nsor.RoleIO:
		f.IOUserID = a.ID()
	case nsor.RoleDPO:
		f.UnderPath = a.Jurisdiction.Path
	case nsor.RoleDPP:
		f.UnderPath, f.Submitted = a.Jurisdiction.Path, true
	case nsor.RoleAnalyst, nsor.RoleSupervisor:
		f.Forwarded = true
		if len(f.States) == 0 {
			f.States = []nsor.State{nsor.StateForwarded, nsor.StateAnswered, nsor.StateConfirmed, nsor.StateReleased, nsor.StateAcknowledged, nsor.StateClosed}
		}
	default:
		return f, nsor.Errorf(nsor.KindForbidden, "auth.forbidden", "Your role does not see requests.")
	}
	return f, nil
}

// viewOf builds the actor's view of r.
func (s *Service) viewOf(tx nsor.Tx, a *nsor.Actor, r *nsor.Request) (*nsor.RequestView, error) {
	f, err := tx.FIR(r.FIRID)
	if err != nil {
		return nil, err
	}
	return s.viewWith(tx, a, r, f)
}

// viewWith builds the actor's view of r, whose FIR is f.
func (s *Service) viewWith(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, f *nsor.FIR) (*nsor.RequestView, error) {
	v := &nsor.RequestView{Request: *r, Deadline: s.cfg.Deadlines.DeadlineOf(r, s.now()), Actions: nsor.Allowed(a, r)}
	v.Suspects = slices.Clone(r.Suspects)
	var err error
	if v.FIR, err = s.summarise(tx, f); err != nil {
		return nil, err
	}
	role := a.User.Role
	if role != nsor.RoleSupervisor {
		if err := suspectViews(tx, v, f, role == nsor.RoleAnalyst); err != nil {
			return nil, err
		}
	}
	if !outcomesVisible(role, r.State) {
		for i := range v.Suspects {
			v.Suspects[i] = nsor.Suspect{ID: r.Suspects[i].ID, AccusedID: r.Suspects[i].AccusedID}
		}
	}
	if role == nsor.RoleDPP && r.State == nsor.StateSubmitted { // what the prosecutor weighs before deciding
		if v.PriorRejections, err = priorRejections(tx, r); err != nil {
			return nil, err
		}
	}
	if v.Samples, err = tx.RequestSamples(r.ID); err != nil {
		return nil, err
	}
	if role == nsor.RoleIO || role == nsor.RoleDPP {
		v.Release, err = releaseSummary(tx, a, r)
	}
	return v, err
}

// suspectViews adds each suspect's particulars to v: for the bureau, as the
// prosecutor verified them with what the analyst added to the searches
// (docs/rules.md#r8, #r9), for the others as the FIR has them.
func suspectViews(tx nsor.Tx, v *nsor.RequestView, f *nsor.FIR, bureau bool) error {
	ps := map[int64]*nsor.Accused{}
	var err error
	if bureau {
		if ps, err = particulars(tx, &v.Request, f); err != nil {
			return err
		}
		if v.AddedIdentifiers, err = tx.AddedIdentifiers(v.ID); err != nil {
			return err
		}
	}
	for _, sp := range v.Request.Suspects {
		acc := ps[sp.AccusedID]
		if acc == nil {
			acc = findAccused(f, sp.AccusedID)
		}
		if acc != nil {
			v.SuspectViews = append(v.SuspectViews, nsor.SuspectView{SuspectID: sp.ID, Accused: *acc})
		}
	}
	return nil
}

// outcomesVisible: the bureau sees its answers; the prosecutor once the
// answer is theirs to release; the officer only through the release, after
// acknowledging the advisory; the DPO never.
func outcomesVisible(role nsor.Role, st nsor.State) bool {
	switch role {
	case nsor.RoleAnalyst, nsor.RoleSupervisor:
		return true
	case nsor.RoleDPP:
		return st == nsor.StateAnswered || st == nsor.StateConfirmed || st == nsor.StateReleased || st == nsor.StateAcknowledged || st == nsor.StateClosed
	}
	return false
}

func (s *Service) summarise(tx nsor.Tx, f *nsor.FIR) (*nsor.FIRSummary, error) {
	d, err := s.jurisdiction(tx, f.DistrictID)
	if err != nil {
		return nil, err
	}
	st, err := s.jurisdiction(tx, f.StationID)
	if err != nil {
		return nil, err
	}
	return &nsor.FIRSummary{ID: f.ID, Number: f.Number, Year: f.Year, Station: st.Name, District: d.Name,
		RegisteredOn: f.RegisteredOn, Sections: f.Sections, CopyAttached: f.Copy != nil}, nil
}

func priorRejections(tx nsor.RequestTx, r *nsor.Request) ([]nsor.PriorRejection, error) {
	var out []nsor.PriorRejection
	for _, sp := range r.Suspects {
		rs, err := tx.Requests(nsor.RequestFilter{AccusedID: sp.AccusedID, States: []nsor.State{nsor.StateRejected}})
		if err != nil {
			return nil, err
		}
		for _, x := range rs {
			if x.ID != r.ID && !slices.ContainsFunc(out, func(p nsor.PriorRejection) bool { return p.RequestID == x.ID }) {
				out = append(out, nsor.PriorRejection{RequestID: x.ID, Ref: nsor.RequestRef(x.ID, x.CreatedAt), Reason: x.LastReason})
			}
		}
	}
	return out, nil
}

func releaseSummary(tx nsor.RequestTx, a *nsor.Actor, r *nsor.Request) (*nsor.ReleaseSummary, error) {
	if r.ReleasedBy == 0 {
		return nil, nil
	}
	rel, acks, err := tx.ReleaseWithAcks(r.ID)
	if err != nil {
		return nil, err
	}
	adv, err := nsor.ReleaseAdvisory(rel)
	if err != nil {
		return nil, err
	}
	return &nsor.ReleaseSummary{Number: rel.Number, SHA256: rel.SHA256, Acknowledged: acknowledgedBy(acks, a.ID()),
		Advisory: adv, AdvisorySHA256: nsor.AdvisoryHash(adv)}, nil
}

// Events returns one page of a request's history, oldest first, keyed by
// the event's number.
func (s *Service) Events(ctx context.Context, a *nsor.Actor, id int64, p nsor.Page) (nsor.Paged[*nsor.Event], error) {
	var out nsor.Paged[*nsor.Event]
	err := s.read(ctx, a, "request.events", id, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if _, err := s.load(tx, a, id, nsor.ActView); err != nil {
			return err
		}
		if err := p.Check(1); err != nil {
			return err
		}
		es, err := tx.EventsAfter(id, p.AfterID(), p.Fetch())
		out = nsor.Cut(es, p, func(e *nsor.Event) []int64 { return nsor.ByID(int64(e.Seq)) })
		return err
	})
	return out, err
}

// Submissions returns the Annexure A of every submission of a request, with
// the prosecutor's checklist for each (not to the bureau's supervisor, who
// sees no identities), one page at a time, first first, keyed by the
// submission's number.
func (s *Service) Submissions(ctx context.Context, a *nsor.Actor, id int64, p nsor.Page) (nsor.Paged[*nsor.Submission], error) {
	var out nsor.Paged[*nsor.Submission]
	err := s.read(ctx, a, "request.submissions", id, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if _, err := s.load(tx, a, id, nsor.ActView); err != nil {
			return err
		}
		if a.Is(nsor.RoleSupervisor) {
			return nsor.Errorf(nsor.KindForbidden, "request.forbidden", "The supervisor sees the queue, not the applications.")
		}
		if err := p.Check(1); err != nil {
			return err
		}
		subs, err := tx.SubmissionsAfter(id, p.AfterID(), p.Fetch())
		out = nsor.Cut(subs, p, func(s *nsor.Submission) []int64 { return nsor.ByID(int64(s.N)) })
		return err
	})
	return out, err
}

// ReadRelease returns the released records: to the officer holding the case
// once they have acknowledged the advisory, and to the district's
// prosecutors. Every read is recorded, and every rendering carries the
// reader's marks (service_disclosure.go).
func (s *Service) ReadRelease(ctx context.Context, a *nsor.Actor, id int64) (*nsor.ReleaseView, error) {
	v, _, err := s.renderRelease(ctx, a, id, false)
	return v, err
}

// releaseFor returns the release of a request if a may read it now.
func (s *Service) releaseFor(tx nsor.Tx, a *nsor.Actor, id int64) (*nsor.Release, error) {
	if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
		return nil, err
	}
	r, err := s.load(tx, a, id, nsor.ActReadRelease)
	if err != nil {
		return nil, err
	}
	rel, acks, err := tx.ReleaseWithAcks(r.ID)
	if err != nil || !a.Is(nsor.RoleIO) {
		return rel, err
	}
	if !acknowledgedBy(acks, a.ID()) {
		return nil, nsor.Errorf(nsor.KindForbidden, "release.acknowledgement_required",
			"Acknowledge the advisory first: the information is for this investigation only.")
	}
	return rel, nil
}
