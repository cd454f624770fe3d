package sqlstore

import (
	"nsor"
)

const comparisonCols = "id, request_id, suspect_id, record_id, kind, record_ref, detail, conclusion, note, examiner_id, at, " +
	"confirmation_sample, confirmed_by, confirmed_at"

// comparisonDetail is the fingers or loci of a comparison, kept as JSON:
// nobody queries by them.
type comparisonDetail struct {
	Fingers []int    `json:"fingers,omitempty"`
	Loci    []string `json:"loci,omitempty"`
}

// AddComparison stores an examiner's comparison and sets c.ID.
func (t *tx) AddComparison(c *nsor.Comparison) error {
	d := comparisonDetail{Fingers: c.Fingers, Loci: c.Loci}
	id, err := t.insert("INSERT INTO biometric_comparisons (request_id, suspect_id, record_id, kind, record_ref, detail, "+
		"conclusion, note, examiner_id, at, confirmation_sample, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		c.RequestID, c.SuspectID, c.RecordID, c.Kind, c.RecordRef, asJSON(&d), c.Conclusion, c.Note, c.ExaminerID, ms(c.At),
		c.ConfirmationSample, c.ConfirmedBy, ms(c.ConfirmedAt))
	if err != nil {
		return err
	}
	c.ID = id
	return nil
}

// Comparison returns a comparison; an unknown ID is KindNotFound
// "comparison".
func (t *tx) Comparison(id int64) (*nsor.Comparison, error) {
	c := &nsor.Comparison{}
	var d comparisonDetail
	err := t.one("comparison", func(s scanner) error {
		return s.Scan(&c.ID, &c.RequestID, &c.SuspectID, &c.RecordID, &c.Kind, &c.RecordRef, asJSON(&d), &c.Conclusion,
			&c.Note, &c.ExaminerID, instant{&c.At}, &c.ConfirmationSample, &c.ConfirmedBy, instant{&c.ConfirmedAt})
	}, "SELECT "+comparisonCols+" FROM biometric_comparisons WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	c.Fingers, c.Loci = d.Fingers, d.Loci
	return c, nil
}

// Comparisons lists a request's comparisons in the order recorded.
func (t *tx) Comparisons(requestID int64) ([]*nsor.Comparison, error) {
	var out []*nsor.Comparison
	err := t.each("comparison", func(s scanner) error {
		c := &nsor.Comparison{}
		var d comparisonDetail
		if err := s.Scan(&c.ID, &c.RequestID, &c.SuspectID, &c.RecordID, &c.Kind, &c.RecordRef, asJSON(&d), &c.Conclusion,
			&c.Note, &c.ExaminerID, instant{&c.At}, &c.ConfirmationSample, &c.ConfirmedBy, instant{&c.ConfirmedAt}); err != nil {
			return err
		}
		c.Fingers, c.Loci = d.Fingers, d.Loci
		out = append(out, c)
		return nil
	}, "SELECT "+comparisonCols+" FROM biometric_comparisons WHERE request_id = ? ORDER BY id", requestID)
	return out, err
}

// ConfirmComparison records a comparison's confirmation sample, once: a
// comparison confirmed already is KindConflict "comparison.confirmed".
func (t *tx) ConfirmComparison(c *nsor.Comparison) error {
	n, err := t.exec("UPDATE biometric_comparisons SET confirmation_sample = ?, confirmed_by = ?, confirmed_at = ? "+
		"WHERE id = ? AND confirmation_sample = ''", c.ConfirmationSample, c.ConfirmedBy, ms(c.ConfirmedAt), c.ID)
	if err != nil {
		return err
	}
	if n != 1 {
		return nsor.Errorf(nsor.KindConflict, "comparison.confirmed", "This comparison's confirmation sample has been recorded already.")
	}
	return nil
}
