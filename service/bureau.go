package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"slices"
	"strings"
)

// Assign gives a forwarded request to an analyst: an analyst takes it
// themselves (analystID 0 or their own), the supervisor gives it to anyone.
func (s *Service) Assign(ctx context.Context, a *nsor.Actor, id int64, version int, analystID int64) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActAssign, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if analystID == 0 {
			analystID = a.ID()
		}
		if a.Is(nsor.RoleAnalyst) && analystID != a.ID() {
			return nsor.Errorf(nsor.KindForbidden, "request.assign_others", "An analyst takes requests for themselves; the supervisor assigns them to others.")
		}
		u, err := tx.User(analystID)
		// An analyst in person: a service account may not work a request (byPerson).
		if (err != nil && nsor.KindOf(err) == nsor.KindNotFound) || (err == nil && (u.Role != nsor.RoleAnalyst || u.Disabled || u.IsService())) {
			return nsor.Invalid("analyst_id", "request.analyst_unknown", "Choose an active bureau analyst.")
		} else if err != nil {
			return err
		}
		if analystID == r.FiledBy || analystID == r.ForwardedBy {
			return nsor.Separation("filed or forwarded")
		}
		r.AnalystID = analystID
		detail(rec, "analyst", analystID)
		if analystID == a.ID() {
			return nil
		}
		return s.notify(tx, []int64{analystID}, nsor.NoteAssigned, r.ID, fmt.Sprintf("Request %s was assigned to you.", r.Ref))
	})
}

// Answer records the bureau's outcome for every suspect (the analyst
// assigned). A record found must rest on a strong identifier (docs/rules.md#r7); the
// answer then waits for a second officer's confirmation, else it goes
// straight to the district's prosecutors.
func (s *Service) Answer(ctx context.Context, a *nsor.Actor, id int64, version int, outcomes []nsor.OutcomeInput) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActAnswer, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if err := s.applyOutcomes(tx, f, r, outcomes, a.ID()); err != nil {
			return err
		}
		r.AnsweredBy = a.ID()
		for _, sp := range r.Suspects {
			detail(rec, fmt.Sprintf("suspect.%d", sp.ID), fmt.Sprintf("%s %d %s", sp.Outcome, sp.RecordID, sp.Basis))
		}
		return s.routeAnswer(tx, a, r)
	})
}

func (s *Service) routeAnswer(tx nsor.Tx, a *nsor.Actor, r *nsor.Request) error {
	if r.AnyRecordFound() {
		to, err := bureau(tx, nsor.RoleAnalyst, a.ID(), r.FiledBy, r.ForwardedBy)
		if err != nil {
			return err
		}
		return s.notify(tx, to, nsor.NoteAnswered, r.ID, fmt.Sprintf("Request %s was answered with a record found; it needs a second officer's confirmation.", r.Ref))
	}
	to, err := districtUsers(tx, r.DistrictID, false)
	if err != nil {
		return err
	}
	return s.notify(tx, to, nsor.NoteAnswered, r.ID, fmt.Sprintf("The bureau answered request %s; it is ready for release to the officer.", r.Ref))
}

// applyOutcomes validates one outcome per suspect and sets them. Each
// suspect is judged on the particulars the prosecutor verified (docs/rules.md#r9),
// and a record cited must be one a search for that suspect showed (docs/rules.md#r8).
func (s *Service) applyOutcomes(tx nsor.Tx, f *nsor.FIR, r *nsor.Request, outcomes []nsor.OutcomeInput, answerer int64) error {
	ps, err := particulars(tx, r, f)
	if err != nil {
		return err
	}
	hits, err := tx.SearchHits(r.ID)
	if err != nil {
		return err
	}
	var p nsor.Problems
	seen := map[int64]bool{}
	for i, in := range outcomes {
		field := fmt.Sprintf("outcomes[%d]", i)
		if err := nsor.CheckFields(in); err != nil {
			p.AddErr(field, err)
			continue
		}
		idx := slices.IndexFunc(r.Suspects, func(x nsor.Suspect) bool { return x.ID == in.SuspectID })
		if idx < 0 || seen[in.SuspectID] {
			p.Add(field+".suspect_id", "answer.suspect_unknown", "Each outcome names a different suspect of this request.")
			continue
		}
		seen[in.SuspectID] = true
		sp, err := s.outcome(tx, r.ID, ps[r.Suspects[idx].AccusedID], in, field, answerer)
		if err == nil && sp.RecordID != 0 && !nsor.SearchedFor(hits, in.SuspectID, sp.RecordID) {
			err = nsor.Invalid(field+".record_id", "answer.record_not_searched", "Cite a record that a search for this suspect showed; "+
				"through a request the register is read only for its named suspects.")
		}
		if err != nil {
			p.AddErr("", err)
			continue
		}
		sp.ID, sp.AccusedID = r.Suspects[idx].ID, r.Suspects[idx].AccusedID
		r.Suspects[idx] = sp
	}
	for i, sp := range r.Suspects {
		if !seen[sp.ID] {
			p.Add(fmt.Sprintf("suspects[%d]", i), "answer.outcome_missing", "Give an outcome for every suspect of the request.")
		}
	}
	return p.Err()
}

// outcome validates one suspect's outcome.
func (s *Service) outcome(tx nsor.Tx, requestID int64, acc *nsor.Accused, in nsor.OutcomeInput, field string, answerer int64) (nsor.Suspect, error) {
	sp := nsor.Suspect{Outcome: in.Outcome, Note: strings.TrimSpace(in.Note)}
	switch in.Outcome {
	case nsor.OutcomeNoRecord:
		if in.RecordID != 0 {
			return sp, nsor.Invalid(field+".record_id", "answer.record_with_no_record", "An answer of no record names no record.")
		}
	case nsor.OutcomePossibleMatch:
		if len(in.Needed) == 0 {
			return sp, nsor.Invalid(field+".needed_identifiers", "answer.needed_required", "Say which identifiers are needed to decide: "+strings.Join(nsor.NeededIdentifiers, ", ")+".")
		}
		for _, n := range in.Needed {
			if !slices.Contains(nsor.NeededIdentifiers, n) {
				return sp, nsor.Invalid(field+".needed_identifiers", "answer.needed_unknown", "Unknown identifier \""+n+"\"; use "+strings.Join(nsor.NeededIdentifiers, ", ")+".")
			}
		}
		if in.RecordID != 0 {
			if _, err := activeRecord(tx, in.RecordID, field); err != nil {
				return sp, err
			}
		}
		sp.Needed, sp.RecordID = in.Needed, in.RecordID
	case nsor.OutcomeRecordFound:
		o, err := activeRecord(tx, in.RecordID, field)
		if err != nil {
			return sp, err
		}
		c, err := basisComparison(tx, requestID, in, o.ID, answerer)
		if err != nil {
			return sp, prefixFields(err, field)
		}
		if err := nsor.Identifies(acc, &o.Record, in.Basis, c); err != nil {
			return sp, prefixFields(err, field)
		}
		sp.RecordID, sp.Basis = o.ID, in.Basis
		if c != nil {
			sp.BiometricRef, sp.ComparisonID = c.RecordRef, c.ID
		}
	default:
		return sp, nsor.Invalid(field+".outcome", "answer.outcome_unknown", "The outcome is record_found, no_record or possible_match.")
	}
	return sp, nil
}

// basisComparison loads the examiner's comparison a biometric basis names
// and checks that it is this suspect's, with this record, examined by
// someone other than the answering analyst (docs/rules.md#r33). Other bases
// name none.
func basisComparison(tx nsor.Tx, requestID int64, in nsor.OutcomeInput, recordID, answerer int64) (*nsor.Comparison, error) {
	if in.Basis != nsor.BasisBiometric {
		if in.ComparisonID != 0 || in.BiometricRef != "" {
			return nil, nsor.Invalid("comparison_id", "answer.comparison_unneeded", "Only a biometric basis names a comparison.")
		}
		return nil, nil
	}
	if in.ComparisonID == 0 {
		return nil, nil // Identifies says what is missing
	}
	c, err := tx.Comparison(in.ComparisonID)
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil, nsor.Invalid("comparison_id", "answer.identification_insufficient", "No recorded comparison has this ID.")
	} else if err != nil {
		return nil, err
	}
	if in.BiometricRef != "" && in.BiometricRef != c.RecordRef {
		return nil, nsor.Invalid("biometric_ref", "answer.identification_insufficient", "The comparison named compared another of the record's references.")
	}
	return c, nsor.ComparisonBasis(c, requestID, in.SuspectID, recordID, answerer)
}

func activeRecord(tx nsor.RegisterTx, id int64, field string) (*nsor.Offender, error) {
	o, err := tx.Offender(id)
	if nsor.KindOf(err) == nsor.KindNotFound || (err == nil && o.Status != nsor.RecordActive) {
		return nil, nsor.Invalid(field+".record_id", "answer.record_unknown", "No checked, active register record has this ID.")
	}
	return o, err
}

func prefixFields(err error, prefix string) error {
	var p nsor.Problems
	p.AddErr(prefix, err)
	return p.Err()
}

// Reopen sends an answer back to its analyst, with a reason, by the officer
// who would confirm it.
func (s *Service) Reopen(ctx context.Context, a *nsor.Actor, id int64, version int, reason string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActReopen, reason, func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		r.LastReason = reason
		return s.notify(tx, []int64{r.AnalystID}, nsor.NoteReopened, r.ID, fmt.Sprintf("Your answer to request %s was reopened; the reason is on the request.", r.Ref))
	})
}

// Confirm is the second bureau officer's confirmation of an answer that found
// a record; then it can leave the bureau.
func (s *Service) Confirm(ctx context.Context, a *nsor.Actor, id int64, version int) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActConfirm, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if err := notExaminer(tx, a, r); err != nil {
			return err
		}
		r.ConfirmedBy = a.ID()
		to, err := districtUsers(tx, r.DistrictID, false)
		if err != nil {
			return err
		}
		return s.notify(tx, to, nsor.NoteConfirmed, r.ID, fmt.Sprintf("The bureau's answer to request %s was confirmed; it is ready for release to the officer.", r.Ref))
	})
}
