package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"nsor"
)

// Group commit. A durable COMMIT costs an fsync, and SQLite manages about as
// many of them a second as nsor must sustain in write transactions; so one
// writer goroutine takes every Update that is waiting (up to MaxBatch), runs
// each inside its own SAVEPOINT of one transaction, and commits once. A
// function that fails is rolled back to its savepoint and leaves the others
// alone; every caller hears back only after the COMMIT, so nil still means
// durable. The writer never waits for more work: a lone Update commits at
// once, at the latency of one fsync.

// call is one Update waiting for the writer.
type call struct {
	ctx  context.Context
	fn   func(nsor.Tx) error
	done chan error // buffered: the writer never blocks on a caller
}

// Update runs fn in a read-write transaction, in a batch with whatever other
// Updates are waiting. When it returns nil, fn's writes are durable; when fn
// returns an error (or panics) nothing of fn remains. A context that ends
// before fn starts cancels it; once fn has started, Update reports the
// outcome, whatever the context does, so that nil is never a lie and an
// error never hides a commit. fn runs on the writer goroutine: it must not
// call Update (the writer would wait for itself), and it may call View.
//
// On PostgreSQL there is no writer goroutine and no batch: fn runs on the
// caller's goroutine in its own transaction (pool.go), with the same
// contract.
func (db *DB) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	return outage(db.update(ctx, fn))
}

// update is Update before an outage is told from other faults.
func (db *DB) update(ctx context.Context, fn func(nsor.Tx) error) error {
	if !db.d.singleWriter() {
		return db.updatePooled(ctx, fn)
	}
	c := &call{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.calls <- c:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.quit:
		return ErrClosed
	}
	return <-c.done
}

// writer is the single goroutine that writes.
func (db *DB) writer() {
	batch := make([]*call, 0, db.opts.MaxBatch)
	for {
		select {
		case c := <-db.calls:
			batch = db.collect(append(batch[:0], c))
			db.runBatch(batch)
			clear(batch)
			if db.writeStmts.pending() {
				db.writeStmts.prepareWanted(context.Background())
			}
		case <-db.quit:
			close(db.stopped)
			return
		}
	}
}

// collect adds every Update already waiting, without waiting for more.
func (db *DB) collect(batch []*call) []*call {
	for len(batch) < db.opts.MaxBatch {
		select {
		case c := <-db.calls:
			batch = append(batch, c)
		default:
			return batch
		}
	}
	return batch
}

// runBatch runs the batch in one transaction and answers every caller.
func (db *DB) runBatch(batch []*call) {
	answered := false
	var sqlTx *sql.Tx
	defer func() {
		if !answered {
			db.abandon(sqlTx, batch)
		}
	}()
	errs := make([]error, len(batch))
	start := time.Now()
	defer func() { db.busyNS.Add(int64(time.Since(start))) }()
	// The transaction belongs to no caller: one caller's cancelled context
	// must not roll back its neighbours' work.
	sqlTx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		fill(errs, nsor.Internalf(err, "sqlstore: begin write"))
	} else if err := db.runAll(sqlTx, batch, errs); err != nil {
		sqlTx.Rollback()
		fill(errs, err)
	} else if len(batch) == 1 && errs[0] != nil {
		sqlTx.Rollback() // a lone call runs without a savepoint: its failure is the transaction's
	} else if err := db.commit(sqlTx); err != nil {
		fill(errs, nsor.Internalf(err, "sqlstore: commit"))
	} else {
		db.commits.Add(1)
	}
	for i, c := range batch {
		c.done <- errs[i]
	}
	answered = true
}

// commit commits, timing it.
func (db *DB) commit(t interface{ Commit() error }) error {
	start := time.Now()
	defer func() { db.commitNS.Add(int64(time.Since(start))) }()
	return t.Commit()
}

func fill(errs []error, err error) {
	for i := range errs {
		errs[i] = err
	}
}

// errGoexit is the answer to a batch whose function ended the writer
// goroutine with runtime.Goexit (t.FailNow in a test does).
var errGoexit = errors.New("sqlstore: an update function called runtime.Goexit")

// abandon handles a batch that a function left by runtime.Goexit, which no
// recover stops: it rolls the batch back, tells every caller, and hands the
// queue to a new writer goroutine, so that the store still works.
func (db *DB) abandon(sqlTx *sql.Tx, batch []*call) {
	if sqlTx != nil {
		sqlTx.Rollback()
	}
	for _, c := range batch {
		c.done <- nsor.Internalf(errGoexit, "sqlstore: update")
	}
	go db.writer()
}

// runAll runs each call in its savepoint, recording its own error in errs. It
// returns an error when the transaction itself is broken, and then nothing of
// the batch may commit.
func (db *DB) runAll(sqlTx *sql.Tx, batch []*call, errs []error) error {
	for i, c := range batch {
		if err := c.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		fnErr, txErr := db.runOne(sqlTx, c, len(batch) == 1)
		if txErr != nil {
			return nsor.Internalf(txErr, "sqlstore: savepoint")
		}
		errs[i] = fnErr
	}
	return nil
}

// runOne runs one call inside a savepoint. fnErr is the call's own failure;
// txErr means the transaction can no longer be trusted (SQLite rolls a whole
// transaction back on some errors, such as a full disk). A call alone in
// its batch needs no savepoint: its transaction is its own, and runBatch
// rolls it back when it fails.
func (db *DB) runOne(sqlTx *sql.Tx, c *call, alone bool) (fnErr, txErr error) {
	ctx := context.Background()
	db.updates.Add(1)
	t := &tx{ctx: ctx, q: sqlQuerier{r: sqlTx, d: db.d, cache: db.writeStmts}, d: db.d}
	if alone {
		fnErr = protect(c.fn, t)
		t.finish()
		if fnErr != nil {
			db.failed.Add(1)
		}
		return fnErr, nil
	}
	if txErr := db.savepoint(sqlTx, "SAVEPOINT fn"); txErr != nil {
		return nil, txErr
	}
	fnErr = protect(c.fn, t)
	t.finish()
	if fnErr == nil {
		return nil, db.savepoint(sqlTx, "RELEASE fn")
	}
	db.failed.Add(1)
	if err := db.savepoint(sqlTx, "ROLLBACK TO fn"); err != nil {
		return fnErr, err
	}
	return fnErr, db.savepoint(sqlTx, "RELEASE fn")
}

// savepoint runs a savepoint statement, prepared once like any other.
func (db *DB) savepoint(sqlTx *sql.Tx, q string) error {
	var err error
	if s := db.writeStmts.get(q); s != nil {
		_, err = sqlTx.StmtContext(context.Background(), s).Exec()
	} else {
		_, err = sqlTx.Exec(q)
	}
	return err
}

// protect runs fn, turning a panic into an error: a panic must not kill the
// writer that every other caller waits on.
func protect(fn func(nsor.Tx) error, t *tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = nsor.Internalf(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "sqlstore: update function")
		}
	}()
	return fn(t)
}
