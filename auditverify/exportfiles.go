package auditverify

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
)

// checkExportFiles holds the export directory to what its writer leaves in
// it (docs/adr/0016-export-history.md): the leaf hashes first, then the
// history, then the newest checkpoint, each appended or replaced whole. So
// the newest checkpoint is the history's last entry, or the one before it
// when nsor stopped between appending and replacing; and the leaves file
// reproduces the root of the history's last entry. A directory otherwise is
// evidence cut back, corrupted or swapped, which the checks of its
// checkpoints alone do not see: a truncated leaves file only shows at the
// next restore, when it can no longer prove anything.
func (r *run) checkExportFiles(context.Context) error {
	e := r.opts.Export
	if e == nil || len(e.Checkpoints) == 0 {
		return nil // checkExport reported it
	}
	history := e.Checkpoints[:e.History]
	leaves := r.currentLeaves()
	switch {
	case e.Newest == nil:
		r.exportProblem("export.newest", e.Dir, fmt.Sprintf(
			"%s has a history of %d checkpoints but no file %q: the newest exported checkpoint was deleted",
			e.Dir, len(history), exportNewest))
	case len(history) == 0 && leaves == nil:
		r.partial(fmt.Sprintf("%s keeps neither %s nor %s, only its newest checkpoint: they were deleted, or no nsor that writes them has exported since",
			e.Dir, exportHistory, exportLeaves))
		return nil
	case !inLastTwo(history, e.Newest):
		r.exportProblem("export.history", filepath.Join(e.Dir, exportHistory), fmt.Sprintf(
			"%s is not the last checkpoint of %s (nor the one before it, which a stop while exporting leaves): the history was cut back or deleted, or the newest checkpoint was replaced by another",
			filepath.Join(e.Dir, exportNewest), filepath.Join(e.Dir, exportHistory)))
	}
	last := e.Newest
	if len(history) > 0 {
		last = history[len(history)-1].Note
	}
	r.checkLeavesFile(leaves, filepath.Join(e.Dir, exportLeaves), last)
	return nil
}

// checkHistoryStart holds the export history to reaching back to the
// log's first stored checkpoint: every checkpoint is stored, then exported
// (docs/adr/0016-export-history.md), so stored checkpoints older than the
// history's first entry were checked against nothing kept outside the
// database. The history was deleted or replaced and begun again, perhaps
// over a rolled-back database: the log holds only in part. An operator's
// accepted loss of the history (kind=export_lost) explains the stored
// checkpoints up to the tree it was accepted at, and is reported for ever
// instead (noteLosses); those after it must be in the history. A
// directory that keeps no history at all is reported by checkExportFiles.
func (r *run) checkHistoryStart(context.Context) error {
	e := r.opts.Export
	if e == nil || e.History == 0 {
		return nil
	}
	var first *Checkpoint
	var file string
	for _, s := range e.Checkpoints {
		if c, err := r.opts.Keys.OpenCheckpoint(s.Note); err == nil {
			first, file = &c, s.File
			break
		}
	}
	if first == nil {
		return nil // checkExport reported every one
	}
	before, from := 0, int64(-1)
	for _, row := range r.cps {
		if row.size < first.Size && (len(r.exportLost) == 0 || row.size > r.exportLostAt) {
			if before++; from < 0 {
				from = row.size
			}
		}
	}
	if before > 0 {
		r.partial(fmt.Sprintf("the export history does not reach back to the log's first checkpoint: it begins at the checkpoint of size %d (%s), but the database stores %d checkpoints before it, from size %d, checked against nothing kept outside the database: the export directory was deleted or replaced and a new history begun, and no accepted loss of it (nsor audit accept-rollback) explains them",
			first.Size, file, before, from))
	}
	return nil
}

// checkLeavesFile reports a leaves file that does not give the root of the
// last exported checkpoint, which it was written before.
func (r *run) checkLeavesFile(k *KeptLeaves, file string, last []byte) {
	c, err := r.opts.Keys.OpenCheckpoint(last)
	if err != nil || r.supersededBy(c) {
		// checkExport reported the checkpoint; or a restore superseded it,
		// and the leaves file may already be the next history's (a stop
		// while exporting): the kept hashes are then proven, or reported
		// unproven, against the superseded checkpoint (provePrefix).
		return
	}
	switch {
	case k == nil:
		r.exportProblem("export.leaves", file, fmt.Sprintf(
			"%s is missing, though the exported checkpoint of size %d was written after it: the kept leaf hashes were deleted", file, c.Size))
	case int64(len(k.Hashes)) < c.Size:
		r.exportProblem("export.leaves", file, fmt.Sprintf(
			"%s keeps %d leaf hashes, fewer than the %d of the exported checkpoint written after it: it was cut back", file, len(k.Hashes), c.Size))
	default:
		if root, err := k.root(c.Size); err != nil || root != c.Root {
			r.exportProblem("export.leaves", file, fmt.Sprintf(
				"the first %d leaf hashes of %s do not give the root of the exported checkpoint of that size: the kept hashes were altered", c.Size, file))
		}
	}
}

// supersededBy reports whether a restore note supersedes checkpoint c.
func (r *run) supersededBy(c Checkpoint) bool {
	for _, s := range r.superseded {
		if s.c == c {
			return true
		}
	}
	return false
}

// currentLeaves is the leaves file of the current history, nil if absent.
func (r *run) currentLeaves() *KeptLeaves {
	want := filepath.Join(r.opts.Export.Dir, exportLeaves)
	for i := range r.opts.Export.Leaves {
		if r.opts.Export.Leaves[i].File == want {
			return &r.opts.Export.Leaves[i]
		}
	}
	return nil
}

func (r *run) exportProblem(code, file, msg string) {
	r.rep.add(Problem{Code: code, File: file, Message: msg})
}

// inLastTwo reports whether note is the last or the last but one entry.
func inLastTwo(history []SavedCheckpoint, note []byte) bool {
	for i := max(0, len(history)-2); i < len(history); i++ {
		if bytes.Equal(bytes.TrimSpace(history[i].Note), bytes.TrimSpace(note)) {
			return true
		}
	}
	return false
}
