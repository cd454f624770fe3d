package auditlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor"
)

// Config configures a Log. Zero durations take the defaults.
type Config struct {
	Origin string // the log's name; DefaultOrigin when empty
	// SequenceEvery is how often new records are integrated (default 1s).
	SequenceEvery time.Duration
	// CheckpointEvery is the longest a new leaf waits for a signed
	// checkpoint (default 10s).
	CheckpointEvery time.Duration
	// Lease is how long the sequencer's lease lasts unrenewed: how soon
	// another instance takes over when this one dies (default 5s).
	Lease time.Duration
	// Batch bounds the records integrated in one transaction (default 5000).
	Batch int
	// ExportDir receives every new checkpoint, outside the database, as
	// the file "checkpoint" and in the append-only history (export.go);
	// empty exports nothing and checks nothing against an export.
	ExportDir string
	// SoleExporter says that every checkpoint the database stores is
	// exported to ExportDir: one instance serves the database (SQLite).
	// On PostgreSQL several instances each export to their own directory,
	// so one's directory may lag the database by many checkpoints.
	SoleExporter bool
	// Known are the log's public keys, to check the exported checkpoint
	// and restore notes the sequencer compares the database with; nil
	// reads them unchecked.
	Known note.Verifiers
}

func (c Config) withDefaults() Config {
	if c.Origin == "" {
		c.Origin = DefaultOrigin
	}
	if c.SequenceEvery <= 0 {
		c.SequenceEvery = time.Second
	}
	if c.CheckpointEvery <= 0 {
		c.CheckpointEvery = 10 * time.Second
	}
	if c.Lease <= 0 {
		c.Lease = 5 * time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 5000
	}
	return c
}

// Log runs the sequencer and the checkpoint signer of one instance, and
// proves records to anyone.
type Log struct {
	store  nsor.Store
	clock  nsor.Clock
	signer note.Signer
	cfg    Config
	holder string
	logger *slog.Logger

	mu     sync.Mutex
	health error // why the log refuses to go on, or nil (export.go)
	cache  leafCache

	historyAt atomic.Int64 // the export history's size after this Log's last append (export.go)
}

// New returns a Log over store; signer signs its checkpoints.
func New(store nsor.Store, clock nsor.Clock, signer note.Signer, cfg Config, logger *slog.Logger) (*Log, error) {
	cfg = cfg.withDefaults()
	if signer.Name() != cfg.Origin {
		return nil, fmt.Errorf("auditlog: signing key is for %q, the log is %q", signer.Name(), cfg.Origin)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	host, _ := os.Hostname()
	holder := fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(id[:]))
	return &Log{store: store, clock: clock, signer: signer, cfg: cfg, holder: holder, logger: logger}, nil
}

// Origin is the log's name.
func (l *Log) Origin() string { return l.cfg.Origin }

// Holder names this instance in the sequencer's lease.
func (l *Log) Holder() string { return l.holder }

// Run integrates and checkpoints until ctx ends, then yields the lease, so
// that another instance takes the sequencer over at once. Failures are
// logged and retried at the next tick: the records wait safely in their
// table.
func (l *Log) Run(ctx context.Context) {
	seq := time.NewTicker(l.cfg.SequenceEvery)
	defer seq.Stop()
	lastCheckpoint := time.Time{}
	for {
		select {
		case <-ctx.Done():
			yctx, cancel := context.WithTimeout(context.Background(), yieldTimeout)
			defer cancel()
			// A last checkpoint covers what this instance integrated, so
			// that a stopped installation leaves no leaf uncovered.
			if _, err := l.Step(yctx, true); err != nil && nsor.KindOf(err) != nsor.KindUnavailable {
				l.logger.Error("audit log: last step", "err", err)
			}
			if err := l.Yield(yctx); err != nil {
				l.logger.Error("audit log: yield the sequencer's lease", "err", err)
			}
			return
		case <-seq.C:
		}
		due := l.clock.Now().Sub(lastCheckpoint) >= l.cfg.CheckpointEvery
		res, err := l.Step(ctx, due)
		if err != nil {
			if ctx.Err() == nil && nsor.KindOf(err) != nsor.KindUnavailable {
				l.logger.Error("audit log step failed", "err", err)
			}
			continue
		}
		if res.Checkpoint != nil || (due && res.Leased) {
			lastCheckpoint = l.clock.Now()
		}
	}
}

// yieldTimeout bounds the stop's wait for the database; a lease not yielded
// runs out by itself.
const yieldTimeout = 5 * time.Second

// Yield ends this instance's lease if it holds it: an instance that stops
// hands the sequencer over at once instead of when its lease runs out.
func (l *Log) Yield(ctx context.Context) error {
	err := l.store.Update(ctx, func(tx nsor.Tx) error { return tx.YieldSequencer(l.holder) })
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	return nil
}

// StepResult says what one step did.
type StepResult struct {
	Leased     bool             // this instance holds the sequencer's lease
	Added      int              // records integrated
	Checkpoint *nsor.Checkpoint // the checkpoint signed, if any
}

// Step takes or renews the lease and, holding it, integrates the records
// committed since the last step; with checkpoint set it also signs a
// checkpoint when the tree has grown since the newest one, and exports it
// after the commit. Without the lease it does nothing.
//
// Before it signs, and at every step while the log refuses, it compares the
// database with the checkpoint it exported last (checkExported): on a
// database that is behind it or forks from it, it neither integrates nor
// signs, and returns the KindUnavailable refusal that Health reports.
func (l *Log) Step(ctx context.Context, checkpoint bool) (StepResult, error) {
	var res StepResult
	var plan *exportPlan
	var b batch
	now := l.clock.Now()
	err := l.store.Update(ctx, func(tx nsor.Tx) error {
		res, plan, b = StepResult{}, nil, batch{}
		ok, err := tx.LeaseSequencer(l.holder, now, now.Add(l.cfg.Lease))
		if err != nil || !ok {
			return err
		}
		res.Leased = true
		var prev *nsor.Checkpoint
		fork := false
		if l.cfg.ExportDir != "" && (checkpoint || l.Health() != nil) {
			refusing := l.Health() != nil
			prev, fork, err = l.checkExported(tx)
			if err == nil && refusing && !fork {
				// A history found missing at the start stays missing
				// until an operator accepts its loss (checkHistory).
				err = l.checkHistory(tx, prev)
			}
			if err = l.setHealth(err); err != nil {
				return err
			}
		}
		if b, err = l.integrate(tx); err != nil || !checkpoint {
			res.Added = len(b.leaves)
			return err
		}
		res.Added = len(b.leaves)
		if res.Checkpoint, err = l.sign(tx, now); err != nil || res.Checkpoint == nil || l.cfg.ExportDir == "" {
			return err
		}
		plan, err = l.planExport(tx, res.Checkpoint, prev, fork, b)
		return err
	})
	if err != nil {
		return StepResult{}, fmt.Errorf("auditlog: %w", err)
	}
	if l.cfg.ExportDir != "" {
		l.cache.add(b)
	}
	if plan != nil {
		if err := plan.write(l.cfg.ExportDir, now); err != nil {
			return res, err
		}
		l.cache.trim(plan.cp.Size)
	}
	return res, nil
}

// Health is nil while the log goes on, and otherwise the KindUnavailable
// refusal that stops it: the database is behind, or forks from, the
// checkpoint this instance exported. Writes are refused while it is not nil
// (cmd/nsor wires that).
func (l *Log) Health() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.health
}

// setHealth records the outcome of a comparison with the export: a
// KindUnavailable refusal becomes the log's health, and is logged when it
// starts or ends; anything else is returned as it is.
func (l *Log) setHealth(err error) error {
	if err != nil && nsor.KindOf(err) != nsor.KindUnavailable {
		return err
	}
	l.mu.Lock()
	before := l.health
	l.health = err
	l.mu.Unlock()
	switch {
	case err != nil && before == nil:
		l.logger.Error("audit log: refusing writes and checkpoints", "err", err)
	case err == nil && before != nil:
		l.logger.Info("audit log: the database agrees with the exported checkpoint again")
	}
	return err
}

// CheckExported compares the database with the checkpoint exported last,
// as Step does before it signs, and with the export history
// (checkHistory), and sets Health: nsor serve calls it before it accepts a
// request.
func (l *Log) CheckExported(ctx context.Context) error {
	if l.cfg.ExportDir == "" {
		return nil
	}
	err := l.store.View(ctx, func(tx nsor.Tx) error {
		e, fork, err := l.checkExported(tx)
		if err == nil && !fork {
			err = l.checkHistory(tx, e)
		}
		return err
	})
	return l.setHealth(err)
}

// integrate appends the unsequenced records as leaves, in one batch, and
// returns their leaf hashes.
func (l *Log) integrate(tx nsor.Tx) (batch, error) {
	pending, err := tx.UnsequencedAudit(l.cfg.Batch)
	if err != nil || len(pending) == 0 {
		return batch{}, err
	}
	size, err := tx.AuditTreeSize()
	if err != nil {
		return batch{}, err
	}
	b := batch{from: size, leaves: make([][32]byte, 0, len(pending))}
	r := &overlay{tx: tx, added: map[int64]tlog.Hash{}}
	ids := make([]int64, len(pending))
	var hashes []nsor.AuditHash
	for i, e := range pending {
		n := size + int64(i)
		hs, err := tlog.StoredHashes(n, e.Data, r)
		if err != nil {
			return batch{}, fmt.Errorf("hash record %d as leaf %d: %w", e.ID, n, err)
		}
		b.leaves = append(b.leaves, hs[0]) // the first stored hash is the leaf's own
		base := tlog.StoredHashIndex(0, n)
		for j, h := range hs {
			r.added[base+int64(j)] = h
			hashes = append(hashes, nsor.AuditHash{Index: base + int64(j), Hash: h})
		}
		ids[i] = e.ID
	}
	return b, tx.AppendAuditLeaves(size, ids, hashes)
}

// sign signs a checkpoint of the whole tree when it has grown.
func (l *Log) sign(tx nsor.Tx, now time.Time) (*nsor.Checkpoint, error) {
	size, err := tx.AuditTreeSize()
	if err != nil || size == 0 {
		return nil, err
	}
	last, err := tx.LatestCheckpoint()
	if err != nil || (last != nil && last.Size >= size) {
		return nil, err
	}
	root, err := tlog.TreeHash(size, &overlay{tx: tx})
	if err != nil {
		return nil, fmt.Errorf("tree hash of %d: %w", size, err)
	}
	msg, err := SignCheckpoint(l.signer, l.cfg.Origin, size, root)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	c := &nsor.Checkpoint{Size: size, Root: root, Note: msg, At: now}
	return c, tx.AddCheckpoint(c)
}

// ExportFile is the name of the newest exported checkpoint in an export
// directory.
const ExportFile = "checkpoint"

// ExportCheckpoint replaces the export directory's checkpoint with note,
// atomically, so that a reader sees the old or the new, never a part. The
// sequencer calls it only after it has appended note to the history.
func ExportCheckpoint(dir string, note []byte) error {
	return writeFileAtomic(filepath.Join(dir, ExportFile), note, 0o644)
}

// overlay reads tree hashes from the transaction, and from the hashes this
// batch has computed but not yet stored.
type overlay struct {
	tx    nsor.AuditLogTx
	added map[int64]tlog.Hash
}

// ReadHashes implements tlog.HashReader.
func (o *overlay) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	var missing []int64
	var at []int
	for i, idx := range indexes {
		if h, ok := o.added[idx]; ok {
			out[i] = h
			continue
		}
		missing = append(missing, idx)
		at = append(at, i)
	}
	if len(missing) == 0 {
		return out, nil
	}
	got, err := o.tx.AuditHashes(missing)
	if err != nil {
		return nil, err
	}
	for j, h := range got {
		out[at[j]] = h
	}
	return out, nil
}
