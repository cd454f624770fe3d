package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"strings"
)

// requireCaseWorker allows auditors in person whose token may work cases.
// Everyone else is told there is no such case: existence must not leak. A
// case shows released records, and a service account's token secret went
// to the one administrator who approved it (docs/adr/0014-no-impersonation.md):
// an auditor's service account reads the audit trail, never a case.
func requireCaseWorker(a *nsor.Actor) error {
	if !a.Is(nsor.RoleAuditor) {
		return nsor.NotFound("case")
	}
	if err := requireScope(a, nsor.ScopeAuditCases); err != nil {
		return err
	}
	if a.User.IsService() {
		return nsor.NotFound("case")
	}
	return nil
}

// OpenCase opens a misuse case on a disclosure or an access (auditors).
// Refusals: case.not_found (not an auditor), auth.scope,
// case.subject_required, disclosure.malformed, case.disclosure_unknown,
// case.audit_record_unknown, case.subject_not_access, case.own_conduct,
// reason.required, text.too_long.
func (s *Service) OpenCase(ctx context.Context, a *nsor.Actor, in nsor.CaseInput) (*nsor.CaseView, error) {
	var v *nsor.CaseView
	err := s.do(ctx, a, "case.open", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireCaseWorker(a); err != nil {
			return err
		}
		if err := nsor.CheckFields(in); err != nil {
			return err
		}
		s.tag(rec, "text", in.Reason)
		c, err := s.caseSubject(tx, in)
		if err != nil {
			return err
		}
		if c.OfficerID == a.ID() {
			return nsor.Errorf(nsor.KindForbidden, "case.own_conduct", "A case about your own conduct is for another auditor to open.")
		}
		if err := nsor.RequireReason(in.Reason); err != nil {
			return err
		}
		c.Reason, c.State, c.Version = strings.TrimSpace(in.Reason), nsor.CaseOpen, 1
		c.OpenedBy, c.OpenedAt, c.Evidence = a.ID(), s.now(), []nsor.Evidence{}
		if err := tx.CreateMisuseCase(c); err != nil {
			return err
		}
		c.Ref = nsor.CaseRef(c.ID, c.OpenedAt)
		noteCase(rec, c)
		v = &nsor.CaseView{Case: c, Evidence: []nsor.EvidenceView{}}
		return nil
	})
	return v, err
}

// caseSubject resolves the subject of a new case: the release and its
// recipient, or the audited act and its actor; and the officer's district.
func (s *Service) caseSubject(tx nsor.Tx, in nsor.CaseInput) (*nsor.MisuseCase, error) {
	switch {
	case (in.Disclosure == "") == (in.AuditRecordID == 0):
		return nil, nsor.Invalid("disclosure_number", "case.subject_required",
			"Open a case on exactly one subject: a disclosure number or the audit record of an access.")
	case in.Disclosure != "":
		rel, err := releaseByNumber(tx, "disclosure_number", in.Disclosure)
		if nsor.KindOf(err) == nsor.KindNotFound {
			return nil, nsor.Invalid("disclosure_number", "case.disclosure_unknown", "No release has this disclosure number.")
		} else if err != nil {
			return nil, err
		}
		r, err := tx.Request(rel.RequestID)
		if err != nil {
			return nil, err
		}
		return &nsor.MisuseCase{Subject: nsor.SubjectDisclosure, Disclosure: rel.Number, ReleaseID: rel.ID, RequestID: r.ID,
			OfficerID: r.IOUserID, DistrictID: r.DistrictID}, nil
	}
	e, err := auditRecord(tx, in.AuditRecordID)
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil, nsor.Invalid("audit_record_id", "case.audit_record_unknown", "No audit record has this number.")
	} else if err != nil {
		return nil, err
	}
	if e.Record.ActorID == 0 {
		return nil, nsor.Invalid("audit_record_id", "case.subject_not_access", "This record is of the system, not of an officer's access.")
	}
	district, err := s.districtOf(tx, e.Record.ActorID)
	if err != nil {
		return nil, err
	}
	return &nsor.MisuseCase{Subject: nsor.SubjectAccess, AccessRecordID: e.ID, RequestID: e.Record.RequestID,
		OfficerID: e.Record.ActorID, DistrictID: district}, nil
}

// auditRecord returns one stored audit record, or KindNotFound.
func auditRecord(tx nsor.AuditTx, id int64) (*nsor.AuditEntry, error) {
	if id <= 0 {
		return nil, nsor.NotFound("audit_record")
	}
	es, err := tx.AuditRecords(nsor.AuditFilter{AfterID: id - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(es) == 0 || es[0].ID != id {
		return nil, nsor.NotFound("audit_record")
	}
	return es[0], nil
}

// districtOf returns the district a user belongs to (their jurisdiction or
// the district above their station), or 0 for a user of no district.
func (s *Service) districtOf(tx nsor.Tx, userID int64) (int64, error) {
	u, err := tx.User(userID)
	if err != nil {
		return 0, err
	}
	j, err := s.jurisdiction(tx, u.JurisdictionID)
	if err != nil {
		return 0, err
	}
	for _, id := range j.AncestorIDs() {
		anc, err := s.jurisdiction(tx, id)
		if err != nil {
			return 0, err
		}
		if anc.Kind == nsor.KindDistrict {
			return anc.ID, nil
		}
	}
	return 0, nil
}

// noteCase puts a case's non-identifying facts in its audit record.
func noteCase(rec *auditrec.Record, c *nsor.MisuseCase) {
	rec.Object, rec.RequestID = object("case", c.ID), c.RequestID
	detail(rec, "subject", c.Subject)
	detail(rec, "state", c.State)
	if c.Disclosure != "" {
		detail(rec, "disclosure", c.Disclosure)
	}
	if c.AccessRecordID != 0 {
		detail(rec, "audit_record", c.AccessRecordID)
	}
	detail(rec, "officer", c.OfficerID)
}

// Cases lists misuse cases, newest first (auditors); the listing is
// recorded.
func (s *Service) Cases(ctx context.Context, a *nsor.Actor, f nsor.CaseFilter, p nsor.Page) (nsor.Paged[*nsor.MisuseCase], error) {
	var out nsor.Paged[*nsor.MisuseCase]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.do(ctx, a, "case.list", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireCaseWorker(a); err != nil {
			return err
		}
		switch f.State {
		case "", nsor.CaseOpen, nsor.CaseReferred, nsor.CaseClosed:
		default:
			return nsor.Invalid("state", "case.state_unknown", "A case is open, referred or closed.")
		}
		f.BeforeID, f.Limit = p.AfterID(), p.Fetch()
		cs, err := tx.MisuseCases(f)
		if err != nil {
			return err
		}
		out = nsor.Cut(cs, p, func(c *nsor.MisuseCase) []int64 { return nsor.ByID(c.ID) })
		for _, c := range out.Items {
			c.Ref, c.Evidence = nsor.CaseRef(c.ID, c.OpenedAt), []nsor.Evidence{}
		}
		detail(rec, "results", len(out.Items))
		return nil
	})
	return out, err
}

// loadCase reads a case for an auditor at work on it, checking the version
// the client saw, and that the case is open, when it is to change (version >= 0).
func loadCase(tx nsor.Tx, a *nsor.Actor, id int64, version int) (*nsor.MisuseCase, error) {
	if err := requireCaseWorker(a); err != nil {
		return nil, err
	}
	c, err := tx.MisuseCase(id)
	if err != nil {
		return nil, err
	}
	c.Ref = nsor.CaseRef(c.ID, c.OpenedAt)
	if version < 0 {
		return c, nil
	}
	switch {
	case version == 0:
		return nil, &nsor.Error{Kind: nsor.KindPreconditionRequired, Code: "version.required",
			Message: "Say which version of the case you acted on (If-Match header or version field).",
			Fields:  []nsor.FieldError{{Field: "version", Code: "version.required", Message: "Version required."}}}
	case version != c.Version:
		return nil, &nsor.Error{Kind: nsor.KindConflict, Code: "version.stale",
			Message: "This case changed since you loaded it; reload it and try again.",
			Fields:  []nsor.FieldError{{Field: "version", Code: "version.stale", Message: fmt.Sprintf("The case is at version %d.", c.Version)}}}
	case c.State != nsor.CaseOpen:
		return nil, nsor.Errorf(nsor.KindConflict, "case.not_open", "This case is %s; its outcome is recorded and it no longer changes.", c.State)
	}
	return c, nil
}
