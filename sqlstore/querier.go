package sqlstore

import (
	"context"
	"database/sql"
)

// querier runs a transaction's statements, written with ? placeholders:
// sqlQuerier through database/sql, pgxQuerier (pgxtx.go) natively on a
// PostgreSQL connection.
type querier interface {
	// exec runs a statement and returns the number of rows it changed.
	exec(ctx context.Context, q string, args ...any) (int64, error)
	// query runs a statement that returns rows.
	query(ctx context.Context, q string, args ...any) (rowSet, error)
	// queryAll runs the queries and hands each one's rows to each, in
	// order; on a server, in one round trip.
	queryAll(ctx context.Context, qs []queued, each func(i int, rows rowSet) error) error
	// execLater runs a write whose answer nothing needs before the commit,
	// now or, on a server, with the next statement or the COMMIT.
	execLater(ctx context.Context, q string, args ...any) error
}

// rowSet is the rows of a query, as *sql.Rows has them.
type rowSet interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// sqlRunner runs statements through database/sql: a *sql.Tx, or a pool
// (*sql.DB) for a read of one statement, which needs no transaction.
type sqlRunner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// sqlQuerier is a querier through database/sql, with the pool's prepared
// statements when it keeps them (SQLite).
type sqlQuerier struct {
	r     sqlRunner
	d     dialect
	cache *stmtCache
}

func (s sqlQuerier) exec(ctx context.Context, q string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if st := s.prepared(ctx, q); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = s.r.ExecContext(ctx, s.d.rebind(q), args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// queryAll runs the queries one after the other: SQLite answers in-process.
func (s sqlQuerier) queryAll(ctx context.Context, qs []queued, each func(i int, rows rowSet) error) error {
	for i, q := range qs {
		rows, err := s.query(ctx, q.q, q.args...)
		if err != nil {
			return err
		}
		err = each(i, rows)
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// execLater runs the write now: SQLite answers in-process.
func (s sqlQuerier) execLater(ctx context.Context, q string, args ...any) error {
	_, err := s.exec(ctx, q, args...)
	return err
}

func (s sqlQuerier) query(ctx context.Context, q string, args ...any) (rowSet, error) {
	var rows *sql.Rows
	var err error
	if st := s.prepared(ctx, q); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = s.r.QueryContext(ctx, s.d.rebind(q), args...)
	}
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// prepared returns q's cached statement bound to the transaction, or nil.
func (s sqlQuerier) prepared(ctx context.Context, q string) *sql.Stmt {
	if s.cache == nil {
		return nil
	}
	st := s.cache.get(s.d.rebind(q))
	if st == nil {
		return nil
	}
	if sqlTx, ok := s.r.(*sql.Tx); ok {
		return sqlTx.StmtContext(ctx, st)
	}
	return st
}
