package sqlstore

import (
	"nsor"
)

const caseCols = "id, subject, disclosure, release_id, request_id, access_record_id, officer_id, district_id, " +
	"reason, state, outcome_reason, opened_by, opened_at, decided_by, decided_at, version"

func scanCase(c *nsor.MisuseCase) func(scanner) error {
	return func(s scanner) error {
		return s.Scan(&c.ID, &c.Subject, &c.Disclosure, &c.ReleaseID, &c.RequestID, &c.AccessRecordID, &c.OfficerID,
			&c.DistrictID, &c.Reason, &c.State, &c.OutcomeReason, &c.OpenedBy, instant{&c.OpenedAt}, &c.DecidedBy,
			instant{&c.DecidedAt}, &c.Version)
	}
}

// CreateMisuseCase stores c without its evidence and sets c.ID.
func (t *tx) CreateMisuseCase(c *nsor.MisuseCase) error {
	newID, err := t.insert("INSERT INTO misuse_cases (subject, disclosure, release_id, request_id, access_record_id, "+
		"officer_id, district_id, reason, state, outcome_reason, opened_by, opened_at, decided_by, decided_at, version) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		c.Subject, c.Disclosure, c.ReleaseID, c.RequestID, c.AccessRecordID, c.OfficerID, c.DistrictID,
		c.Reason, c.State, c.OutcomeReason, c.OpenedBy, ms(c.OpenedAt), c.DecidedBy, ms(c.DecidedAt), c.Version)
	if err != nil {
		return err
	}
	c.ID = newID
	return nil
}

// UpdateMisuseCase stores what a case's work changes (state, outcome,
// version) if the stored version is prevVersion. What a case was opened on
// never changes and is not written again.
func (t *tx) UpdateMisuseCase(c *nsor.MisuseCase, prevVersion int) error {
	n, err := t.exec("UPDATE misuse_cases SET state = ?, outcome_reason = ?, decided_by = ?, decided_at = ?, version = ? "+
		"WHERE id = ? AND version = ?", c.State, c.OutcomeReason, c.DecidedBy, ms(c.DecidedAt), c.Version, c.ID, prevVersion)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.staleOrMissing("case", "SELECT 1 FROM misuse_cases WHERE id = ?", c.ID)
	}
	return nil
}

// MisuseCase returns the case with its evidence, oldest first.
func (t *tx) MisuseCase(id int64) (*nsor.MisuseCase, error) {
	c := &nsor.MisuseCase{}
	if err := t.one("case", scanCase(c), "SELECT "+caseCols+" FROM misuse_cases WHERE id = ?", id); err != nil {
		return nil, err
	}
	c.Evidence = []nsor.Evidence{}
	err := t.each("evidence", func(s scanner) error {
		e := nsor.Evidence{}
		if err := s.Scan(&e.CaseID, &e.AuditRecordID, &e.Reason, &e.AddedBy, instant{&e.AddedAt}); err != nil {
			return err
		}
		c.Evidence = append(c.Evidence, e)
		return nil
	}, "SELECT case_id, audit_record_id, reason, added_by, added_at FROM misuse_evidence WHERE case_id = ? "+
		"ORDER BY added_at, audit_record_id", id)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// MisuseCases lists the cases f selects, newest first, without evidence.
func (t *tx) MisuseCases(f nsor.CaseFilter) ([]*nsor.MisuseCase, error) {
	var w where
	if f.State != "" {
		w.add("state = ?", f.State)
	}
	if f.OfficerID != 0 {
		w.add("officer_id = ?", f.OfficerID)
	}
	if f.BeforeID != 0 {
		w.add("id < ?", f.BeforeID)
	}
	q := "SELECT " + caseCols + " FROM misuse_cases" + w.sql() + " ORDER BY id DESC"
	q += w.limit(f.Limit)
	out, err := list(t, "case", scanCase, q, w.args...)
	return out, err
}

// AddEvidence attaches an audit record to a case, once.
func (t *tx) AddEvidence(e *nsor.Evidence) error {
	_, err := t.exec("INSERT INTO misuse_evidence (case_id, audit_record_id, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
		e.CaseID, e.AuditRecordID, e.Reason, e.AddedBy, ms(e.AddedAt))
	return t.conflict(err, "case.evidence_duplicate", "This audit record is already evidence in this case.")
}
