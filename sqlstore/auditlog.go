package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"nsor"
	"nsor/auditrec"
)

// The Merkle log's tables (migrations/0002_auditlog.sql). Package auditlog
// computes; these methods only keep.

// LeaseSequencer takes or renews the lease when it is free, expired or
// already holder's. The UPDATE locks the row until the transaction ends.
func (t *tx) LeaseSequencer(holder string, now, until time.Time) (bool, error) {
	n, err := t.exec("UPDATE audit_sequencer SET holder = ?, expires_ms = ? "+
		"WHERE name = 'sequencer' AND (holder = ? OR holder = '' OR expires_ms <= ?)",
		holder, until.UnixMilli(), holder, now.UnixMilli())
	if err != nil {
		return false, err
	}
	return n == 1, nil
}

// YieldSequencer ends holder's lease, and only holder's.
func (t *tx) YieldSequencer(holder string) error {
	_, err := t.exec("UPDATE audit_sequencer SET holder = '', expires_ms = 0 WHERE name = 'sequencer' AND holder = ?", holder)
	return err
}

// AuditTreeSize counts the leaves: they are numbered from 0 without gaps,
// so the size is the largest index plus one.
func (t *tx) AuditTreeSize() (int64, error) {
	var n int64
	err := t.one("audit tree", func(s scanner) error { return s.Scan(&n) },
		"SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaves")
	return n, err
}

// lateCommitWindow is how far below the newest leaf's record the sequencer
// looks for records committed late on a database that hands out IDs before
// commit (PostgreSQL): there a record can commit after one with a larger ID
// was integrated. It must exceed the IDs that transactions in flight can
// hold, a few per connection; the verifier's orphan rule allows more. On
// SQLite the one writer hands out IDs in commit order, so nothing below the
// newest leaf can appear and the sequencer reads only the new tail.
const lateCommitWindow = 10000

// UnsequencedAudit returns records that are not leaves, lowest ID first.
func (t *tx) UnsequencedAudit(limit int) ([]*nsor.AuditEntry, error) {
	window := int64(lateCommitWindow)
	if t.d.singleWriter() {
		window = 0
	}
	var out []*nsor.AuditEntry
	err := t.each("audit record", func(s scanner) error {
		e := &nsor.AuditEntry{}
		if err := s.Scan(&e.ID, &e.Data); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}, "SELECT r.id, r.data FROM audit_records r "+
		"WHERE r.id > (SELECT COALESCE(MAX(record_id), 0) FROM audit_leaves) - ? "+
		"AND NOT EXISTS (SELECT 1 FROM audit_leaves l WHERE l.record_id = r.id) "+
		"ORDER BY r.id LIMIT ?", window, limit)
	return out, err
}

// AuditHashes reads stored hashes in the order asked, rowsPerInsert to a
// query (a proof or a batch's first leaf needs about log2(size) of them).
func (t *tx) AuditHashes(indexes []int64) ([][32]byte, error) {
	found := make(map[int64][]byte, len(indexes))
	for rest := indexes; len(rest) > 0; {
		n := min(len(rest), rowsPerInsert)
		args := make([]any, n)
		for i, idx := range rest[:n] {
			args[i] = idx
		}
		err := t.each("audit hash", func(s scanner) error {
			var idx int64
			var h []byte
			if err := s.Scan(&idx, &h); err != nil {
				return err
			}
			found[idx] = h
			return nil
		}, "SELECT hash_index, hash FROM audit_hashes WHERE hash_index IN ("+marks(n)+")", args...)
		if err != nil {
			return nil, err
		}
		rest = rest[n:]
	}
	out := make([][32]byte, len(indexes))
	for i, idx := range indexes {
		h, ok := found[idx]
		if !ok { // the tree's hashes are never deleted: a gap is damage
			return nil, nsor.Internalf(nil, "sqlstore: audit hash %d is missing", idx)
		}
		if len(h) != 32 {
			return nil, nsor.Internalf(nil, "sqlstore: audit hash %d has %d bytes", idx, len(h))
		}
		copy(out[i][:], h)
	}
	return out, nil
}

// rowsPerInsert bounds a multi-row INSERT, well inside every database's
// limit on parameters.
const rowsPerInsert = 200

// AppendAuditLeaves stores new leaves and hashes, refusing a first index
// that is not the tree size: leaves never skip or overwrite.
func (t *tx) AppendAuditLeaves(first int64, recordIDs []int64, hashes []nsor.AuditHash) error {
	size, err := t.AuditTreeSize()
	if err != nil {
		return err
	}
	if first != size {
		return nsor.Internalf(nil, "sqlstore: audit leaves from %d on a tree of %d", first, size)
	}
	rows := make([][2]any, len(recordIDs))
	for i, id := range recordIDs {
		rows[i] = [2]any{first + int64(i), id}
	}
	if err := t.insertRows("audit_leaves (leaf_index, record_id)", rows); err != nil {
		return err
	}
	rows = make([][2]any, len(hashes))
	for i, h := range hashes {
		rows[i] = [2]any{h.Index, h.Hash[:]}
	}
	return t.insertRows("audit_hashes (hash_index, hash)", rows)
}

// insertRows inserts two-column rows, rowsPerInsert to a statement.
func (t *tx) insertRows(into string, rows [][2]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args := make([]any, 0, 2*n)
		for _, r := range rows[:n] {
			args = append(args, r[0], r[1])
		}
		q := "INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
		if _, err := t.exec(q, args...); err != nil {
			if t.d.isUnique(err) {
				return nsor.Internalf(err, "sqlstore: audit log row exists")
			}
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// AuditLeafOf finds a record's leaf.
func (t *tx) AuditLeafOf(recordID int64) (int64, error) {
	var idx int64
	err := t.one("audit leaf", func(s scanner) error { return s.Scan(&idx) },
		"SELECT leaf_index FROM audit_leaves WHERE record_id = ?", recordID)
	return idx, err
}

// AuditLeafRecord reads the record at a leaf.
func (t *tx) AuditLeafRecord(index int64) (*nsor.AuditEntry, error) {
	e := &nsor.AuditEntry{}
	err := t.one("audit leaf", func(s scanner) error { return s.Scan(&e.ID, &e.Data) },
		"SELECT r.id, r.data FROM audit_leaves l JOIN audit_records r ON r.id = l.record_id WHERE l.leaf_index = ?", index)
	if err != nil {
		return nil, err
	}
	rec, err := auditrec.Decode(e.Data)
	if err != nil {
		return nil, nsor.Internalf(err, "sqlstore: audit record %d", e.ID)
	}
	e.Record = rec
	return e, nil
}

const checkpointCols = "tree_size, root_hash, note, at_ms"

func scanCheckpoint(s scanner) (*nsor.Checkpoint, error) {
	c := &nsor.Checkpoint{}
	var root []byte
	if err := s.Scan(&c.Size, &root, &c.Note, instant{&c.At}); err != nil {
		return nil, err
	}
	if len(root) != 32 {
		return nil, fmt.Errorf("checkpoint %d: root has %d bytes", c.Size, len(root))
	}
	copy(c.Root[:], root)
	return c, nil
}

// LatestCheckpoint returns the largest checkpoint, or nil.
func (t *tx) LatestCheckpoint() (*nsor.Checkpoint, error) {
	c, err := t.checkpoint("SELECT " + checkpointCols + " FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil, nil
	}
	return c, err
}

// CheckpointAt returns the checkpoint of a size.
func (t *tx) CheckpointAt(size int64) (*nsor.Checkpoint, error) {
	return t.checkpoint("SELECT "+checkpointCols+" FROM audit_checkpoints WHERE tree_size = ?", size)
}

// CheckpointsAfter counts the checkpoints of more than size leaves.
func (t *tx) CheckpointsAfter(size int64) (int64, error) {
	var n int64
	err := t.one("checkpoint", func(s scanner) error { return s.Scan(&n) },
		"SELECT COUNT(*) FROM audit_checkpoints WHERE tree_size > ?", size)
	return n, err
}

func (t *tx) checkpoint(q string, args ...any) (*nsor.Checkpoint, error) {
	var c *nsor.Checkpoint
	err := t.one("checkpoint", func(s scanner) error {
		var err error
		c, err = scanCheckpoint(s)
		return err
	}, q, args...)
	return c, err
}

// AddCheckpoint stores c; a size at or below the newest is refused.
func (t *tx) AddCheckpoint(c *nsor.Checkpoint) error {
	last, err := t.LatestCheckpoint()
	if err != nil {
		return err
	}
	if last != nil && c.Size <= last.Size {
		return nsor.Internalf(nil, "sqlstore: checkpoint of size %d after one of %d", c.Size, last.Size)
	}
	_, err = t.exec("INSERT INTO audit_checkpoints ("+checkpointCols+") VALUES (?, ?, ?, ?)",
		c.Size, c.Root[:], c.Note, c.At.UTC().UnixMilli())
	return err
}

// AddAuditRestore stores a signed restore note.
func (t *tx) AddAuditRestore(note []byte, at time.Time) error {
	_, err := t.insert("INSERT INTO audit_restores (note, at_ms) VALUES (?, ?)", note, at.UTC().UnixMilli())
	return err
}

// AuditRestores lists the restore notes, oldest first.
func (t *tx) AuditRestores() ([][]byte, error) {
	var out [][]byte
	err := t.each("audit restore", func(s scanner) error {
		var b []byte
		if err := s.Scan(&b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	}, "SELECT note FROM audit_restores ORDER BY id")
	return out, err
}
