package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"slices"
	"strings"
)

// CreateRequest opens a draft request (investigating officers, for an FIR of
// a case they hold) and returns the officer's view of it. A suspect already in
// an open request is refused with a pointer to it (docs/rules.md#r4).
func (s *Service) CreateRequest(ctx context.Context, a *nsor.Actor, in nsor.RequestInput, idem nsor.Idempotency) (*nsor.RequestView, error) {
	var view *nsor.RequestView
	err := s.do(ctx, a, "request.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := s.requireWrite(a, nsor.RoleIO); err != nil {
			return err
		}
		if id, err := s.replay(tx, a, idem, "request"); id != 0 || err != nil {
			if err == nil {
				rec.Object, rec.RequestID = object("request", id), id
				detail(rec, "replay", true)
				var r *nsor.Request
				if r, err = tx.Request(id); err == nil {
					r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
					view, err = s.viewOf(tx, a, r)
				}
			}
			return err
		}
		f, err := firFor(tx, a, in.FIRID)
		if nsor.KindOf(err) == nsor.KindNotFound {
			return nsor.Invalid("fir_id", "fir.not_found", "No such FIR among your cases.")
		} else if err != nil {
			return err
		}
		r, err := s.newRequest(tx, a, f, in)
		if err != nil {
			return err
		}
		rec.Object, rec.RequestID = object("request", r.ID), r.ID
		s.tagSuspects(rec, f, r)
		if err := s.addEvent(tx, a, r, nsor.ActCreate, "", nsor.StateDraft, ""); err != nil {
			return err
		}
		if err := s.remember(tx, a, idem, rec.Object); err != nil {
			return err
		}
		view, err = s.viewAfter(tx, a, r, f)
		return err
	})
	return view, err
}

func (s *Service) newRequest(tx nsor.Tx, a *nsor.Actor, f *nsor.FIR, in nsor.RequestInput) (*nsor.Request, error) {
	district, err := s.jurisdiction(tx, f.DistrictID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &nsor.Request{FIRID: f.ID, DistrictID: f.DistrictID, DistrictPath: district.Path, IOUserID: a.ID(), FiledBy: a.ID(),
		State: nsor.StateDraft, Version: 1, CreatedAt: now, UpdatedAt: now, StageStarted: now}
	if err := s.applyInput(f, r, in); err != nil {
		return nil, err
	}
	if err := tx.CreateRequest(r); err != nil {
		return nil, err
	}
	r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
	return r, nil
}

// applyInput validates the officer's input against the FIR (docs/rules.md#r1 and docs/rules.md#r2).
func (s *Service) applyInput(f *nsor.FIR, r *nsor.Request, in nsor.RequestInput) error {
	var p nsor.Problems
	if len(nsor.EligibleSections(f.Sections, s.cfg.EligibleSections)) == 0 {
		p.Add("fir_id", "fir.no_eligible_section", "This FIR cites no section under which the register may be consulted.")
	}
	if len(in.Suspects) == 0 {
		p.Add("suspects", "request.suspects_required", "Pick at least one accused of the FIR as a suspect.")
	}
	var suspects []nsor.Suspect
	for i, id := range in.Suspects {
		field := fmt.Sprintf("suspects[%d]", i)
		switch {
		case findAccused(f, id) == nil:
			p.Add(field, "request.suspect_not_on_fir", "Every suspect must be an accused named in this FIR; pick from its list of accused.")
		case slices.ContainsFunc(suspects, func(x nsor.Suspect) bool { return x.AccusedID == id }):
			p.Add(field, "request.suspect_repeated", "This accused is named twice.")
		default:
			suspects = append(suspects, keepSuspect(r.Suspects, id))
		}
	}
	p.AddErr("", nsor.CheckFields(in))
	r.Suspects, r.Grounds, r.Declaration = suspects, strings.TrimSpace(in.Grounds), in.Declaration
	return p.Err()
}

// keepSuspect keeps a suspect's row (and ID) when an edit names them again.
func keepSuspect(old []nsor.Suspect, accusedID int64) nsor.Suspect {
	for _, s := range old {
		if s.AccusedID == accusedID {
			return s
		}
	}
	return nsor.Suspect{AccusedID: accusedID}
}

// tagSuspects adds the suspects' names and CNICs to the audit record as
// keyed hashes, so that an auditor can later ask who sought a person.
func (s *Service) tagSuspects(rec *auditrec.Record, f *nsor.FIR, r *nsor.Request) {
	for _, sp := range r.Suspects {
		if acc := findAccused(f, sp.AccusedID); acc != nil {
			s.tag(rec, "name", match.NameKey(acc.Name))
			s.tag(rec, "cnic", string(acc.CNIC))
		}
	}
	s.tag(rec, "fir_number", firKey(f))
}

// EditRequest changes a draft or returned request (its officer).
func (s *Service) EditRequest(ctx context.Context, a *nsor.Actor, id int64, version int, in nsor.RequestInput) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActEdit, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		in.FIRID = r.FIRID
		if err := s.applyInput(f, r, in); err != nil {
			return err
		}
		s.tagSuspects(rec, f, r)
		return nil
	})
}

// transition runs one act on a request, in one write transaction: it loads
// the request and its FIR, checks everything the act needs (scope, authority,
// state, version, reason), lets fn apply the act, saves the request only if
// it is still at the version authorised, and returns the actor's view of the
// request as the act left it. An act that raced another gets 409 and nothing
// of it remains.
func (s *Service) transition(ctx context.Context, a *nsor.Actor, id int64, version int, act nsor.Action, reason string,
	fn func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error) (*nsor.RequestView, error) {
	var view *nsor.RequestView
	err := s.do(ctx, a, "request."+string(act), func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID = object("request", id), id
		pre, f, to, err := s.authorised(tx, a, id, version, act, reason)
		if err != nil {
			return err
		}
		r := pre.Clone()
		if fn != nil {
			if err := fn(tx, r, f, rec); err != nil {
				return err
			}
		}
		detail(rec, "from", r.State)
		detail(rec, "to", to)
		if err := s.save(tx, a, r, pre, act, to, reason); err != nil {
			return err
		}
		view, err = s.viewAfter(tx, a, r, f)
		return err
	})
	return view, err
}

// authorised loads the request and its FIR in a snapshot and checks
// everything the act needs before it writes: scope, authority, state,
// version and reason. It returns them and the state the act leads to. The
// FIR is as it stood when the act was authorised; the act does not change it.
func (s *Service) authorised(tx nsor.Tx, a *nsor.Actor, id int64, version int, act nsor.Action, reason string) (*nsor.Request, *nsor.FIR, nsor.State, error) {
	if err := requireScope(a, nsor.ScopeRequestsWrite); err != nil {
		return nil, nil, "", err
	}
	r, f, err := tx.RequestWithFIR(id)
	if err != nil {
		return nil, nil, "", err
	}
	if err := authorizeLoaded(a, act, r); err != nil {
		return nil, nil, "", err
	}
	if err := checkVersion(r, version); err != nil {
		return nil, nil, "", err
	}
	to, needReason := nsor.NextState(act, r.State)
	if needReason {
		err = nsor.RequireReason(reason)
	}
	if err == nil {
		err = nsor.CheckText("reason", reason, nsor.LimitReason)
	}
	return r, f, to, err
}

// load reads a request and authorises act on it.
func (s *Service) load(tx nsor.Tx, a *nsor.Actor, id int64, act nsor.Action) (*nsor.Request, error) {
	r, err := tx.Request(id)
	if err != nil {
		return nil, err
	}
	return r, authorizeLoaded(a, act, r)
}

// authorizeLoaded names a request just read and authorises act on it.
func authorizeLoaded(a *nsor.Actor, act nsor.Action, r *nsor.Request) error {
	r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
	return nsor.Authorize(a, act, r)
}

// checkVersion refuses a transition made on a stale view (409), or without
// saying which version the client saw (428).
func checkVersion(r *nsor.Request, version int) error {
	switch {
	case version == nsor.AnyVersion:
		return nil
	case version == 0:
		return &nsor.Error{Kind: nsor.KindPreconditionRequired, Code: "version.required",
			Message: "Say which version of the request you acted on (If-Match header or version field).",
			Fields:  []nsor.FieldError{{Field: "version", Code: "version.required", Message: "Version required."}}}
	case version != r.Version:
		return &nsor.Error{Kind: nsor.KindConflict, Code: "version.stale",
			Message: "This request changed since you loaded it; reload it and try again.",
			Fields:  []nsor.FieldError{{Field: "version", Code: "version.stale", Message: fmt.Sprintf("The request is at version %d.", r.Version)}}}
	}
	return nil
}

// save stores r after act, moving it to state to. Entering a new state
// restarts its deadline clock and schedules its reminders and escalation.
func (s *Service) save(tx nsor.Tx, a *nsor.Actor, r, prev *nsor.Request, act nsor.Action, to nsor.State, reason string) error {
	now := s.now()
	from := r.State
	moved := to != from || act == nsor.ActResubmit
	r.State, r.Version, r.UpdatedAt = to, r.Version+1, now
	if moved {
		r.StageSeq++
		r.StageStarted = now
	}
	if err := tx.UpdateRequest(r, prev); err != nil {
		return err
	}
	if err := s.addEvent(tx, a, r, act, from, to, reason); err != nil {
		return err
	}
	if !moved {
		return nil
	}
	return tx.AddJobs(s.cfg.Deadlines.JobsFor(r))
}

func (s *Service) addEvent(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, act nsor.Action, from, to nsor.State, reason string) error {
	e := &nsor.Event{RequestID: r.ID, Action: act, From: from, To: to, ActorID: a.ID(), Reason: strings.TrimSpace(reason), At: s.now()}
	if a != nil && a.User != nil {
		e.ActorRole, e.ActorName = a.User.Role, a.User.Name
	}
	if act == nsor.ActReturn {
		e.FailedItems = r.ReturnedItems
	}
	return tx.AddEvent(e)
}
