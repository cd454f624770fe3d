package auditlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditrec"
)

// AcceptRollback is the operator's way out when the database is behind, or
// forks from, the checkpoint this installation exported (a file copy put
// back, a lost write-ahead log): it records a signed restore note that
// supersedes that checkpoint and an audit.restore record that gives the
// reason, so that the loss is declared, not hidden. The verifier then
// reports it as it reports restores: the log holds only in part
// (docs/audit-verify.md). The next step signs and exports a checkpoint that
// starts a new history; the superseded one stays in the export directory.
//
// The restored size is the longest prefix of the database's leaves that the
// kept leaf hashes show equal to the superseded history's (the database's
// whole tree when it is only behind and nothing was kept).
//
// When the export history itself is missing (audit.export_missing,
// checkHistory), it declares that loss instead: a restore note of the
// whole tree, superseding nothing (Restored equals SupersededSize), and an
// audit.restore record with kind=export_lost and the reason. The verifier
// reports it for ever: the log holds only in part.
//
// It refuses with KindConflict "audit.no_rollback" when the database agrees
// with the export, and passes on any other failure of the comparison.
func (l *Log) AcceptRollback(ctx context.Context, reason string) (*Restore, error) {
	if l.cfg.ExportDir == "" {
		return nil, errors.New("auditlog: no export directory to compare the database with")
	}
	var e *nsor.Checkpoint
	var restored int64
	lost := false
	err := l.store.View(ctx, func(tx nsor.Tx) error {
		exported, fork, err := l.checkExported(tx)
		if err == nil && !fork {
			if err = l.checkHistory(tx, exported); nsor.ErrorCode(err) == "audit.export_missing" {
				lost = true
				return nil
			}
		}
		if err == nil {
			return nsor.Errorf(nsor.KindConflict, "audit.no_rollback",
				"The database agrees with the checkpoint exported last: there is no rollback to accept.")
		}
		if nsor.ErrorCode(err) != "audit.log_behind" && nsor.ErrorCode(err) != "audit.log_forked" {
			return err
		}
		if e, err = l.readExported(); err != nil {
			return err
		}
		restored, err = l.commonPrefix(tx, e.Size)
		return err
	})
	if err != nil {
		return nil, err
	}
	if lost {
		// Nothing outside the database says what was lost: the note
		// declares the tree as it is, and the history that begins after
		// it is all the verifier can hold the log to.
		return l.recordRestore(ctx, nil, -1, []auditrec.Detail{
			{Key: "kind", Value: "export_lost"}, {Key: "reason", Value: reason}})
	}
	return l.recordRestore(ctx, e, restored, []auditrec.Detail{
		{Key: "kind", Value: "accepted_rollback"}, {Key: "reason", Value: reason}})
}

// commonPrefix is how many of the database's leaves, from the first, equal
// the leaf hashes kept in the export directory, below the superseded size.
// Without kept hashes for a database that forks, nothing is known to be
// common: 0.
func (l *Log) commonPrefix(tx nsor.Tx, superseded int64) (int64, error) {
	size, err := tx.AuditTreeSize()
	if err != nil {
		return 0, err
	}
	n := min(size, superseded)
	kept, err := l.keptLeaves(n)
	if err != nil {
		return 0, err
	}
	if int64(len(kept)) < n && size >= superseded {
		n = int64(len(kept)) // forked: only the kept hashes can show where
	}
	for i := int64(0); i < int64(len(kept)) && i < n; i += leafBatch {
		idx := make([]int64, 0, leafBatch)
		for j := i; j < min(i+leafBatch, n, int64(len(kept))); j++ {
			idx = append(idx, tlog.StoredHashIndex(0, j))
		}
		hs, err := tx.AuditHashes(idx)
		if err != nil {
			return 0, err
		}
		for j, h := range hs {
			if h != kept[i+int64(j)] {
				return i + int64(j), nil
			}
		}
	}
	if n == superseded {
		n-- // a note restores fewer leaves than it supersedes
	}
	return n, nil
}

// keptLeaves reads up to n leaf hashes of the export directory's leaves file.
func (l *Log) keptLeaves(n int64) ([][32]byte, error) {
	f, err := os.Open(filepath.Join(l.cfg.ExportDir, LeavesFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auditlog: %w", err)
	}
	defer f.Close()
	var out [][32]byte
	var h [32]byte
	for int64(len(out)) < n {
		if _, err := io.ReadFull(f, h[:]); err != nil {
			break // the end, or a torn last hash
		}
		out = append(out, h)
	}
	return out, nil
}
