package sqlstore

import (
	"nsor"
)

const versionCols = "offender_id, n, kind, record_json, reason, made_by, made_at, decision, checked_by, checked_at, check_note"

func scanVersion(v *nsor.OffenderVersion) func(scanner) error {
	return func(s scanner) error {
		return s.Scan(&v.OffenderID, &v.N, &v.Kind, asJSON(&v.Record), &v.Reason, &v.MadeBy, instant{&v.MadeAt},
			&v.Decision, &v.CheckedBy, instant{&v.CheckedAt}, &v.CheckNote)
	}
}

func (t *tx) insertVersion(v *nsor.OffenderVersion) error {
	err := t.execUnique("INSERT INTO offender_versions ("+versionCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		v.OffenderID, v.N, v.Kind, asJSON(&v.Record), v.Reason, v.MadeBy, ms(v.MadeAt), v.Decision, v.CheckedBy,
		ms(v.CheckedAt), v.CheckNote)
	return t.conflict(err, "version.stale", "Another change to this record was made at the same time; reload it.")
}

// AddOffenderVersion stores a change to an existing record and sets v.N to
// the next version number.
func (t *tx) AddOffenderVersion(v *nsor.OffenderVersion) error {
	if _, err := t.Offender(v.OffenderID); err != nil {
		return err
	}
	err := t.one("record", func(s scanner) error { return s.Scan(&v.N) },
		"SELECT COALESCE(MAX(n), 0) + 1 FROM offender_versions WHERE offender_id = ?", v.OffenderID)
	if err != nil {
		return err
	}
	return t.insertVersion(v)
}

// UpdateOffenderVersion stores the checker's decision on a change (and its
// content, which a maker may amend while it is pending).
func (t *tx) UpdateOffenderVersion(v *nsor.OffenderVersion) error {
	n, err := t.exec("UPDATE offender_versions SET kind = ?, record_json = ?, reason = ?, decision = ?, checked_by = ?, "+
		"checked_at = ?, check_note = ? WHERE offender_id = ? AND n = ?",
		v.Kind, asJSON(&v.Record), v.Reason, v.Decision, v.CheckedBy, ms(v.CheckedAt), v.CheckNote, v.OffenderID, v.N)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.NotFound("version")
	}
	return nil
}

// OffenderVersion returns version n of the record.
func (t *tx) OffenderVersion(id int64, n int) (*nsor.OffenderVersion, error) {
	v := &nsor.OffenderVersion{}
	err := t.one("version", scanVersion(v),
		"SELECT "+versionCols+" FROM offender_versions WHERE offender_id = ? AND n = ?", id, n)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// OffenderVersions lists every version of the record, first first.
func (t *tx) OffenderVersions(id int64) ([]*nsor.OffenderVersion, error) {
	return t.versions("SELECT "+versionCols+" FROM offender_versions WHERE offender_id = ? ORDER BY n", id)
}

// PendingVersions lists changes awaiting a checker, oldest first. The
// decision is a literal so that the partial index serves the query.
func (t *tx) PendingVersions(after []int64, limit int) ([]*nsor.OffenderVersion, error) {
	var w where
	w.add("decision = 'pending'")
	if len(after) == 3 {
		// (made_at, offender_id, n) > after, spelt out: both databases
		// compare row values, but SQLite uses an index for this form.
		w.add("(made_at > ? OR (made_at = ? AND (offender_id > ? OR (offender_id = ? AND n > ?))))",
			after[0], after[0], after[1], after[1], after[2])
	}
	q := "SELECT " + versionCols + " FROM offender_versions" + w.sql() + " ORDER BY made_at, offender_id, n"
	q += w.limit(limit)
	return t.versions(q, w.args...)
}

func (t *tx) versions(q string, args ...any) ([]*nsor.OffenderVersion, error) {
	out, err := list(t, "version", scanVersion, q, args...)
	return out, err
}
