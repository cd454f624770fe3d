package auditverify

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditrec"
)

type checkpointRow struct {
	size int64
	root []byte
	note []byte
	atMs int64
}

type restoreRow struct {
	id   int64
	note []byte
	atMs int64
}

// readNotes reads the stored checkpoints and restore notes; they are few.
func (r *run) readNotes(ctx context.Context) error {
	rows, err := r.tx.QueryContext(ctx, "SELECT tree_size, root_hash, note, at_ms FROM audit_checkpoints ORDER BY tree_size")
	if err != nil {
		return fmt.Errorf("read audit_checkpoints: %w", err)
	}
	for rows.Next() {
		var c checkpointRow
		if err := rows.Scan(&c.size, &c.root, &c.note, &c.atMs); err != nil {
			rows.Close()
			return fmt.Errorf("read audit_checkpoints: %w", err)
		}
		r.cps = append(r.cps, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit_checkpoints: %w", err)
	}
	rows, err = r.tx.QueryContext(ctx, "SELECT id, note, at_ms FROM audit_restores ORDER BY id")
	if err != nil {
		return fmt.Errorf("read audit_restores: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x restoreRow
		if err := rows.Scan(&x.id, &x.note, &x.atMs); err != nil {
			return fmt.Errorf("read audit_restores: %w", err)
		}
		r.restores = append(r.restores, x)
	}
	return rows.Err()
}

// readLeaves reads the leaf table in leaf order. Indexes must run 0, 1, 2,
// ... without a gap; a gap is reported, and the leaves after it are taken
// in their order, so that everything after it fails too.
func (r *run) readLeaves(ctx context.Context) error {
	rows, err := r.tx.QueryContext(ctx, "SELECT leaf_index, record_id FROM audit_leaves ORDER BY leaf_index")
	if err != nil {
		return fmt.Errorf("read audit_leaves: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx, rid int64
		if err := rows.Scan(&idx, &rid); err != nil {
			return fmt.Errorf("read audit_leaves: %w", err)
		}
		if next := int64(len(r.leafRecord)); idx != next {
			r.rep.add(Problem{Code: "leaf.gap", Leaf: ptr(next), Message: fmt.Sprintf(
				"leaf %d is missing: in its place comes leaf %d (leaves were deleted or renumbered)", next, idx)})
		}
		r.leafRecord = append(r.leafRecord, rid)
	}
	r.rep.TreeSize = int64(len(r.leafRecord))
	r.leafHash = make([]tlog.Hash, len(r.leafRecord))
	r.leafAt = make([]int64, len(r.leafRecord))
	return rows.Err()
}

type leafOf struct{ record, leaf int64 }

// leavesByRecord lists the leaves by record ID, reporting a record that is
// more than one leaf.
func (r *run) leavesByRecord() []leafOf {
	ls := make([]leafOf, len(r.leafRecord))
	for i, rid := range r.leafRecord {
		ls[i] = leafOf{rid, int64(i)}
		r.maxLeafRecord = max(r.maxLeafRecord, rid)
	}
	slices.SortFunc(ls, func(a, b leafOf) int {
		if a.record != b.record {
			return cmpInt(a.record, b.record)
		}
		return cmpInt(a.leaf, b.leaf)
	})
	for i := 1; i < len(ls); i++ {
		if ls[i].record == ls[i-1].record {
			r.rep.add(Problem{Code: "leaf.duplicate", Record: ptr(ls[i].record), Leaf: ptr(ls[i].leaf), Message: fmt.Sprintf(
				"record %d is leaf %d and again leaf %d: a record is one leaf", ls[i].record, ls[i-1].leaf, ls[i].leaf)})
		}
	}
	return ls
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// recordRow is one row of audit_records: the stored bytes and the columns
// that index them.
type recordRow struct {
	id, actor, request, atMs int64
	data, action, object     []byte
}

// readRecords reads every record in ID order, beside the leaves in record
// order: each record is checked, hashed as its leaf or kept as a non-leaf,
// and each leaf whose record is missing is reported.
func (r *run) readRecords(ctx context.Context) error {
	ls := r.leavesByRecord()
	newest := int64(0)
	if len(r.cps) > 0 {
		newest = r.cps[len(r.cps)-1].size
	}
	p := 0
	err := r.scanRecords(ctx, func(row *recordRow) {
		r.rep.Records++
		for ; p < len(ls) && ls[p].record < row.id; p++ {
			r.missingRecord(ls[p])
		}
		at := r.checkRecord(row)
		leaf := false
		for ; p < len(ls) && ls[p].record == row.id; p++ {
			r.leafHash[ls[p].leaf] = tlog.RecordHash(row.data)
			r.leafAt[ls[p].leaf] = at
			leaf = true
			if ls[p].leaf < newest {
				r.coveredAt = max(r.coveredAt, at)
			}
		}
		if !leaf {
			r.nonLeaves = append(r.nonLeaves, nonLeaf{row.id, at})
		}
	})
	if err != nil {
		return err
	}
	for ; p < len(ls); p++ {
		r.missingRecord(ls[p])
	}
	return nil
}

func (r *run) missingRecord(l leafOf) {
	r.rep.add(Problem{Code: "leaf.no_record", Leaf: ptr(l.leaf), Record: ptr(l.record), Message: fmt.Sprintf(
		"leaf %d is record %d, which is not in audit_records: the record was deleted", l.leaf, l.record)})
}

// checkRecord checks that a record decodes, re-encodes to its stored bytes
// exactly (auditrec.Decode refuses a record that does not: "not in
// canonical form"), and agrees with the columns that index it (which searches read,
// so a forged column would mislead an auditor without changing the hash).
// It returns the record's time in UTC milliseconds.
func (r *run) checkRecord(row *recordRow) int64 {
	rec, err := auditrec.Decode(row.data)
	if err != nil {
		r.rep.add(Problem{Code: "record.malformed", Record: ptr(row.id), Message: fmt.Sprintf(
			"record %d does not decode: %v", row.id, err)})
		return row.atMs
	}
	at := rec.At.UnixMilli()
	if rec.ActorID != row.actor || rec.RequestID != row.request || at != row.atMs ||
		string(row.action) != rec.Action || string(row.object) != rec.Object {
		r.rep.add(Problem{Code: "record.columns", Record: ptr(row.id), Message: fmt.Sprintf(
			"record %d: the columns actor_id, request_id, action, object or at_ms disagree with its stored bytes", row.id)})
	}
	if rec.Action == "audit.restore" {
		r.noteRestoreRecord(rec)
	}
	return at
}

// noteRestoreRecord keeps the sizes an audit.restore record names, to match
// them with the signed restore notes.
//
// One of kind=export_lost declares that the export history was lost and a
// new one begun (nsor audit accept-rollback; docs/adr/0016-export-history.md):
// it is kept to be reported.
func (r *run) noteRestoreRecord(rec *auditrec.Record) {
	var restored, superseded int64 = -1, -1
	var kind, reason string
	for _, d := range rec.Details {
		n, err := strconv.ParseInt(d.Value, 10, 64)
		switch {
		case d.Key == "kind":
			kind = d.Value
		case d.Key == "reason":
			reason = d.Value
		case err != nil:
		case d.Key == "restored_size":
			restored = n
		case d.Key == "superseded_size":
			superseded = n
		}
	}
	r.restoreRecords[[2]int64{restored, superseded}] = true
	if kind == "export_lost" {
		r.exportLost = append(r.exportLost, fmt.Sprintf("at %s, at %d leaves, for the reason %q", ms(rec.At), restored, reason))
		r.exportLostAt = max(r.exportLostAt, restored)
	}
}
