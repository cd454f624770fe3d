package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Transactions on PostgreSQL run natively on pgx, not through database/sql,
// which sends BEGIN as a round trip of its own: here BEGIN goes to the
// server in one round trip with the transaction's first statement (a pgx
// batch), and a transaction whose function ran no statement sends nothing.
// An act is about ten round trips, so this is one in ten. The pool stays
// database/sql's: its limits, its idle connections and its check that a
// connection returned to it holds no open transaction (stdlib discards one
// that does).

const (
	// pgBeginWrite opens an Update: READ COMMITTED, the server's default
	// (pool.go says why).
	pgBeginWrite = "BEGIN"
	// pgBeginView opens a View: one snapshot for all its statements.
	pgBeginView = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
)

// errCommitRolledBack is a COMMIT the server answered with ROLLBACK: the
// transaction had failed, and nothing of it was kept.
var errCommitRolledBack = errors.New("sqlstore: the server rolled the transaction back at COMMIT")

// withPgxConn runs fn on the pgx connection under one of the pool's
// connections.
func withPgxConn(ctx context.Context, pool *sql.DB, wait time.Duration, fn func(*pgx.Conn) error) error {
	c, err := acquire(ctx, pool, wait)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: not a pgx connection: %T", dc)
		}
		return fn(sc.Conn())
	})
}

// acquire takes a connection of pool, waiting at most wait for one to come
// free (or to be opened): a pool that stays exhausted, or a server that
// does not answer, is an outage (errPoolBusy), not a reason to hold the
// caller for ever. The caller's own context still decides as well.
func acquire(ctx context.Context, pool *sql.DB, wait time.Duration) (*sql.Conn, error) {
	actx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	c, err := pool.Conn(actx)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w (waited %s): %w", errPoolBusy, wait, err)
	}
	return c, err
}

// pgxQuerier runs a transaction's statements on a pgx connection.
type pgxQuerier struct {
	conn  *pgx.Conn
	d     dialect
	begin string   // the BEGIN still to send, with the next statement
	later []queued // writes whose answers nothing waits for (execLater)
}

// queued is a statement waiting to be sent.
type queued struct {
	q    string
	args []any
}

func (p *pgxQuerier) exec(ctx context.Context, q string, args ...any) (int64, error) {
	q = p.d.rebind(q)
	if !p.waiting() {
		tag, err := p.conn.Exec(ctx, q, args...)
		return tag.RowsAffected(), err
	}
	br, err := p.send(ctx, queued{q: q, args: args})
	if err != nil {
		return 0, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag.RowsAffected(), err
}

func (p *pgxQuerier) query(ctx context.Context, q string, args ...any) (rowSet, error) {
	q = p.d.rebind(q)
	if !p.waiting() {
		rows, err := p.conn.Query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		return &pgxRows{Rows: rows}, nil
	}
	br, err := p.send(ctx, queued{q: q, args: args})
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &pgxRows{Rows: rows, batch: br}, nil
}

// queryAll sends the queries in one round trip and hands each one's rows to
// each, in order.
func (p *pgxQuerier) queryAll(ctx context.Context, qs []queued, each func(i int, rows rowSet) error) error {
	for i := range qs {
		qs[i].q = p.d.rebind(qs[i].q)
	}
	br, err := p.send(ctx, qs...)
	if err != nil {
		return err
	}
	for i := range qs {
		rows, err := br.Query()
		if err != nil {
			br.Close()
			return err
		}
		r := &pgxRows{Rows: rows}
		err = each(i, r)
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// execLater queues a write whose answer nothing needs before the commit: it
// goes to the server with the next statement, or with COMMIT, in the same
// round trip. Should the server refuse it, that statement or the COMMIT
// fails, and with it the transaction.
func (p *pgxQuerier) execLater(ctx context.Context, q string, args ...any) error {
	p.later = append(p.later, queued{q: p.d.rebind(q), args: args})
	return nil
}

// waiting reports whether statements wait to go with the next one.
func (p *pgxQuerier) waiting() bool { return p.begin != "" || len(p.later) > 0 }

// send sends what waits (BEGIN, the queued writes) and the statements, all
// with their placeholders rebound, in one round trip, and reads the answers
// to all but the statements', which are the caller's to read. Until BEGIN
// has succeeded it stays to be sent: a statement must never run outside the
// transaction because the one before it failed.
func (p *pgxQuerier) send(ctx context.Context, qs ...queued) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	if p.begin != "" {
		b.Queue(p.begin)
	}
	for _, w := range p.later {
		b.Queue(w.q, w.args...)
	}
	for _, q := range qs {
		b.Queue(q.q, q.args...)
	}
	br := p.conn.SendBatch(ctx, b)
	if p.begin != "" {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
		p.begin = ""
	}
	later := p.later
	p.later = nil
	for _, w := range later {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, fmt.Errorf("%s: %w", verb(w.q), err)
		}
	}
	return br, nil
}

// inTx reports whether the server holds a transaction open on the
// connection (begun, or failed and not yet rolled back).
func (p *pgxQuerier) inTx() bool { return p.conn.PgConn().TxStatus() != 'I' }

// Commit commits what the statements did, sending the queued writes with
// COMMIT; with no statement at all, nothing began.
func (p *pgxQuerier) Commit() error {
	var tag pgconn.CommandTag
	var err error
	switch {
	case len(p.later) > 0:
		var br pgx.BatchResults
		if br, err = p.send(context.Background(), queued{q: "COMMIT"}); err != nil {
			return err
		}
		tag, err = br.Exec()
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	case !p.inTx():
		return nil
	default:
		tag, err = p.conn.Exec(context.Background(), "COMMIT")
	}
	if err != nil {
		return err
	}
	if tag.String() != "COMMIT" {
		return errCommitRolledBack
	}
	return nil
}

// rollback ends a transaction left open. Should it fail, the connection
// still holds the transaction, and the pool discards it when it is returned.
func (p *pgxQuerier) rollback() {
	if p.inTx() {
		p.conn.Exec(context.Background(), "ROLLBACK")
	}
}

// pgxRows are a query's rows, and the batch they came in, if any.
type pgxRows struct {
	pgx.Rows
	batch  pgx.BatchResults
	closed bool
}

// Close closes the rows and their batch, and reports the query's error.
func (r *pgxRows) Close() error {
	if r.closed {
		return r.Rows.Err()
	}
	r.closed = true
	r.Rows.Close()
	err := r.Rows.Err()
	if r.batch != nil {
		if cerr := r.batch.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// roundTrips counts what the store sends to PostgreSQL and waits for: every
// query, batch and statement preparation, on all of a DB's connections
// (Stats.RoundTrips). It is a pgx tracer; counting is one atomic add.
type roundTrips struct{ n atomic.Uint64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func (r *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}
