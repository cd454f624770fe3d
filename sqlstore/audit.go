package sqlstore

import (
	"bytes"
	"fmt"

	"nsor"
	"nsor/auditrec"
)

// AppendAudit stores the canonical encoding of r, byte for byte what the
// Merkle log hashes, with the columns that index it, and the identifier tags
// the MAC filter finds it by. IDs grow with every record.
func (t *tx) AppendAudit(r *auditrec.Record) (int64, error) {
	newID, err := t.insert(auditInsertSQL, auditArgs(r)...)
	if err != nil {
		return 0, err
	}
	return newID, nil
}

const auditInsertSQL = "INSERT INTO audit_records (data, actor_id, request_id, action, object, at_ms) VALUES (?, ?, ?, ?, ?, ?)"

// auditArgs are the values of auditInsertSQL: the record's canonical
// encoding and the columns it is found by.
func auditArgs(r *auditrec.Record) []any {
	return []any{auditrec.Encode(r), r.ActorID, r.RequestID, r.Action, r.Object, r.At.UTC().UnixMilli()}
}

// RecordAudit stores r as AppendAudit does, without its ID: on PostgreSQL
// the INSERT goes to the server with the COMMIT, in one round trip.
func (t *tx) RecordAudit(r *auditrec.Record) error {
	return t.execLater(auditInsertSQL, auditArgs(r)...)
}

// AuditRecords lists the records f selects, oldest first, each with its
// stored bytes and their decoding. A record that does not decode fails the
// call, naming it: the log has been tampered with or corrupted.
func (t *tx) AuditRecords(f nsor.AuditFilter) ([]*nsor.AuditEntry, error) {
	w := auditWhere(f)
	q := "SELECT id, data FROM audit_records" + w.sql() + " ORDER BY id"
	if len(f.MAC) == 0 && len(f.MACs) == 0 {
		q += w.limit(f.Limit)
	}
	var out []*nsor.AuditEntry
	err := t.each("audit record", func(s scanner) error {
		e := &nsor.AuditEntry{}
		if err := s.Scan(&e.ID, &e.Data); err != nil {
			return err
		}
		rec, err := auditrec.Decode(e.Data)
		if err != nil {
			return fmt.Errorf("audit record %d: %w", e.ID, err)
		}
		e.Record = rec
		if holds(rec, f.MAC) && holdsAny(rec, f.MACs) && (f.Limit <= 0 || len(out) < f.Limit) {
			out = append(out, e)
		}
		return nil
	}, q, w.args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// holds reports whether the record carries the identifier tag mac (any tag
// when mac is empty).
func holds(rec *auditrec.Record, mac []byte) bool {
	if len(mac) == 0 {
		return true
	}
	for _, id := range rec.Identifiers {
		if bytes.Equal(id.MAC[:], mac) {
			return true
		}
	}
	return false
}

// holdsAny reports whether the record carries any of the tags (true when
// there are none to look for).
func holdsAny(rec *auditrec.Record, macs [][]byte) bool {
	if len(macs) == 0 {
		return true
	}
	for _, m := range macs {
		if len(m) > 0 && holds(rec, m) {
			return true
		}
	}
	return false
}

func auditWhere(f nsor.AuditFilter) *where {
	w := &where{}
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	if f.RequestID != 0 {
		w.add("request_id = ?", f.RequestID)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.Object != "" {
		w.add("object = ?", f.Object)
	}
	if f.AfterID != 0 {
		w.add("id > ?", f.AfterID)
	}
	return w
}
