package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"strings"
)

// Case shows a misuse case with its evidence and their proofs (auditors);
// the view is recorded.
func (s *Service) Case(ctx context.Context, a *nsor.Actor, id int64) (*nsor.CaseView, error) {
	var v *nsor.CaseView
	err := s.do(ctx, a, "case.view", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("case", id)
		c, err := loadCase(tx, a, id, -1)
		if err != nil {
			return err
		}
		v, err = s.caseView(ctx, tx, c)
		return err
	})
	return v, err
}

func (s *Service) caseView(ctx context.Context, tx nsor.Tx, c *nsor.MisuseCase) (*nsor.CaseView, error) {
	v := &nsor.CaseView{Case: c, Evidence: make([]nsor.EvidenceView, 0, len(c.Evidence))}
	for _, ev := range c.Evidence {
		e, err := auditRecord(tx, ev.AuditRecordID)
		if err != nil {
			return nil, err
		}
		item := nsor.EvidenceView{Evidence: ev, Record: e, ProofStatus: nsor.ProofUnavailable}
		if s.prove != nil {
			p, err := s.prove.ProveRecord(ctx, tx, ev.AuditRecordID)
			switch {
			case err == nil:
				item.ProofStatus, item.Proof = nsor.ProofIncluded, p
			case nsor.KindOf(err) == nsor.KindConflict:
				item.ProofStatus = nsor.ProofPending
			default:
				return nil, nsor.Internalf(err, "inclusion proof of audit record %d", ev.AuditRecordID)
			}
		}
		v.Evidence = append(v.Evidence, item)
	}
	return v, nil
}

// AddEvidence attaches an audit record to an open case, with why
// (auditors). Refusals: case.not_found, auth.scope, version.required,
// version.stale, case.not_open, case.evidence_unknown,
// case.evidence_duplicate, reason.required, text.too_long.
func (s *Service) AddEvidence(ctx context.Context, a *nsor.Actor, id int64, version int, recordID int64, reason string) (*nsor.CaseView, error) {
	var v *nsor.CaseView
	err := s.do(ctx, a, "case.evidence_add", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("case", id)
		s.tag(rec, "text", reason)
		detail(rec, "audit_record", recordID)
		c, err := loadCase(tx, a, id, version)
		if err != nil {
			return err
		}
		if _, err := auditRecord(tx, recordID); nsor.KindOf(err) == nsor.KindNotFound {
			return nsor.Invalid("audit_record_id", "case.evidence_unknown", "No audit record has this number.")
		} else if err != nil {
			return err
		}
		if err := nsor.RequireReason(reason); err != nil {
			return err
		}
		ev := nsor.Evidence{CaseID: c.ID, AuditRecordID: recordID, Reason: strings.TrimSpace(reason), AddedBy: a.ID(), AddedAt: s.now()}
		if err := tx.AddEvidence(&ev); err != nil {
			return err
		}
		c.Evidence = append(c.Evidence, ev)
		if err := s.bump(tx, c, rec); err != nil {
			return err
		}
		v, err = s.caseView(ctx, tx, c)
		return err
	})
	return v, err
}

// bump moves a case to its next version, so that two auditors working it at
// once do not overwrite each other unseen.
func (s *Service) bump(tx nsor.Tx, c *nsor.MisuseCase, rec *auditrec.Record) error {
	c.Version++
	if err := tx.UpdateMisuseCase(c, c.Version-1); err != nil {
		return err
	}
	noteCase(rec, c)
	return nil
}

// DecideCase records a case's outcome (auditors): referred for disciplinary
// action under departmental rules, which needs evidence, or closed; either
// with a reason. The DPO of the officer's district (for an officer of no
// district, the bureau's supervisors) is told the case number and the
// outcome. Refusals: case.not_found, auth.scope, version.required,
// version.stale, case.not_open, case.outcome_invalid,
// case.evidence_required, reason.required, text.too_long.
func (s *Service) DecideCase(ctx context.Context, a *nsor.Actor, id int64, version int, outcome nsor.CaseState, reason string) (*nsor.CaseView, error) {
	var v *nsor.CaseView
	err := s.do(ctx, a, "case.decide", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("case", id)
		s.tag(rec, "text", reason)
		c, err := loadCase(tx, a, id, version)
		if err != nil {
			return err
		}
		if outcome != nsor.CaseReferred && outcome != nsor.CaseClosed {
			return nsor.Invalid("outcome", "case.outcome_invalid", "The outcome is referred (for disciplinary action under departmental rules) or closed.")
		}
		if outcome == nsor.CaseReferred && len(c.Evidence) == 0 {
			return nsor.Invalid("outcome", "case.evidence_required", "Attach the audit records the referral rests on before referring the case.")
		}
		if err := nsor.RequireReason(reason); err != nil {
			return err
		}
		c.State, c.OutcomeReason, c.DecidedBy, c.DecidedAt = outcome, strings.TrimSpace(reason), a.ID(), s.now()
		if err := s.bump(tx, c, rec); err != nil {
			return err
		}
		if err := s.notifyDecision(tx, c); err != nil {
			return err
		}
		v, err = s.caseView(ctx, tx, c)
		return err
	})
	return v, err
}

// notifyDecision tells the officer's DPO (or the bureau's supervisors) the
// outcome, by case number alone.
func (s *Service) notifyDecision(tx nsor.Tx, c *nsor.MisuseCase) error {
	var to []int64
	var err error
	if c.DistrictID != 0 {
		to, err = usersOf(tx, nsor.RoleDPO, c.DistrictID)
	} else {
		to, err = usersOf(tx, nsor.RoleSupervisor)
	}
	if err != nil {
		return err
	}
	outcome := "closed by the auditor"
	if c.State == nsor.CaseReferred {
		outcome = "referred for disciplinary action under departmental rules"
	}
	return s.notify(tx, to, nsor.NoteCaseDecided, 0, fmt.Sprintf("Misuse case %s concerning an officer of your command was %s.", c.Ref, outcome))
}

// CaseDisclosure shows the released content of an open case's disclosure
// to the auditor working it: the only way an auditor sees register data
// (docs/rules.md#r29). The read is recorded as a read of the release, with
// the case as its purpose. Refusals: case.not_found, auth.scope,
// case.not_open, case.no_disclosure.
func (s *Service) CaseDisclosure(ctx context.Context, a *nsor.Actor, id int64) (*nsor.ReleaseView, error) {
	var v *nsor.ReleaseView
	err := s.do(ctx, a, "case.release_read", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("case", id), object("case", id)
		c, err := loadCase(tx, a, id, -1)
		if err != nil {
			return err
		}
		switch {
		case c.State != nsor.CaseOpen:
			return nsor.Errorf(nsor.KindConflict, "case.not_open", "This case is %s; its disclosure is no longer shown.", c.State)
		case c.ReleaseID == 0:
			return nsor.Errorf(nsor.KindConflict, "case.no_disclosure", "This case is about an access, not a disclosure: there is no released content to show.")
		}
		rel, err := tx.ReleaseOf(c.RequestID)
		if err != nil {
			return err
		}
		rec.Object, rec.RequestID = object("release", rel.ID), rel.RequestID
		detail(rec, "case", c.ID)
		detail(rec, "disclosure", rel.Number)
		r, err := s.rendering(a, rel, rec)
		if err != nil {
			return err
		}
		v = &nsor.ReleaseView{Release: *rel, Content: rel.Snapshot, Recipient: a.User.Name + ", " + a.User.Rank + " (auditor, " + c.Ref + ")",
			Advisory: nsor.Advisory, Disclosure: r.Block, MarkedText: s.marks.Text(r)}
		return nil
	})
	return v, err
}
