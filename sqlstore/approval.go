package sqlstore

import (
	"nsor"
)

const approvalCols = "id, kind, target_id, change, state, proposed_by, proposed_at, expires_at, decided_by, decided_at"

func scanApproval(p *nsor.Approval) func(scanner) error {
	return func(s scanner) error {
		var change string
		err := s.Scan(&p.ID, &p.Kind, &p.TargetID, &change, &p.State, &p.ProposedBy, instant{&p.ProposedAt},
			instant{&p.ExpiresAt}, &p.DecidedBy, instant{&p.DecidedAt})
		p.Change = []byte(change)
		return err
	}
}

// CreateApproval stores p and sets p.ID.
func (t *tx) CreateApproval(p *nsor.Approval) error {
	change := string(p.Change)
	if change == "" {
		change = "null"
	}
	newID, err := t.insert("INSERT INTO approvals (kind, target_id, change, state, proposed_by, proposed_at, expires_at, "+
		"decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		p.Kind, p.TargetID, change, p.State, p.ProposedBy, ms(p.ProposedAt), ms(p.ExpiresAt), p.DecidedBy, ms(p.DecidedAt))
	if err != nil {
		return err
	}
	p.ID = newID
	return nil
}

// Approval returns the approval with the ID.
func (t *tx) Approval(id int64) (*nsor.Approval, error) {
	p := &nsor.Approval{}
	if err := t.one("approval", scanApproval(p), "SELECT "+approvalCols+" FROM approvals WHERE id = ?", id); err != nil {
		return nil, err
	}
	return p, nil
}

// Approvals lists the approvals f selects, newest first.
func (t *tx) Approvals(f nsor.ApprovalFilter) ([]*nsor.Approval, error) {
	var w where
	if f.State != "" {
		w.add("state = ?", f.State)
	}
	switch {
	case f.At.IsZero():
	case f.Lapsed:
		w.add("expires_at <= ?", ms(f.At))
	default:
		w.add("expires_at > ?", ms(f.At))
	}
	if f.BeforeID != 0 {
		w.add("id < ?", f.BeforeID)
	}
	q := "SELECT " + approvalCols + " FROM approvals" + w.sql() + " ORDER BY id DESC"
	q += w.limit(f.Limit)
	return list(t, "approval", scanApproval, q, w.args...)
}

// DecideApproval stores the decision if the approval is still pending: the
// condition in the UPDATE, not a read before it, is what keeps two
// administrators deciding at once from both succeeding.
func (t *tx) DecideApproval(p *nsor.Approval) error {
	n, err := t.exec("UPDATE approvals SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = ?",
		p.State, p.DecidedBy, ms(p.DecidedAt), p.ID, nsor.ApprovalPending)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := t.Approval(p.ID); err != nil {
			return err
		}
		return nsor.Errorf(nsor.KindConflict, "approval.decided", "This proposal was decided already.")
	}
	return nil
}
