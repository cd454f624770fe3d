package auditlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor"
)

// An export directory keeps, outside the database, what a later verifier
// needs to prove the log against what it once said (docs/adr/0016-export-history.md):
//
//	checkpoint              the newest exported checkpoint, replaced atomically
//	checkpoints.log         every exported checkpoint, appended, never rewritten:
//	                        "<length in bytes>\n<signed note>" each
//	leaves                  the leaf hashes the exported checkpoints cover, 32
//	                        bytes each in leaf order, appended at each export
//	leaves.superseded-N-T   the leaves file of a history a restore superseded
//	                        (the newest checkpoint it covered was of size N)
//
// Nothing is ever written over: a restore or an accepted rollback starts a
// new leaves file and keeps the old one beside it.
const (
	HistoryFile = "checkpoints.log"
	LeavesFile  = "leaves"
)

// leafBatch bounds the leaf hashes read in one query when a leaves file is
// started or caught up.
const leafBatch = 10000

// exportPlan is what one export writes: the checkpoint, the leaf hashes from
// the leaves file's end to the checkpoint's size, and whether it starts a
// new history because a restore note superseded the one exported before.
type exportPlan struct {
	cp         *nsor.Checkpoint
	from       int64
	leaves     [][32]byte
	fork       bool
	superseded int64
	historyAt  *atomic.Int64 // the history's size after the Log's last append, 0 when not known
}

// readExported returns the newest checkpoint of the export directory, or nil
// when none was exported. Its signature is checked when the log knows its
// public keys. Without the file "checkpoint" it is the history's last
// entry, which was written before it: deleting the one file must not make
// a rolled-back database pass (docs/adr/0016-export-history.md).
func (l *Log) readExported() (*nsor.Checkpoint, error) {
	b, err := os.ReadFile(filepath.Join(l.cfg.ExportDir, ExportFile))
	if errors.Is(err, fs.ErrNotExist) {
		b, err = lastHistoryEntry(filepath.Join(l.cfg.ExportDir, HistoryFile))
	}
	if b == nil && err == nil {
		return nil, nil
	}
	if err != nil {
		return nil, exportUnreadable(err)
	}
	var text string
	if l.cfg.Known != nil {
		n, err := note.Open(bytes.TrimRight(b, "\x00"), l.cfg.Known)
		if err != nil {
			return nil, exportUnreadable(err)
		}
		text = n.Text
	} else if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		text = string(b[:i+1])
	}
	_, size, root, err := ParseCheckpointBody(text)
	if err != nil {
		return nil, exportUnreadable(err)
	}
	return &nsor.Checkpoint{Size: size, Root: root, Note: b}, nil
}

// lastHistoryEntry is the last whole entry "<length>\n<note>" of the
// history file, or nil when there is none (a torn last entry is skipped).
func lastHistoryEntry(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	notes, _ := historyEntries(b)
	if len(notes) == 0 {
		return nil, nil
	}
	return notes[len(notes)-1], nil
}

// historyEntries splits a history into its whole entries' notes, and says
// how many bytes they take: what follows is part of an entry, torn by a
// crash while appending.
func historyEntries(b []byte) (notes [][]byte, whole int) {
	for whole < len(b) {
		rest := b[whole:]
		i := bytes.IndexByte(rest, '\n')
		n, err := strconv.Atoi(string(rest[:max(i, 0)]))
		if i < 0 || err != nil || n <= 0 || n > len(rest)-i-1 {
			break
		}
		notes = append(notes, rest[i+1:i+1+n])
		whole += i + 1 + n
	}
	return notes, whole
}

// appendHistory appends entry to the history, first cutting a torn entry
// off its end unless the file is as this Log left it (so that the whole
// history is read once per process, not at every export).
func (p *exportPlan) appendHistory(path string, entry []byte) error {
	st, err := os.Stat(path)
	if err == nil && st.Size() != p.historyAt.Load() {
		err = cutTornHistory(path)
	} else if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	if err != nil {
		return err
	}
	if err := appendFile(path, entry); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		p.historyAt.Store(st.Size())
	}
	return nil
}

// cutTornHistory cuts a torn last entry off the history before the next
// is appended: after it, the two would read as one entry, and every later
// one would be lost to a reader.
func cutTornHistory(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("auditlog: read the history: %w", err)
	}
	if _, whole := historyEntries(b); whole < len(b) {
		return os.Truncate(path, int64(whole))
	}
	return nil
}

// checkExported compares the export directory's newest checkpoint with the
// tree in tx. The tree must extend it, or a signed restore note in the
// database must supersede it (a restore, or an accepted rollback): then fork
// is true and the next export starts a new history. Otherwise the database
// is behind, or forks from, what this installation said: a KindUnavailable
// error, "audit.log_behind" or "audit.log_forked".
func (l *Log) checkExported(tx nsor.Tx) (e *nsor.Checkpoint, fork bool, err error) {
	if e, err = l.readExported(); err != nil || e == nil {
		return nil, false, err
	}
	size, err := tx.AuditTreeSize()
	if err != nil {
		return nil, false, err
	}
	if size >= e.Size {
		root, err := tlog.TreeHash(e.Size, &overlay{tx: tx})
		if err != nil {
			return nil, false, fmt.Errorf("tree hash of %d: %w", e.Size, err)
		}
		if root == e.Root {
			return e, false, nil
		}
	}
	if ok, err := l.supersededByNote(tx, e); err != nil || ok {
		return e, ok, err
	}
	if size < e.Size {
		return nil, false, logBehind(size, e.Size)
	}
	return nil, false, logForked(e.Size)
}

// checkHistory compares the stored checkpoints with the export history,
// whose newest checkpoint is e (nil when the directory has none): every
// checkpoint is stored, then exported, so a crash between leaves at most
// the newest stored checkpoint out of the history; ExportNewest exports it
// when nsor serve starts. Two or more stored checkpoints newer than e, or
// two or more and no history at all, mean the history was deleted or
// replaced: the database may have been rolled back with it, and a new
// history would hide that. That is a KindUnavailable error,
// "audit.export_missing", until an operator accepts the loss
// (AcceptRollback). An empty history is held to it always; a history that
// merely lags only when this directory receives every checkpoint
// (Config.SoleExporter): on PostgreSQL another instance may have exported
// the rest to its own (docs/adr/0016-export-history.md).
func (l *Log) checkHistory(tx nsor.Tx, e *nsor.Checkpoint) error {
	var after int64
	if e != nil {
		if !l.cfg.SoleExporter {
			return nil
		}
		after = e.Size
	}
	n, err := tx.CheckpointsAfter(after)
	if err != nil || n < 2 {
		return err
	}
	return exportMissing(n, e)
}

// supersededByNote says whether a restore note in the database, signed by a
// known key when the log knows its keys, supersedes exactly the checkpoint e.
func (l *Log) supersededByNote(tx nsor.Tx, e *nsor.Checkpoint) (bool, error) {
	notes, err := tx.AuditRestores()
	if err != nil {
		return false, err
	}
	for _, msg := range notes {
		var text string
		if l.cfg.Known != nil {
			n, err := note.Open(msg, l.cfg.Known)
			if err != nil {
				continue
			}
			text = n.Text
		} else if i := bytes.Index(msg, []byte("\n\n")); i >= 0 {
			text = string(msg[:i+1])
		}
		r, err := ParseRestoreBody(text)
		if err == nil && r.SupersededSize == e.Size && r.SupersededRoot == e.Root && r.Restored < e.Size {
			return true, nil
		}
	}
	return false, nil
}

// planExport gathers, in the transaction that signed cp, the leaf hashes
// the leaves file lacks: from what this instance integrated (the cache, and
// b, this transaction's batch) when they hold them all, else from the
// stored tree.
func (l *Log) planExport(tx nsor.Tx, cp *nsor.Checkpoint, prev *nsor.Checkpoint, fork bool, b batch) (*exportPlan, error) {
	p := &exportPlan{cp: cp, fork: fork, historyAt: &l.historyAt}
	if fork {
		p.superseded = prev.Size
	} else if p.from = l.leavesKept(); p.from > cp.Size {
		return nil, fmt.Errorf("the export directory keeps %d leaf hashes, more than the tree of %d: it is not this log's", p.from, cp.Size)
	}
	if hs, ok := l.cache.span(p.from, cp.Size, b); ok {
		p.leaves = hs
		return p, nil
	}
	for i := p.from; i < cp.Size; i += leafBatch {
		idx := make([]int64, 0, leafBatch)
		for j := i; j < min(i+leafBatch, cp.Size); j++ {
			idx = append(idx, tlog.StoredHashIndex(0, j))
		}
		hs, err := tx.AuditHashes(idx)
		if err != nil {
			return nil, err
		}
		p.leaves = append(p.leaves, hs...)
	}
	return p, nil
}

// leavesKept is how many whole leaf hashes the leaves file holds.
func (l *Log) leavesKept() int64 {
	st, err := os.Stat(filepath.Join(l.cfg.ExportDir, LeavesFile))
	if err != nil {
		return 0
	}
	return st.Size() / tlog.HashSize
}

// write exports the plan: the leaf hashes first, then the history, then the
// newest checkpoint, so that a crash between leaves the history ahead of
// "checkpoint", never behind it.
func (p *exportPlan) write(dir string, now time.Time) error {
	leaves := filepath.Join(dir, LeavesFile)
	if p.fork {
		aside := fmt.Sprintf("%s.superseded-%d-%d", leaves, p.superseded, now.UnixMilli())
		if err := os.Rename(leaves, aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("auditlog: keep the superseded leaves: %w", err)
		}
	} else if err := truncateTorn(leaves, p.from*tlog.HashSize); err != nil {
		return err
	}
	buf := make([]byte, 0, len(p.leaves)*tlog.HashSize)
	for _, h := range p.leaves {
		buf = append(buf, h[:]...)
	}
	if err := appendFile(leaves, buf); err != nil {
		return err
	}
	entry := append([]byte(strconv.Itoa(len(p.cp.Note))+"\n"), p.cp.Note...)
	if err := p.appendHistory(filepath.Join(dir, HistoryFile), entry); err != nil {
		return err
	}
	return ExportCheckpoint(dir, p.cp.Note)
}

// truncateTorn cuts a leaves file back to its whole hashes: a crash in the
// middle of an append leaves part of one, which no checkpoint covers yet.
func truncateTorn(path string, whole int64) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() == whole {
		return nil
	}
	return os.Truncate(path, whole)
}

// appendFile appends b to a file, creating it, and makes it durable.
func appendFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	_, err = f.Write(b)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("auditlog: append to %s: %w", filepath.Base(path), err)
	}
	return nil
}

func logBehind(size, exported int64) error {
	return nsor.Errorf(nsor.KindUnavailable, "audit.log_behind",
		"The system accepts no changes: its audit log holds %d records, fewer than the %d its published checkpoint covers, so the database was rolled back. An operator must accept the rollback (nsor audit accept-rollback) before work resumes.",
		size, exported)
}

func logForked(exported int64) error {
	return nsor.Errorf(nsor.KindUnavailable, "audit.log_forked",
		"The system accepts no changes: its audit log differs from the checkpoint of %d records it published, so the database was replaced or rewritten. An operator must accept the rollback (nsor audit accept-rollback) before work resumes.",
		exported)
}

func exportMissing(n int64, e *nsor.Checkpoint) error {
	if e == nil {
		return nsor.Errorf(nsor.KindUnavailable, "audit.export_missing",
			"The system accepts no changes: its audit log holds %d signed checkpoints but the export directory has none of them, so the export history was deleted or replaced and the database may have been rolled back with it. An operator must accept the loss (nsor audit accept-rollback) before work resumes.",
			n)
	}
	return nsor.Errorf(nsor.KindUnavailable, "audit.export_missing",
		"The system accepts no changes: its audit log holds %d signed checkpoints newer than the last of the export directory's (of %d records), so the export history was cut back or replaced and the database may have been rolled back with it. An operator must accept the loss (nsor audit accept-rollback) before work resumes.",
		n, e.Size)
}

func exportUnreadable(cause error) error {
	e := nsor.Errorf(nsor.KindUnavailable, "audit.export_unreadable",
		"The system accepts no changes: the checkpoint it published cannot be read, so it cannot tell whether its audit log was rolled back.")
	e.Err = cause
	return e
}

// ExportNewest exports the newest stored checkpoint when the export
// directory does not have it yet: nsor restore calls it once the restored
// database is in place, so that the restore's checkpoint starts the new
// history beside the superseded one; nsor serve calls it at the start, to
// export the checkpoint a crash left stored and not exported
// (checkHistory).
func (l *Log) ExportNewest(ctx context.Context) error {
	if l.cfg.ExportDir == "" {
		return nil
	}
	var plan *exportPlan
	err := l.store.View(ctx, func(tx nsor.Tx) error {
		prev, fork, err := l.checkExported(tx)
		if err != nil {
			return err
		}
		cp, err := tx.LatestCheckpoint()
		if err != nil || cp == nil || (prev != nil && !fork && prev.Size >= cp.Size) {
			return err
		}
		plan, err = l.planExport(tx, cp, prev, fork, batch{})
		return err
	})
	if err != nil || plan == nil {
		return err
	}
	return plan.write(l.cfg.ExportDir, l.clock.Now())
}

// batch is the leaves one step integrated: leaf from and those after it.
type batch struct {
	from   int64
	leaves [][32]byte
}

// maxCached bounds the leaf hashes kept between exports; past it, an
// export reads them from the stored tree instead.
const maxCached = 1 << 20

// leafCache keeps the leaf hashes this instance integrated since its last
// export, so that an export appends them without reading them back: one
// contiguous run of leaves.
type leafCache struct {
	mu     sync.Mutex
	from   int64
	hashes [][32]byte
}

// add appends a committed batch; a batch that does not follow the run
// starts a new one (another instance integrated in between).
func (c *leafCache) add(b batch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(b.leaves) == 0 {
		return
	}
	if c.from+int64(len(c.hashes)) != b.from || len(c.hashes)+len(b.leaves) > maxCached {
		c.from, c.hashes = b.from, nil
	}
	c.hashes = append(c.hashes, b.leaves...)
}

// trim forgets the hashes below to, which an export has written.
func (c *leafCache) trim(to int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := to - c.from; n >= int64(len(c.hashes)) {
		c.from, c.hashes = to, nil
	} else if n > 0 {
		c.from, c.hashes = to, c.hashes[n:]
	}
}

// span returns the hashes of leaves [from, to) from the run and the batch
// b not yet committed, or false when they do not hold them all.
func (c *leafCache) span(from, to int64, b batch) ([][32]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][32]byte, 0, max(to-from, 0))
	for i := from; i < to; i++ {
		switch {
		case i >= c.from && i < c.from+int64(len(c.hashes)):
			out = append(out, c.hashes[i-c.from])
		case i >= b.from && i < b.from+int64(len(b.leaves)):
			out = append(out, b.leaves[i-b.from])
		default:
			return nil, false
		}
	}
	return out, true
}
