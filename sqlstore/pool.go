package sqlstore

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"nsor"
)

// Pooled Updates (PostgreSQL). Several nsor instances write to one database,
// so no goroutine of one process can order the writes: each Update is a
// transaction of its own on the writers' pool, at READ COMMITTED. Races
// between transactions are settled by the data: an UPDATE of a versioned
// row says "WHERE id = ? AND version = ?", so of two transactions that
// loaded the same version, the second waits for the first's row lock, then
// finds the version changed and updates nothing, which the store reports as
// a KindConflict (version.stale); unique indexes settle the rest.

// maxAttempts bounds how often an Update runs fn when PostgreSQL rolls the
// transaction back for a serialization failure or a deadlock.
const maxAttempts = 4

// updatePooled is Update on a pool. fn may run more than once, after a
// rollback that undid everything it did: it touches only the Tx, so a rerun
// starts from the same state. The caller's context decides only whether fn
// starts: once it has, the outcome is reported, as on SQLite.
func (db *DB) updatePooled(ctx context.Context, fn func(nsor.Tx) error) error {
	db.inflight.RLock()
	defer db.inflight.RUnlock()
	select {
	case <-db.quit:
		return ErrClosed
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		err := db.runPooled(fn)
		if err == nil || attempt == maxAttempts || !db.d.retryable(err) {
			return err
		}
		// The transaction that won may still hold locks: a short random
		// pause keeps two losers from meeting again at once.
		time.Sleep(time.Duration(rand.Int64N(int64(attempt) * int64(5*time.Millisecond))))
	}
}

// runPooled runs fn once in a transaction of its own and commits it. The
// transaction belongs to no caller's context, for the reason Update gives.
func (db *DB) runPooled(fn func(nsor.Tx) error) error {
	start := time.Now()
	defer func() { db.busyNS.Add(int64(time.Since(start))) }()
	db.updates.Add(1)
	ctx := context.Background()
	var fnErr, commitErr error
	err := withPgxConn(ctx, db.write, db.opts.PoolWait, func(conn *pgx.Conn) error {
		q := &pgxQuerier{conn: conn, d: db.d, begin: pgBeginWrite}
		// A function that panics or ends its goroutine (runtime.Goexit)
		// leaves through here: its transaction is rolled back, never
		// committed.
		defer q.rollback()
		t := &tx{ctx: ctx, q: q, d: db.d}
		fnErr = protect(fn, t)
		t.finish()
		if fnErr == nil {
			commitErr = db.commit(q)
		}
		return nil
	})
	switch {
	case err != nil:
		db.failed.Add(1)
		return nsor.Internalf(err, "sqlstore: begin write")
	case fnErr != nil:
		db.failed.Add(1)
		return fnErr
	case commitErr != nil:
		db.failed.Add(1)
		return nsor.Internalf(commitErr, "sqlstore: commit")
	}
	db.commits.Add(1)
	return nil
}
