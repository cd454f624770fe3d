// Package tamper does to an nsor database what an attacker who knows the
// design of the audit log would do after altering records (docs/adr/0010-
// merkle-log.md), so that the verifier's tamper tests in several packages
// attack the same way. Tests only.
package tamper

import (
	"database/sql"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditrec"
)

// AlterLeaf rewrites the record of a leaf into another well-formed record
// (another actor), its columns with it, so that only the tree shows the
// change. The statements are SQLite's.
func AlterLeaf(db *sql.DB, leaf int64) error {
	var id int64
	var data []byte
	err := db.QueryRow("SELECT r.id, r.data FROM audit_leaves l JOIN audit_records r ON r.id = l.record_id WHERE l.leaf_index = ?", leaf).Scan(&id, &data)
	if err != nil {
		return fmt.Errorf("tamper: read leaf %d: %w", leaf, err)
	}
	rec, err := auditrec.Decode(data)
	if err != nil {
		return fmt.Errorf("tamper: decode leaf %d: %w", leaf, err)
	}
	rec.ActorID += 1000
	if _, err := db.Exec("UPDATE audit_records SET data = ?, actor_id = ? WHERE id = ?", auditrec.Encode(rec), rec.ActorID, id); err != nil {
		return fmt.Errorf("tamper: rewrite leaf %d: %w", leaf, err)
	}
	return nil
}

// Rehash recomputes every stored hash of the audit tree from the records in
// leaf order and replaces the stored ones with them, so that the database
// agrees with itself again. The statements are SQLite's.
func Rehash(db *sql.DB) error {
	hashes, err := recompute(db)
	if err != nil {
		return err
	}
	if _, err := db.Exec("DELETE FROM audit_hashes"); err != nil {
		return fmt.Errorf("tamper: delete stored hashes: %w", err)
	}
	for i, h := range hashes {
		if _, err := db.Exec("INSERT INTO audit_hashes (hash_index, hash) VALUES (?, ?)", i, h[:]); err != nil {
			return fmt.Errorf("tamper: insert stored hash %d: %w", i, err)
		}
	}
	return nil
}

// recompute returns the stored hashes of the tree over the records as they
// are now, in tlog's stored-hash order.
func recompute(db *sql.DB) ([]tlog.Hash, error) {
	rows, err := db.Query("SELECT r.data FROM audit_leaves l JOIN audit_records r ON r.id = l.record_id ORDER BY l.leaf_index")
	if err != nil {
		return nil, fmt.Errorf("tamper: read leaves: %w", err)
	}
	defer rows.Close()
	var hashes []tlog.Hash
	read := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	for n := int64(0); rows.Next(); n++ {
		var d []byte
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("tamper: read leaf %d: %w", n, err)
		}
		hs, err := tlog.StoredHashes(n, d, read)
		if err != nil {
			return nil, fmt.Errorf("tamper: hash leaf %d: %w", n, err)
		}
		hashes = append(hashes, hs...)
	}
	return hashes, rows.Err()
}
