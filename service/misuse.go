package service

import (
	"context"
	"fmt"
	. "nsor"
	"nsor/auditrec"
	"strings"
)

// requireCaseWorker allows auditors in person whose token may work cases.
// Everyone else is told there is no such case: existence must not leak. A
// case shows released records, and a service account's token secret went
// to the one administrator who approved it (docs/adr/0014-no-impersonation.md):
// an auditor's service account reads the audit trail, never a case.
func requireCaseWorker(a *Actor) error {
	if !a.Is(RoleAuditor) {
		return NotFound("case")
	}
	if err := requireScope(a, ScopeAuditCases); err != nil {
		return err
	}
	if a.User.IsService() {
		return NotFound("case")
	}
	return nil
}

// OpenCase opens a misuse case on a disclosure or an access (auditors).
// Refusals: case.not_found (not an auditor), auth.scope,
// case.subject_required, disclosure.malformed, case.disclosure_unknown,
// case.audit_record_unknown, case.subject_not_access, case.own_conduct,
// reason.required, text.too_long.
func (s *Service) OpenCase(ctx context.Context, a *Actor, in CaseInput) (*CaseView, error) {
	var v *CaseView
	err := s.do(ctx, a, "case.open", func(tx Tx, rec *auditrec.Record) error {
		if err := requireCaseWorker(a); err != nil {
			return err
		}
		if err := CheckFields(in); err != nil {
			return err
		}
		s.tag(rec, "text", in.Reason)
		c, err := s.caseSubject(tx, in)
		if err != nil {
			return err
		}
		if c.OfficerID == a.ID() {
			return Errorf(KindForbidden, "case.own_conduct", "A case about your own conduct is for another auditor to open.")
		}
		if err := RequireReason(in.Reason); err != nil {
			return err
		}
		c.Reason, c.State, c.Version = strings.TrimSpace(in.Reason), CaseOpen, 1
		c.OpenedBy, c.OpenedAt, c.Evidence = a.ID(), s.now(), []Evidence{}
		if err := tx.CreateMisuseCase(c); err != nil {
			return err
		}
		c.Ref = CaseRef(c.ID, c.OpenedAt)
		noteCase(rec, c)
		v = &CaseView{Case: c, Evidence: []EvidenceView{}}
		return nil
	})
	return v, err
}

// caseSubject resolves the subject of a new case: the release and its
// recipient, or the audited act and its actor; and the officer's district.
func (s *Service) caseSubject(tx Tx, in CaseInput) (*MisuseCase, error) {
	switch {
	case (in.Disclosure == "") == (in.AuditRecordID == 0):
		return nil, Invalid("disclosure_number", "case.subject_required",
			"Open a case on exactly one subject: a disclosure number or the audit record of an access.")
	case in.Disclosure != "":
		rel, err := releaseByNumber(tx, "disclosure_number", in.Disclosure)
		if KindOf(err) == KindNotFound {
			return nil, Invalid("disclosure_number", "case.disclosure_unknown", "No release has this disclosure number.")
		} else if err != nil {
			return nil, err
		}
		r, err := tx.Request(rel.RequestID)
		if err != nil {
			return nil, err
		}
		return &MisuseCase{Subject: SubjectDisclosure, Disclosure: rel.Number, ReleaseID: rel.ID, RequestID: r.ID,
			OfficerID: r.IOUserID, DistrictID: r.DistrictID}, nil
	}
	e, err := auditRecord(tx, in.AuditRecordID)
	if KindOf(err) == KindNotFound {
		return nil, Invalid("audit_record_id", "case.audit_record_unknown", "No audit record has this number.")
	} else if err != nil {
		return nil, err
	}
	if e.Record.ActorID == 0 {
		return nil, Invalid("audit_record_id", "case.subject_not_access", "This record is of the system, not of an officer's access.")
	}
	district, err := s.districtOf(tx, e.Record.ActorID)
	if err != nil {
		return nil, err
	}
	return &MisuseCase{Subject: SubjectAccess, AccessRecordID: e.ID, RequestID: e.Record.RequestID,
		OfficerID: e.Record.ActorID, DistrictID: district}, nil
}

// auditRecord returns one stored audit record, or KindNotFound.
func auditRecord(tx Tx, id int64) (*AuditEntry, error) {
	if id <= 0 {
		return nil, NotFound("audit_record")
	}
	es, err := tx.AuditRecords(AuditFilter{AfterID: id - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(es) == 0 || es[0].ID != id {
		return nil, NotFound("audit_record")
	}
	return es[0], nil
}

// districtOf returns the district a user belongs to (their jurisdiction or
// the district above their station), or 0 for a user of no district.
func (s *Service) districtOf(tx Tx, userID int64) (int64, error) {
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
		if anc.Kind == KindDistrict {
			return anc.ID, nil
		}
	}
	return 0, nil
}

// noteCase puts a case's non-identifying facts in its audit record.
func noteCase(rec *auditrec.Record, c *MisuseCase) {
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
func (s *Service) Cases(ctx context.Context, a *Actor, f CaseFilter, p Page) (Paged[*MisuseCase], error) {
	var out Paged[*MisuseCase]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.do(ctx, a, "case.list", func(tx Tx, rec *auditrec.Record) error {
		if err := requireCaseWorker(a); err != nil {
			return err
		}
		switch f.State {
		case "", CaseOpen, CaseReferred, CaseClosed:
		default:
			return Invalid("state", "case.state_unknown", "A case is open, referred or closed.")
		}
		f.BeforeID, f.Limit = p.AfterID(), p.Fetch()
		cs, err := tx.MisuseCases(f)
		if err != nil {
			return err
		}
		out = Cut(cs, p, func(c *MisuseCase) []int64 { return ByID(c.ID) })
		for _, c := range out.Items {
			c.Ref, c.Evidence = CaseRef(c.ID, c.OpenedAt), []Evidence{}
		}
		detail(rec, "results", len(out.Items))
		return nil
	})
	return out, err
}

// loadCase reads a case for an auditor at work on it, checking the version
// the client saw, and that the case is open, when it is to change (version >= 0).
func loadCase(tx Tx, a *Actor, id int64, version int) (*MisuseCase, error) {
	if err := requireCaseWorker(a); err != nil {
		return nil, err
	}
	c, err := tx.MisuseCase(id)
	if err != nil {
		return nil, err
	}
	c.Ref = CaseRef(c.ID, c.OpenedAt)
	if version < 0 {
		return c, nil
	}
	switch {
	case version == 0:
		return nil, &Error{Kind: KindPreconditionRequired, Code: "version.required",
			Message: "Say which version of the case you acted on (If-Match header or version field).",
			Fields:  []FieldError{{Field: "version", Code: "version.required", Message: "Version required."}}}
	case version != c.Version:
		return nil, &Error{Kind: KindConflict, Code: "version.stale",
			Message: "This case changed since you loaded it; reload it and try again.",
			Fields:  []FieldError{{Field: "version", Code: "version.stale", Message: fmt.Sprintf("The case is at version %d.", c.Version)}}}
	case c.State != CaseOpen:
		return nil, Errorf(KindConflict, "case.not_open", "This case is %s; its outcome is recorded and it no longer changes.", c.State)
	}
	return c, nil
}
