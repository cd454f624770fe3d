package sqlstore

import (
	"database/sql"
	"errors"
	"slices"
	"strings"

	"nsor"
)

// AddSearchHits records that a search through the request showed these
// records for the suspect. Showing a record again is a no-op.
// It is sent with the act's audit record (execLater): nothing in the
// search reads it back.
func (t *tx) AddSearchHits(requestID, suspectID int64, recordIDs []int64) error {
	ids := slices.Compact(slices.Sorted(slices.Values(recordIDs)))
	if len(ids) == 0 {
		return nil
	}
	var args []any
	for _, id := range ids {
		args = append(args, requestID, suspectID, id)
	}
	rows := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(ids)), ", ")
	return t.execLater("INSERT INTO search_hits (request_id, suspect_id, record_id) VALUES "+rows+" ON CONFLICT DO NOTHING", args...)
}

// SearchHits lists what the request's searches showed, by suspect and record.
func (t *tx) SearchHits(requestID int64) ([]nsor.SearchHit, error) {
	var out []nsor.SearchHit
	err := t.each("search hit", func(s scanner) error {
		var h nsor.SearchHit
		if err := s.Scan(&h.SuspectID, &h.RecordID); err != nil {
			return err
		}
		out = append(out, h)
		return nil
	}, "SELECT suspect_id, record_id FROM search_hits WHERE request_id = ? ORDER BY suspect_id, record_id", requestID)
	return out, err
}

// AddSearchTerms stores an identifier added to a search, numbering it
// within its request in the same statement (as AddEvent does: one round
// trip, and the primary key catches the rare race on PostgreSQL).
func (t *tx) AddSearchTerms(x *nsor.AddedIdentifier) error {
	if err := t.usable(true); err != nil {
		return err
	}
	var n int
	err := t.queryRow("INSERT INTO search_terms (request_id, n, suspect_id, name, cnic, reason, added_by, at) "+
		"SELECT ?, COALESCE(MAX(n), 0) + 1, ?, ?, ?, ?, ?, ? FROM search_terms WHERE request_id = ? "+
		"ON CONFLICT DO NOTHING RETURNING n",
		x.RequestID, x.SuspectID, x.Name, x.CNIC, x.Reason, x.By, ms(x.At), x.RequestID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		err = errUniqueSkipped
	}
	if err != nil {
		return t.conflict(err, "search.duplicate", "This search has been recorded already; search again.")
	}
	x.N = n
	return nil
}

// AddedIdentifiers lists the identifiers added to the request's searches,
// first first.
func (t *tx) AddedIdentifiers(requestID int64) ([]*nsor.AddedIdentifier, error) {
	var out []*nsor.AddedIdentifier
	err := t.each("added identifier", func(s scanner) error {
		x := &nsor.AddedIdentifier{}
		out = append(out, x)
		return s.Scan(&x.RequestID, &x.N, &x.SuspectID, &x.Name, &x.CNIC, &x.Reason, &x.By, instant{&x.At})
	}, "SELECT request_id, n, suspect_id, name, cnic, reason, added_by, at FROM search_terms WHERE request_id = ? ORDER BY n",
		requestID)
	return out, err
}
