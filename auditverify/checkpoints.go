package auditverify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// checkCheckpoints checks every stored checkpoint: its signature by a known
// key, its columns against its signed text, its root against the tree
// recomputed from the records, and its consistency with the one before.
func (r *run) checkCheckpoints(context.Context) error {
	r.rep.Checkpoints = len(r.cps)
	if err := r.checkKeys(); err != nil {
		return err
	}
	var prev *Checkpoint
	good := int64(0)  // the largest size whose checkpoint matched the recomputed tree
	var later []int64 // checkpoints that differ after the first that does: its consequences
	for _, row := range r.cps {
		c, ok := r.openStored(row)
		if !ok {
			continue
		}
		if p := r.matchTree(c, good); p != nil {
			if len(later) == 0 {
				r.rep.add(*p)
			}
			later = append(later, c.Size)
			continue
		}
		good = c.Size
		r.covered = max(r.covered, good)
		if prev != nil {
			r.checkConsistency(*prev, c)
		}
		prev = &c
	}
	if len(later) > 1 {
		r.rep.add(Problem{Code: "checkpoint.root", Checkpoint: ptr(later[1]), Message: fmt.Sprintf(
			"so do the %d stored checkpoints after it, of sizes %d to %d", len(later)-1, later[1], later[len(later)-1])})
	}
	if n := len(r.cps); n > 0 {
		r.rep.NewestSize = r.cps[n-1].size
		r.rep.NewestAt = ms(time.UnixMilli(r.cps[n-1].atMs))
	}
	r.rep.Uncovered = max(0, r.rep.TreeSize-r.rep.NewestSize)
	return nil
}

// checkKeys refuses keys that sign none of the stored checkpoints: they are
// another log's keys (or every checkpoint was forged, which the message
// also says), and a verdict of tampering would mislead.
func (r *run) checkKeys() error {
	for _, row := range r.cps {
		if _, err := r.opts.Keys.OpenCheckpoint(row.note); !errors.Is(err, ErrUnknownKey) {
			return nil
		}
	}
	for _, s := range r.opts.Checkpoints {
		if _, err := r.opts.Keys.OpenCheckpoint(s.Note); !errors.Is(err, ErrUnknownKey) {
			return nil // a saved checkpoint shows the keys are this log's: the stored ones were forged
		}
	}
	if len(r.cps) == 0 {
		return nil
	}
	return usage("none of the %d stored checkpoints is signed by a key given: the public keys are not this log's, or every checkpoint was forged", len(r.cps))
}

// openStored opens a stored checkpoint and checks that its columns say what
// its signed text says.
func (r *run) openStored(row checkpointRow) (Checkpoint, bool) {
	c, err := r.opts.Keys.OpenCheckpoint(row.note)
	if err != nil {
		r.rep.add(Problem{Code: "checkpoint.signature", Checkpoint: ptr(row.size), Message: fmt.Sprintf(
			"stored checkpoint of size %d: %v: it was forged or altered", row.size, err)})
		return c, false
	}
	if r.origin == "" {
		r.origin = c.Origin
	}
	switch {
	case c.Origin != r.origin:
		r.rep.add(Problem{Code: "checkpoint.origin", Checkpoint: ptr(row.size), Message: fmt.Sprintf(
			"stored checkpoint of size %d is of log %q, the others of log %q", row.size, c.Origin, r.origin)})
	case c.Size != row.size || string(c.Root[:]) != string(row.root):
		r.rep.add(Problem{Code: "checkpoint.columns", Checkpoint: ptr(row.size), Message: fmt.Sprintf(
			"stored checkpoint of size %d: the columns tree_size and root_hash disagree with its signed text (size %d)", row.size, c.Size)})
	default:
		return c, true
	}
	return c, false
}

// matchTree checks a signed checkpoint against the recomputed tree, and
// returns what is wrong. good is the largest size known to match, which
// bounds where a difference lies.
func (r *run) matchTree(c Checkpoint, good int64) *Problem {
	n := r.rep.TreeSize
	if c.Size > n {
		return &Problem{Code: "checkpoint.beyond_tree", Checkpoint: ptr(c.Size), Leaf: ptr(n), Message: fmt.Sprintf(
			"stored checkpoint of size %d covers more leaves than the database holds (%d): leaves %d to %d were removed",
			c.Size, n, n, c.Size-1)}
	}
	root, err := tlog.TreeHash(c.Size, &r.hashes)
	if err != nil || root != c.Root {
		return &Problem{Code: "checkpoint.root", Checkpoint: ptr(c.Size), Leaf: ptr(good), Message: fmt.Sprintf(
			"stored checkpoint of size %d signs a root that differs from the tree recomputed from the records: "+
				"a record among leaves %d to %d was altered, removed, inserted or reordered", c.Size, good, c.Size-1)}
	}
	return nil
}

// checkConsistency checks the RFC 6962 consistency proof from one
// checkpoint to the next, made from the recomputed tree: what a witness
// holding the older would check of the newer. Given that both roots match
// the recomputed tree it holds; it is kept as the witness's check, over the
// same proofs the API serves.
func (r *run) checkConsistency(older, newer Checkpoint) {
	p, err := tlog.ProveTree(newer.Size, older.Size, &r.hashes)
	if err == nil {
		err = tlog.CheckTree(p, newer.Size, newer.Root, older.Size, older.Root)
	}
	if err != nil {
		r.rep.add(Problem{Code: "checkpoint.consistency", Checkpoint: ptr(newer.Size), Message: fmt.Sprintf(
			"stored checkpoint of size %d is not consistent with the one of size %d: %v", newer.Size, older.Size, err)})
	}
}

// checkRestores checks every restore note: signed by a known key, of this
// log, restoring no more leaves than the tree has, and recorded by its
// audit.restore record. Each is reported with the leaves it lost.
func (r *run) checkRestores(context.Context) error {
	for _, row := range r.restores {
		x, err := r.opts.Keys.OpenRestore(row.note)
		if err != nil {
			r.rep.add(Problem{Code: "restore.signature", Message: fmt.Sprintf(
				"restore note %d: %v: it was forged or altered", row.id, err)})
			continue
		}
		switch {
		case r.origin != "" && x.Origin != r.origin:
			r.rep.add(Problem{Code: "restore.origin", Message: fmt.Sprintf(
				"restore note %d is of log %q, the checkpoints of log %q", row.id, x.Origin, r.origin)})
			continue
		case x.Restored > r.rep.TreeSize:
			r.rep.add(Problem{Code: "restore.beyond_tree", Leaf: ptr(r.rep.TreeSize), Message: fmt.Sprintf(
				"restore note %d says the log was restored at %d leaves, but the database holds %d: leaves were removed since",
				row.id, x.Restored, r.rep.TreeSize)})
			continue
		case !r.restoreRecords[[2]int64{x.Restored, x.SupersededSize}]:
			r.rep.add(Problem{Code: "restore.no_record", Message: fmt.Sprintf(
				"restore note %d (restored %d, superseded %d) has no audit.restore record: it was removed", row.id, x.Restored, x.SupersededSize)})
			continue
		}
		r.goodRestores = append(r.goodRestores, x)
		r.rep.Restores = append(r.rep.Restores, RestoreReport{Restored: x.Restored, SupersededSize: x.SupersededSize,
			At: ms(x.At), LostFrom: x.Restored, LostTo: x.SupersededSize})
	}
	return nil
}

// checkSaved checks each checkpoint saved outside the database: the
// database's tree at its size must have its root, unless a signed restore
// note supersedes it. This is what catches a rollback of the whole
// database to an older, self-consistent copy.
func (r *run) checkSaved(context.Context) error {
	for _, s := range r.opts.Checkpoints {
		c, err := r.opts.Keys.OpenCheckpoint(s.Note)
		if errors.Is(err, ErrBadSignature) {
			r.rep.add(Problem{Code: "saved.signature", File: s.File, Message: fmt.Sprintf(
				"checkpoint %s: %v: the file was altered after it was signed", s.File, err)})
			r.rep.External = append(r.rep.External, ExternalReport{File: s.File, Status: "failed"})
			continue
		}
		if err != nil {
			return usage("checkpoint %s: %w", s.File, err)
		}
		if r.origin != "" && c.Origin != r.origin {
			return usage("checkpoint %s is of log %q, the database's checkpoints of log %q", s.File, c.Origin, r.origin)
		}
		r.rep.External = append(r.rep.External, r.checkOneSaved(s.File, c))
	}
	return nil
}

func (r *run) checkOneSaved(file string, c Checkpoint) ExternalReport {
	res := ExternalReport{File: file, Size: c.Size, Status: "consistent"}
	n := r.rep.TreeSize
	if c.Size <= n {
		if root, err := tlog.TreeHash(c.Size, &r.hashes); err == nil && root == c.Root {
			r.covered = max(r.covered, c.Size)
			return res
		}
	}
	for i, x := range r.goodRestores {
		if x.Restored < c.Size && c.Size <= x.SupersededSize && (c.Size < x.SupersededSize || c.Root == x.SupersededRoot) {
			res.Status, res.Restore = "superseded", i
			r.superseded = append(r.superseded, superseded{file: file, c: c, restore: i})
			return res
		}
	}
	res.Status = "failed"
	if c.Size > n {
		r.rep.add(Problem{Code: "saved.rolled_back", File: file, Checkpoint: ptr(c.Size), Leaf: ptr(n), Message: fmt.Sprintf(
			"checkpoint %s covers %d leaves, the database holds %d: leaves %d to %d were removed or the database was rolled back, and no signed restore note says so",
			file, c.Size, n, n, c.Size-1)})
		return res
	}
	r.rep.add(Problem{Code: "saved.root", File: file, Checkpoint: ptr(c.Size), Message: fmt.Sprintf(
		"checkpoint %s: the database's tree of %d leaves has another root: history it covers was rewritten, and no signed restore note says so",
		file, c.Size)})
	return res
}
