package sqlstore

import (
	"nsor"
)

// AddSubmission stores the Annexure A as submitted. s.N is the submission's
// number; 0 takes the next one and sets it.
func (t *tx) AddSubmission(s *nsor.Submission) error {
	if s.N == 0 {
		n, err := t.next("SELECT COALESCE(MAX(n), 0) + 1 FROM submissions WHERE request_id = ?", s.RequestID)
		if err != nil {
			return err
		}
		s.N = n
	}
	err := t.execUnique("INSERT INTO submissions (request_id, n, at, annexure, sha256, checklist, checked_by) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?)",
		s.RequestID, s.N, ms(s.At), s.Annexure, s.SHA256, asJSON(&s.Checklist), s.CheckedBy)
	return t.conflict(err, "submission.duplicate", "This submission has been recorded already.")
}

// SetChecklist records the prosecutor's checklist on submission n.
func (t *tx) SetChecklist(requestID int64, n int, c *nsor.Checklist, by int64) error {
	changed, err := t.exec("UPDATE submissions SET checklist = ?, checked_by = ? WHERE request_id = ? AND n = ?",
		asJSON(&c), by, requestID, n)
	if err != nil {
		return err
	}
	if changed == 0 {
		return nsor.NotFound("submission")
	}
	return nil
}

// Submissions lists the request's submissions, first first.
func (t *tx) Submissions(requestID int64) ([]*nsor.Submission, error) {
	return t.SubmissionsAfter(requestID, 0, 0)
}

// SubmissionsAfter lists the request's submissions numbered above after,
// first first, at most limit of them (0: all).
func (t *tx) SubmissionsAfter(requestID, after int64, limit int) ([]*nsor.Submission, error) {
	w := where{args: []any{requestID, after}}
	q := "SELECT request_id, n, at, annexure, sha256, checklist, checked_by FROM submissions WHERE request_id = ? AND n > ? ORDER BY n" +
		w.limit(limit)
	var out []*nsor.Submission
	err := t.each("submission", func(sc scanner) error {
		s := &nsor.Submission{}
		out = append(out, s)
		return sc.Scan(&s.RequestID, &s.N, instant{&s.At}, &s.Annexure, &s.SHA256, asJSON(&s.Checklist), &s.CheckedBy)
	}, q, w.args...)
	return out, err
}

// next reads the next number of a per-request sequence (submissions,
// events). Both run in the request's own write transaction, so the
// primary key catches the rare race on PostgreSQL.
func (t *tx) next(q string, requestID int64) (int, error) {
	var n int
	err := t.one("sequence", func(s scanner) error { return s.Scan(&n) }, q, requestID)
	return n, err
}
