package sqlstore

import (
	"nsor/match"
	"strings"

	"nsor"
)

const offenderCols = "o.id, o.status, o.current_version, o.record_json, o.owner_id, o.removal_reason, " +
	"o.created_at, o.updated_at"

func scanOffender(o *nsor.Offender) func(scanner) error {
	return func(s scanner) error {
		return s.Scan(&o.ID, &o.Status, &o.CurrentVersion, asJSON(&o.Record), &o.OwnerID, &o.RemovalReason,
			instant{&o.CreatedAt}, instant{&o.UpdatedAt})
	}
}

// CreateOffender stores o and its first version v, setting o.ID, v.OffenderID
// and, when it is 0, v.N to 1.
func (t *tx) CreateOffender(o *nsor.Offender, v *nsor.OffenderVersion) error {
	seq, err := t.nextRegisterSeq()
	if err != nil {
		return err
	}
	newID, err := t.insert("INSERT INTO offenders (status, current_version, record_json, cnic, owner_id, "+
		"removal_reason, created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		o.Status, o.CurrentVersion, asJSON(&o.Record), o.Record.CNIC, o.OwnerID, o.RemovalReason,
		ms(o.CreatedAt), ms(o.UpdatedAt), seq)
	if err != nil {
		return err
	}
	o.ID = newID
	if err := t.indexNames(o); err != nil {
		return err
	}
	v.OffenderID = newID
	if v.N == 0 {
		v.N = 1
	}
	return t.insertVersion(v)
}

// UpdateOffender stores o's status, content and owner, and re-indexes its
// names.
func (t *tx) UpdateOffender(o *nsor.Offender) error {
	seq, err := t.nextRegisterSeq()
	if err != nil {
		return err
	}
	n, err := t.exec("UPDATE offenders SET status = ?, current_version = ?, record_json = ?, cnic = ?, owner_id = ?, "+
		"removal_reason = ?, updated_at = ?, change_seq = ? WHERE id = ?",
		o.Status, o.CurrentVersion, asJSON(&o.Record), o.Record.CNIC, o.OwnerID, o.RemovalReason, ms(o.UpdatedAt), seq, o.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.NotFound("record")
	}
	if _, err := t.exec("DELETE FROM offender_names WHERE offender_id = ?", o.ID); err != nil {
		return err
	}
	return t.indexNames(o)
}

// indexNames stores the name key of the record's name and of each alias.
func (t *tx) indexNames(o *nsor.Offender) error {
	seen := map[string]bool{}
	for _, name := range append([]string{o.Record.Name}, o.Record.Aliases...) {
		key := match.NameKey(name)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if _, err := t.exec("INSERT INTO offender_names (name_key, offender_id) VALUES (?, ?)", key, o.ID); err != nil {
			return err
		}
	}
	return nil
}

// Offender returns the register record with the ID.
func (t *tx) Offender(id int64) (*nsor.Offender, error) {
	o := &nsor.Offender{}
	if err := t.one("record", scanOffender(o), "SELECT "+offenderCols+" FROM offenders o WHERE o.id = ?", id); err != nil {
		return nil, err
	}
	return o, nil
}

// SearchOffenders finds records by exact CNIC or by name key (of the name or
// any alias), either matching; active records only unless q.AnyStatus. A
// query with neither finds nothing: an empty CNIC must not match every
// record without one.
func (t *tx) SearchOffenders(q nsor.OffenderQuery) ([]*nsor.Offender, error) {
	// The matching IDs are gathered, filtered, ordered and cut first (a
	// UNION of two index lookups), and only they are joined to the records.
	// With an OR in the WHERE clause, or the ORDER BY and LIMIT on the join,
	// PostgreSQL's generic plan walked the records in ID order up to the
	// match: a time that grew with the register (docs/import.md).
	var args []any
	extra := func(prefix string) string {
		sql := ""
		if !q.AnyStatus {
			sql += " AND " + prefix + "status = ?"
			args = append(args, nsor.RecordActive)
		}
		if q.AfterID != 0 {
			sql += " AND " + prefix + "id > ?"
			args = append(args, q.AfterID)
		}
		return sql
	}
	var either []string
	if q.CNIC != "" {
		args = append(args, q.CNIC)
		either = append(either, "SELECT id FROM offenders WHERE cnic = ?"+extra(""))
	}
	if q.NameKey != "" {
		args = append(args, q.NameKey)
		either = append(either, "SELECT n.offender_id AS id FROM offender_names n JOIN offenders x ON x.id = n.offender_id "+
			"WHERE n.name_key = ?"+extra("x."))
	}
	if len(either) == 0 {
		return nil, nil
	}
	w := where{args: args}
	ids := "SELECT id FROM (" + strings.Join(either, " UNION ") + ") u ORDER BY id" + w.limit(q.Limit)
	query := "SELECT " + offenderCols + " FROM offenders o JOIN (" + ids + ") m ON m.id = o.id ORDER BY o.id"
	return list(t, "record", scanOffender, query, w.args...)
}

// nextRegisterSeq raises the register's change sequence and returns it
// (migrations/0017_register_changes.sql). The row stays locked until the
// transaction ends, so writers of the register take their numbers, and
// commit, in order.
func (t *tx) nextRegisterSeq() (int64, error) {
	var seq int64
	err := t.one("change sequence", func(s scanner) error { return s.Scan(&seq) },
		"UPDATE change_seqs SET seq = seq + 1 WHERE name = 'register' RETURNING seq")
	return seq, err
}

// RegisterChanges lists the records written after the change sequence
// value after, in its order, at most limit.
func (t *tx) RegisterChanges(after int64, limit int) ([]nsor.RegisterChange, error) {
	var out []nsor.RegisterChange
	err := t.each("record", func(s scanner) error {
		o := &nsor.Offender{}
		var seq int64
		if err := s.Scan(&seq, &o.ID, &o.Status, &o.CurrentVersion, asJSON(&o.Record), &o.OwnerID, &o.RemovalReason,
			instant{&o.CreatedAt}, instant{&o.UpdatedAt}); err != nil {
			return err
		}
		out = append(out, nsor.RegisterChange{Seq: seq, Offender: o})
		return nil
	}, "SELECT o.change_seq, "+offenderCols+" FROM offenders o WHERE o.change_seq > ? ORDER BY o.change_seq LIMIT ?", after, limit)
	return out, err
}

// ActiveOffenders lists active records by ID, after an ID, at most limit.
func (t *tx) ActiveOffenders(afterID int64, limit int) ([]*nsor.Offender, error) {
	return list(t, "record", scanOffender, "SELECT "+offenderCols+" FROM offenders o WHERE o.status = ? AND o.id > ? ORDER BY o.id LIMIT ?",
		nsor.RecordActive, afterID, limit)
}
