package sqlstore

import (
	"fmt"
	"strconv"

	"nsor"
)

const suspectCols = "id, request_id, accused_id, outcome, record_id, basis, biometric_ref, needed, note, comparison_id"

// suspectJoinCols are suspectCols of the s in a LEFT JOIN, NULL read as zero.
const suspectJoinCols = "COALESCE(s.id, 0), COALESCE(s.request_id, 0), COALESCE(s.accused_id, 0), " +
	"COALESCE(s.outcome, ''), COALESCE(s.record_id, 0), COALESCE(s.basis, ''), COALESCE(s.biometric_ref, ''), " +
	"s.needed, COALESCE(s.note, ''), COALESCE(s.comparison_id, 0)"

// suspectDests are where a row of suspectCols is scanned to.
func suspectDests(s *nsor.Suspect, requestID *int64) []any {
	return []any{&s.ID, requestID, &s.AccusedID, &s.Outcome, &s.RecordID, &s.Basis, &s.BiometricRef,
		asJSON(&s.Needed), &s.Note, &s.ComparisonID}
}

// suspectRow is what syncSuspects needs to know of a stored suspect.
type suspectRow struct {
	accusedID int64
	open      bool
	// values is every stored column as written, so that an unchanged row
	// is not rewritten: a rewrite dirties its page, and every dirty page is
	// written and fsynced at commit.
	values string
}

// suspectValues is the comparable form of a suspect row as updateSuspect
// would write it.
func suspectValues(pos int, s *nsor.Suspect, open bool) string {
	return fmt.Sprint(pos, "|", s.AccusedID, "|", s.Outcome, "|", s.RecordID, "|", s.Basis, "|", s.BiometricRef, "|",
		s.Needed, "|", s.Note, "|", open, "|", s.ComparisonID)
}

func accusedOf(ss []nsor.Suspect) []int64 {
	ids := make([]int64, len(ss))
	for i, s := range ss {
		ids[i] = s.AccusedID
	}
	return ids
}

// duplicate is the rule-4 conflict; ref names the open request, when known.
func duplicate(requestID int64, cause error) error {
	e := &nsor.Error{Kind: nsor.KindConflict, Code: "request.duplicate",
		Message: "A suspect of this request is already named in an open request for this FIR.", Err: cause}
	if requestID != 0 {
		e.Ref = "request/" + strconv.FormatInt(requestID, 10)
	}
	return e
}

// checkOpen finds an open request other than requestID that names any of the
// accused. It runs before the write so that the conflict can name the
// request on every database (PostgreSQL cannot query after a failed
// statement); the unique index stays the guarantee.
func (t *tx) checkOpen(requestID int64, accused []int64) error {
	if len(accused) == 0 {
		return nil
	}
	var w where
	w.add("is_open")
	w.add("request_id <> ?", requestID)
	w.in("accused_id", accused)
	var other int64
	err := t.each("request", func(s scanner) error { return s.Scan(&other) },
		"SELECT request_id FROM request_suspects"+w.sql()+" ORDER BY request_id LIMIT 1", w.args...)
	if err != nil {
		return err
	}
	if other != 0 {
		return duplicate(other, nil)
	}
	return nil
}

// suspectDuplicate maps a broken one-open-request index to request.duplicate.
func (t *tx) suspectDuplicate(err error, r *nsor.Request, s *nsor.Suspect) error {
	if !t.unique(err) {
		return err
	}
	var other int64
	_ = t.each("request", func(sc scanner) error { return sc.Scan(&other) },
		"SELECT request_id FROM request_suspects WHERE is_open AND accused_id = ? AND request_id <> ? LIMIT 1",
		s.AccusedID, r.ID)
	return duplicate(other, err)
}

func (t *tx) insertSuspect(r *nsor.Request, pos int) error {
	s := &r.Suspects[pos]
	newID, err := t.insertUnique("INSERT INTO request_suspects (request_id, pos, accused_id, outcome, record_id, basis, "+
		"biometric_ref, needed, note, is_open, comparison_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, pos, s.AccusedID, s.Outcome, s.RecordID, s.Basis, s.BiometricRef, asJSON(&s.Needed), s.Note, r.State.Open(), s.ComparisonID)
	if err != nil {
		return t.suspectDuplicate(err, r, s)
	}
	s.ID = newID
	return nil
}

func (t *tx) updateSuspect(r *nsor.Request, pos int) error {
	s := &r.Suspects[pos]
	_, err := t.execMayConflict("UPDATE request_suspects SET pos = ?, accused_id = ?, outcome = ?, record_id = ?, basis = ?, "+
		"biometric_ref = ?, needed = ?, note = ?, is_open = ?, comparison_id = ? WHERE id = ? AND request_id = ?",
		pos, s.AccusedID, s.Outcome, s.RecordID, s.Basis, s.BiometricRef, asJSON(&s.Needed), s.Note, r.State.Open(),
		s.ComparisonID, s.ID, r.ID)
	return t.suspectDuplicate(err, r, s)
}

// syncSuspects makes the stored suspects of r what r lists, and their open
// flag what r's state says. The stored rows are prev's: UpdateRequest has
// just checked that the request is still at prev's version, and its
// suspects change only with it.
func (t *tx) syncSuspects(r, prev *nsor.Request) error {
	stored := suspectRows(prev)
	listed := make(map[int64]bool, len(r.Suspects))
	var claims []int64 // accused this request newly holds open
	moved := false     // an existing row names another accused now
	for _, s := range r.Suspects {
		old, ok := stored[s.ID]
		if s.ID != 0 && !ok {
			return nsor.Internalf(fmt.Errorf("suspect %d is not of request %d", s.ID, r.ID), "sqlstore: update request")
		}
		listed[s.ID] = true
		moved = moved || (ok && old.accusedID != s.AccusedID)
		if r.State.Open() && (!ok || !old.open || old.accusedID != s.AccusedID) {
			claims = append(claims, s.AccusedID)
		}
	}
	if err := t.checkOpen(r.ID, claims); err != nil {
		return err
	}
	if err := t.dropSuspects(r.ID, stored, listed, moved); err != nil {
		return err
	}
	for i := range r.Suspects {
		write := t.updateSuspect
		if r.Suspects[i].ID == 0 {
			write = t.insertSuspect
		} else if old := stored[r.Suspects[i].ID]; !moved && old.values == suspectValues(i, &r.Suspects[i], r.State.Open()) {
			continue
		}
		if err := write(r, i); err != nil {
			return err
		}
	}
	return nil
}

// dropSuspects deletes the rows no longer listed. When suspects swapped
// accused, it first clears the request's own open flags, so that the rows
// do not collide with each other in the one-open index on the way.
func (t *tx) dropSuspects(requestID int64, stored map[int64]suspectRow, listed map[int64]bool, moved bool) error {
	for id := range stored {
		if !listed[id] {
			if _, err := t.exec("DELETE FROM request_suspects WHERE id = ?", id); err != nil {
				return err
			}
		}
	}
	if moved {
		_, err := t.exec("UPDATE request_suspects SET is_open = FALSE WHERE request_id = ?", requestID)
		return err
	}
	return nil
}

// suspectRows is what the store holds of prev's suspects.
func suspectRows(prev *nsor.Request) map[int64]suspectRow {
	rows := make(map[int64]suspectRow, len(prev.Suspects))
	open := prev.State.Open()
	for pos := range prev.Suspects {
		sp := &prev.Suspects[pos]
		rows[sp.ID] = suspectRow{accusedID: sp.AccusedID, open: open, values: suspectValues(pos, sp, open)}
	}
	return rows
}

// loadSuspects fills in the suspects of the requests, in their order, a
// chunk of requests per query (never one query per request).
func (t *tx) loadSuspects(reqs []*nsor.Request) error {
	byID := make(map[int64]*nsor.Request, len(reqs))
	ids := make([]int64, 0, len(reqs))
	for _, r := range reqs {
		byID[r.ID] = r
		ids = append(ids, r.ID)
		r.Suspects = []nsor.Suspect{}
	}
	return inChunks(ids, func(chunk []int64) error {
		var w where
		w.in("request_id", chunk)
		return t.each("suspect", func(sc scanner) error {
			var s nsor.Suspect
			var requestID int64
			if err := sc.Scan(suspectDests(&s, &requestID)...); err != nil {
				return err
			}
			r := byID[requestID]
			r.Suspects = append(r.Suspects, s)
			return nil
		}, "SELECT "+suspectCols+" FROM request_suspects"+w.sql()+" ORDER BY request_id, pos, id", w.args...)
	})
}
