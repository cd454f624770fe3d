package auditverify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ExportReport sums up what the export directory held and how it fared.
type ExportReport struct {
	Dir         string `json:"dir"`
	Checkpoints int    `json:"checkpoints"`
	Consistent  int    `json:"consistent"`
	Superseded  int    `json:"superseded"`
	Failed      int    `json:"failed"`
	LeafFiles   int    `json:"leaf_files"`
	Torn        bool   `json:"torn,omitempty"`
}

// superseded is a checkpoint, saved or exported, that a restore note
// supersedes: the restored prefix is proved against it where kept leaf
// hashes allow (proveRestoredPrefixes).
type superseded struct {
	file    string
	c       Checkpoint
	restore int // index in r.goodRestores
}

// checkExport checks every checkpoint of the export directory as a saved
// one, and that each that the database's tree still has is also stored in
// the database: every checkpoint is stored before it is exported, so one
// exported and not stored was deleted from the database. An export
// directory expected and absent leaves the log checked only against itself.
func (r *run) checkExport(context.Context) error {
	e := r.opts.Export
	if e == nil || len(e.Checkpoints) == 0 {
		if r.opts.ExportExpected && len(r.cps) > 0 {
			r.partial(fmt.Sprintf("no exported checkpoint was found in %s: the log is checked only against itself, and a rewrite with its checkpoints deleted or re-signed would not show", r.opts.ExportDir))
		}
		return nil
	}
	rep := &ExportReport{Dir: e.Dir, Checkpoints: len(e.Checkpoints), LeafFiles: len(e.Leaves), Torn: e.Torn}
	r.rep.Export = rep
	stored := map[int64]string{}
	for _, row := range r.cps {
		stored[row.size] = string(row.root)
	}
	for _, s := range e.Checkpoints {
		c, err := r.opts.Keys.OpenCheckpoint(s.Note)
		if err != nil || (r.origin != "" && c.Origin != r.origin) {
			rep.Failed++
			if errors.Is(err, ErrUnknownKey) || err == nil {
				err = fmt.Errorf("not of this log %q", r.origin)
			}
			r.rep.add(Problem{Code: "saved.signature", File: s.File, Message: fmt.Sprintf(
				"exported checkpoint %s: %v: it was forged or altered", s.File, err)})
			continue
		}
		switch res := r.checkOneSaved(s.File, c); res.Status {
		case "consistent":
			rep.Consistent++
			if root, ok := stored[c.Size]; !ok || root != string(c.Root[:]) {
				r.rep.add(Problem{Code: "checkpoint.missing", File: s.File, Checkpoint: ptr(c.Size), Message: fmt.Sprintf(
					"the checkpoint of size %d was exported (%s) but is not stored in the database: stored checkpoints were deleted", c.Size, s.File)})
			}
		case "superseded":
			rep.Superseded++
		default:
			rep.Failed++
		}
	}
	return nil
}

// proveRestoredPrefixes proves, for each superseded checkpoint, that the
// leaves the restore kept are those the checkpoint covered: a kept leaves
// file whose first hashes give the checkpoint's root is authenticated by
// its signature, and the database's leaves below the restore's cut must
// equal them. A leaf that differs is tampering below the cut (by someone
// who holds the signing key, for the note is signed); a checkpoint no kept
// file matches leaves the prefix unproven: the log holds only in part.
func (r *run) proveRestoredPrefixes(context.Context) error {
	var unproven []superseded
	for _, s := range r.superseded {
		if !r.provePrefix(s) {
			unproven = append(unproven, s)
		}
	}
	if n := len(unproven); n > 0 {
		s := unproven[0]
		msg := fmt.Sprintf("the restored leaves [0, %d) cannot be proven against the superseded checkpoint of size %d (%s): no kept leaf hashes in the export directory give its root",
			r.goodRestores[s.restore].Restored, s.c.Size, s.file)
		if n > 1 {
			msg += fmt.Sprintf(" (nor against %d other superseded checkpoints)", n-1)
		}
		r.partial(msg)
	}
	return nil
}

// provePrefix says whether a kept leaves file authenticated by s proves
// the restored prefix, reporting a leaf that differs.
func (r *run) provePrefix(s superseded) bool {
	if r.opts.Export == nil {
		return false
	}
	x := r.goodRestores[s.restore]
	for i := range r.opts.Export.Leaves {
		k := &r.opts.Export.Leaves[i]
		if root, err := k.root(s.c.Size); err != nil || root != s.c.Root {
			continue
		}
		for j := int64(0); j < x.Restored && j < int64(len(r.leafHash)); j++ {
			if r.leafHash[j] != k.Hashes[j] {
				r.rep.add(Problem{Code: "restore.prefix", Leaf: ptr(j), Record: ptr(r.leafRecord[j]), Checkpoint: ptr(s.c.Size), File: s.file, Message: fmt.Sprintf(
					"leaf %d (record %d) is not the leaf that the superseded checkpoint of size %d (%s) covered, as %s kept it: a record below the restore's cut at %d was altered",
					j, r.leafRecord[j], s.c.Size, s.file, k.File, x.Restored)})
				return true
			}
		}
		r.proven(fmt.Sprintf("the restored leaves [0, %d) are those the superseded checkpoint of size %d (%s) covered, as %s kept them",
			x.Restored, s.c.Size, s.file, k.File))
		return true
	}
	return false
}

// checkUncovered reports leaves that no checkpoint covers though their
// records are older than the grace: the sequencer signs within seconds of
// integrating, so the checkpoints that covered them were deleted, or the
// installation stopped before signing (a stopped nsor signs a last
// checkpoint; one killed signs it when it starts again).
func (r *run) checkUncovered(context.Context) error {
	if r.opts.Now.IsZero() {
		return nil
	}
	limit := r.opts.Now.Add(-r.opts.Grace).UnixMilli()
	first, last := int64(-1), int64(-1)
	for i := r.covered; i < int64(len(r.leafAt)); i++ {
		if r.leafAt[i] < limit {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	r.rep.add(Problem{Code: "leaf.uncovered", Leaf: ptr(first), Record: ptr(r.leafRecord[first]), Message: fmt.Sprintf(
		"leaves %d to %d are covered by no checkpoint, though leaf %d (record %d, of %s) is older than the grace of %s: checkpoints that covered them were deleted, or nsor stopped before signing (start it, and verify again once it has signed)",
		first, last, first, r.leafRecord[first], ms(time.UnixMilli(r.leafAt[first])), r.opts.Grace)})
	return nil
}

// noteLosses makes every restore that lost leaves, and every accepted loss
// of the export history, a reason the log holds only in part: the lost
// records or evidence are gone, and only the note, signed by the key
// holder, says why.
func (r *run) noteLosses(context.Context) error {
	for _, x := range r.rep.Restores {
		if x.LostTo > x.LostFrom {
			r.partial(fmt.Sprintf("leaves [%d, %d) were lost at the restore of %s: no one can verify what they held", x.LostFrom, x.LostTo, x.At))
		}
	}
	for _, lost := range r.exportLost {
		r.partial(fmt.Sprintf("the export history was lost, and an operator accepted the loss %s: the checkpoints stored before the new history began were checked against nothing kept outside the database", lost))
	}
	return nil
}

func (r *run) partial(reason string) { r.rep.Partial = append(r.rep.Partial, reason) }

// proven notes what was proven, once: a file given with --checkpoint may
// also be the export directory's.
func (r *run) proven(what string) {
	if !slices.Contains(r.rep.Proven, what) {
		r.rep.Proven = append(r.rep.Proven, what)
	}
}
