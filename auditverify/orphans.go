package auditverify

import (
	"context"
	"fmt"
	"time"
)

// A record that is not (yet) a leaf is either waiting for the sequencer,
// which integrates new records about once a second, or an orphan: a record
// left out of the tree, or one inserted into the table behind the tree's
// back. The tables cannot tell the two apart with certainty, so the rule is:
//
//   - by ID: the sequencer integrates the lowest IDs first, and looks no
//     further back than a window below the newest leaf's record. On SQLite
//     IDs are handed out in commit order, so the window is 0: a record
//     below the newest leaf's record ID is an orphan. On PostgreSQL a record
//     can commit after one with a larger ID, so the window is the
//     sequencer's own search window (100,000 IDs): a record further below
//     will never be integrated.
//   - by time: a record whose own time (in its stored bytes) is older than
//     the newest checkpoint, less a grace (60 s), is an orphan: the newest
//     checkpoint was signed after it, and records are integrated within
//     seconds of their commit. "The newest checkpoint's time" is the later
//     of its stored time and the newest time of a record it covers.
//
// Limits: a record inserted behind the tree's back with a fresh ID and a
// fresh time looks exactly like one waiting for the sequencer; the
// sequencer will then make it a leaf, and from then on it is part of the
// log (ADR 0010: records newer than the newest checkpoint are protected only
// as well as the database is). A sequencer that falls behind by more than
// the grace (a backlog of more than about 60 s of records) makes records
// look orphaned until it catches up: a false alarm, which a second run
// after the backlog clears resolves.

// nonLeaf is a record that is not a leaf: its ID and its time.
type nonLeaf struct{ id, atMs int64 }

// sqliteWindow and postgresWindow are Options.Window's defaults.
const (
	sqliteWindow   = 0
	postgresWindow = 100000
)

func (d *DB) defaultWindow() int64 {
	if d.dialect == "postgres" {
		return postgresWindow
	}
	return sqliteWindow
}

func (r *run) checkOrphans(context.Context) error {
	newestAt := r.coveredAt
	if len(r.cps) > 0 {
		newestAt = max(newestAt, r.cps[len(r.cps)-1].atMs)
	}
	limit := newestAt - r.opts.Grace.Milliseconds()
	for _, x := range r.nonLeaves {
		switch {
		case r.rep.TreeSize > 0 && x.id < r.maxLeafRecord-r.opts.Window:
			r.rep.add(Problem{Code: "record.orphan", Record: ptr(x.id), Message: fmt.Sprintf(
				"record %d is not a leaf, though record %d is: it was left out of the tree or inserted behind its back", x.id, r.maxLeafRecord)})
		case len(r.cps) > 0 && x.atMs < limit:
			r.rep.add(Problem{Code: "record.orphan", Record: ptr(x.id), Message: fmt.Sprintf(
				"record %d, of %s, is not a leaf, though a checkpoint was signed after %s: it was left out of the tree or inserted behind its back",
				x.id, ms(time.UnixMilli(x.atMs)), ms(time.UnixMilli(newestAt)))})
		default:
			r.rep.Pending++
		}
	}
	return nil
}
