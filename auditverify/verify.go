package auditverify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Options configure a verification.
type Options struct {
	Keys *Keys // the log's public keys; required
	// Checkpoints are checkpoints saved outside the database (by a
	// witness, an auditor, the export directory's backup), each checked
	// against the database's tree.
	Checkpoints []SavedCheckpoint
	// Grace is how long a committed record may wait to become a leaf
	// (default 60 s; see orphans.go).
	Grace time.Duration
	// Export is the export directory's content, read by LoadExport; nil
	// when none was read.
	Export *Export
	// ExportDir names the export directory in the report; ExportExpected
	// says that its absence leaves the log checked only against itself
	// (the data directory's, or one named, was read).
	ExportDir      string
	ExportExpected bool
	// Now is the verifier's clock, for leaves left uncovered longer than
	// Grace; zero skips that check.
	Now time.Time
	// Window is how far below the newest leaf's record ID a record may
	// still wait to become a leaf; negative takes the database's default
	// (see orphans.go).
	Window int64
}

// SavedCheckpoint is a signed checkpoint kept outside the database.
type SavedCheckpoint struct {
	File string // where it came from, for the report
	Note []byte
}

// UsageError is a failure to verify at all (a missing file, a wrong key, a
// database that is not nsor's), as opposed to a verification that found
// problems.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usage(format string, args ...any) error { return &UsageError{fmt.Errorf(format, args...)} }

// run is the state of one verification.
type run struct {
	opts Options
	rep  *Report
	tx   *sql.Tx

	cps      []checkpointRow // stored checkpoints, by size
	restores []restoreRow

	leafRecord []int64     // leaf i is record leafRecord[i]
	leafHash   []tlog.Hash // recomputed from the records' stored bytes
	leafAt     []int64     // leaf i's record's time, UTC milliseconds
	hashes     memHashes   // every stored hash, recomputed

	maxLeafRecord  int64
	coveredAt      int64 // newest time of a record the newest checkpoint covers
	nonLeaves      []nonLeaf
	restoreRecords map[[2]int64]bool // (restored, superseded) of audit.restore records
	exportLost     []string          // the accepted losses of the export history, described
	exportLostAt   int64             // the tree size at the latest accepted loss of the export history
	origin         string
	goodRestores   []Restore
	covered        int64        // the most leaves a checkpoint that holds covers
	superseded     []superseded // checkpoints saved or exported that a restore supersedes
}

// Verify reads the audit log's tables in one read-only transaction and
// checks everything the log promises (docs/audit-verify.md). The report
// lists the problems found; an error means verification could not be done
// at all, and is a *UsageError when the input, not the database, is at
// fault.
func (d *DB) Verify(ctx context.Context, opts Options) (*Report, error) {
	r, err := d.verify(ctx, opts)
	if err != nil {
		return nil, err
	}
	return r.rep, nil
}

func (d *DB) verify(ctx context.Context, opts Options) (*run, error) {
	if opts.Keys == nil {
		return nil, usage("no public keys given")
	}
	if opts.Grace <= 0 {
		opts.Grace = 60 * time.Second
	}
	if opts.Window < 0 {
		opts.Window = d.defaultWindow()
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := &run{opts: opts, tx: tx, rep: &Report{Database: d.name, Keys: opts.Keys.Count},
		restoreRecords: map[[2]int64]bool{}}
	for _, step := range []func(context.Context) error{
		r.readNotes, r.readLeaves, r.readRecords, r.compareStoredHashes,
		r.checkCheckpoints, r.checkRestores, r.checkOrphans, r.checkSaved, r.checkExport,
		r.checkExportFiles, r.checkHistoryStart, r.proveRestoredPrefixes, r.checkUncovered, r.noteLosses,
	} {
		if err := step(ctx); err != nil {
			var u *UsageError
			if errors.As(err, &u) {
				return nil, err
			}
			return nil, fmt.Errorf("%s: %w", d.name, err)
		}
	}
	return r, nil
}

// memHashes is the recomputed tree, indexed as tlog.StoredHashIndex numbers
// it, read by tlog as a HashReader.
type memHashes []tlog.Hash

// ReadHashes implements tlog.HashReader.
func (m *memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx < 0 || idx >= int64(len(*m)) {
			return nil, fmt.Errorf("hash %d is beyond the recomputed tree", idx)
		}
		out[i] = (*m)[idx]
	}
	return out, nil
}

// computeTree recomputes every stored hash from the leaf hashes, as the
// sequencer should have stored them.
func (r *run) computeTree(context.Context) error {
	n := int64(len(r.leafHash))
	r.hashes = make(memHashes, 0, tlog.StoredHashCount(n))
	for i := int64(0); i < n; i++ {
		hs, err := tlog.StoredHashesForRecordHash(i, r.leafHash[i], &r.hashes)
		if err != nil {
			return fmt.Errorf("recompute the tree at leaf %d: %w", i, err)
		}
		r.hashes = append(r.hashes, hs...)
	}
	return nil
}

// compareStoredHashes compares audit_hashes with the recomputed tree, row
// by row: every hash must be there, equal, and nothing else. The tree is
// recomputed while the rows are read: both take about as long.
func (r *run) compareStoredHashes(ctx context.Context) error {
	tree := make(chan error, 1)
	go func() { tree <- r.computeTree(ctx) }()
	count := tlog.StoredHashCount(int64(len(r.leafHash)))
	stored := make([]tlog.Hash, count)
	present := make([]bool, count)
	err := r.readStoredHashes(ctx, stored, present)
	if terr := <-tree; terr != nil {
		return terr
	}
	if err != nil {
		return err
	}
	differs := func(i int64) bool { return present[i] && stored[i] != r.hashes[i] }
	for i := range stored {
		if differs(int64(i)) {
			r.hashMismatch(int64(i), differs)
		}
	}
	return nil
}

// readStoredHashes reads audit_hashes into stored. When the indexes are
// exactly 0 to len(stored)-1 (the count, the least and the greatest say so:
// hash_index is the primary key, so no index appears twice), the hashes are
// read in order without their indexes, a third less work for the database;
// otherwise row by row, reporting rows out of place.
func (r *run) readStoredHashes(ctx context.Context, stored []tlog.Hash, present []bool) error {
	var n int64
	var lo, hi sql.NullInt64
	err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*), MIN(hash_index), MAX(hash_index) FROM audit_hashes").Scan(&n, &lo, &hi)
	if err != nil {
		return fmt.Errorf("read audit_hashes: %w", err)
	}
	if n == int64(len(stored)) && (n == 0 || lo.Int64 == 0 && hi.Int64 == n-1) {
		return r.readDenseHashes(ctx, stored, present)
	}
	return r.readHashRows(ctx, stored, present)
}

func (r *run) readDenseHashes(ctx context.Context, stored []tlog.Hash, present []bool) error {
	rows, err := r.tx.QueryContext(ctx, "SELECT hash FROM audit_hashes ORDER BY hash_index")
	if err != nil {
		return fmt.Errorf("read audit_hashes: %w", err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next() && i < len(stored); i++ {
		var h sql.RawBytes
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("read audit_hashes: %w", err)
		}
		if len(h) != tlog.HashSize {
			r.rep.add(Problem{Code: "hash.mismatch", HashIndex: ptr(int64(i)), Message: fmt.Sprintf("stored hash %d has %d bytes, not %d", i, len(h), tlog.HashSize)})
			continue
		}
		copy(stored[i][:], h)
		present[i] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit_hashes: %w", err)
	}
	if i != len(stored) {
		return fmt.Errorf("read audit_hashes: %d rows, then %d", len(stored), i)
	}
	return nil
}

// readHashRows reads audit_hashes row by row, reporting rows out of place:
// beyond the tree, twice, or missing.
func (r *run) readHashRows(ctx context.Context, stored []tlog.Hash, present []bool) error {
	rows, err := r.tx.QueryContext(ctx, "SELECT hash_index, hash FROM audit_hashes ORDER BY hash_index")
	if err != nil {
		return fmt.Errorf("read audit_hashes: %w", err)
	}
	defer rows.Close()
	count := int64(len(stored))
	next := int64(0)
	for rows.Next() {
		var idx int64
		var h sql.RawBytes
		if err := rows.Scan(&idx, &h); err != nil {
			return fmt.Errorf("read audit_hashes: %w", err)
		}
		switch {
		case idx >= count:
			r.rep.add(Problem{Code: "hash.extra", HashIndex: ptr(idx), Message: fmt.Sprintf(
				"stored hash %d is beyond the tree of %d leaves, which has %d stored hashes: hashes were added, or leaves removed", idx, len(r.leafHash), count)})
		case idx < next:
			r.rep.add(Problem{Code: "hash.duplicate", HashIndex: ptr(idx), Message: fmt.Sprintf("stored hash %d appears twice", idx)})
		case len(h) != tlog.HashSize:
			r.rep.add(Problem{Code: "hash.mismatch", HashIndex: ptr(idx), Message: fmt.Sprintf("stored hash %d has %d bytes, not %d", idx, len(h), tlog.HashSize)})
		default:
			if idx > next {
				r.missingHashes(next, idx)
			}
			copy(stored[idx][:], h)
			present[idx] = true
		}
		next = max(next, idx+1)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit_hashes: %w", err)
	}
	if next < count {
		r.missingHashes(next, count)
	}
	return nil
}

func (r *run) missingHashes(from, to int64) {
	r.rep.add(Problem{Code: "hash.missing", HashIndex: ptr(from), Message: fmt.Sprintf(
		"stored hashes %d to %d are missing (the tree of %d leaves has %d)", from, to-1, len(r.leafHash),
		tlog.StoredHashCount(int64(len(r.leafHash))))})
}

// hashMismatch reports a stored hash that differs from the recomputed one,
// unless it is only the consequence of a child that differs: a record
// altered makes every hash above its leaf differ, and the report names the
// leaf, not the path to the root.
func (r *run) hashMismatch(idx int64, differs func(int64) bool) {
	level, n := tlog.SplitStoredHashIndex(idx)
	if level == 0 {
		r.rep.add(Problem{Code: "hash.mismatch", HashIndex: ptr(idx), Leaf: ptr(n), Record: ptr(r.leafRecord[n]), Message: fmt.Sprintf(
			"leaf %d (record %d): the hash of the stored record differs from the stored leaf hash %d: the record, or the stored hash, was altered",
			n, r.leafRecord[n], idx)})
		return
	}
	if differs(tlog.StoredHashIndex(level-1, 2*n)) || differs(tlog.StoredHashIndex(level-1, 2*n+1)) {
		return
	}
	lo, hi := n<<level, (n+1)<<level
	r.rep.add(Problem{Code: "hash.mismatch", HashIndex: ptr(idx), Leaf: ptr(lo), Message: fmt.Sprintf(
		"stored hash %d (level %d, over leaves %d to %d) differs from the hash of its two children: the stored tree was altered",
		idx, level, lo, hi-1)})
}
