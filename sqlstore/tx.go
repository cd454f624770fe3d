package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"nsor"
)

// tx is one function's view of a transaction: the whole transaction in View,
// one savepoint of a batch in Update. It implements nsor.Tx; the methods
// live in one file per noun.
type tx struct {
	ctx      context.Context
	q        querier
	d        dialect
	readOnly bool
	done     bool // set when the function returned: a kept Tx must not write into a neighbour's savepoint
}

var _ nsor.Tx = (*tx)(nil)

var (
	errReadOnly = errors.New("sqlstore: write in a read-only transaction")
	errTxDone   = errors.New("sqlstore: transaction used after its function returned")
)

func (t *tx) finish() { t.done = true }

// usable refuses work on a finished transaction, and writes in View.
func (t *tx) usable(write bool) error {
	switch {
	case t.done:
		return nsor.Internalf(errTxDone, "sqlstore")
	case write && t.readOnly:
		return nsor.Internalf(errReadOnly, "sqlstore")
	}
	return nil
}

// scanner is a row being read.
type scanner interface{ Scan(dest ...any) error }

// exec runs a write and returns the number of rows it changed.
func (t *tx) exec(q string, args ...any) (int64, error) {
	if err := t.usable(true); err != nil {
		return 0, err
	}
	n, err := t.q.exec(t.ctx, q, args...)
	if err != nil {
		return 0, nsor.Internalf(err, "sqlstore: %s", verb(q))
	}
	return n, nil
}

// execLater runs a write whose answer nothing in the transaction needs; on
// PostgreSQL it is sent with the next statement or the COMMIT (pgxtx.go).
func (t *tx) execLater(q string, args ...any) error {
	if err := t.usable(true); err != nil {
		return err
	}
	if err := t.q.execLater(t.ctx, q, args...); err != nil {
		return nsor.Internalf(err, "sqlstore: %s", verb(q))
	}
	return nil
}

// insertLater queues one INSERT of all the items (execLater): into is
// "INSERT INTO table (columns) VALUES ", row one row's placeholders, and
// values an item's values in their order. No items is no statement.
func insertLater[T any](t *tx, into, row string, items []T, values func(T) []any) error {
	if len(items) == 0 {
		return nil
	}
	q := into + strings.TrimSuffix(strings.Repeat(row+", ", len(items)), ", ")
	var args []any
	for _, it := range items {
		args = append(args, values(it)...)
	}
	return t.execLater(q, args...)
}

// insert runs an INSERT ... RETURNING id and returns the new ID. RETURNING
// is what both databases offer (pgx has no LastInsertId).
func (t *tx) insert(q string, args ...any) (int64, error) {
	if err := t.usable(true); err != nil {
		return 0, err
	}
	var id int64
	if err := t.queryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, nsor.Internalf(err, "sqlstore: %s", verb(q))
	}
	return id, nil
}

// one reads a single row with scan; no row is nsor.NotFound(noun).
func (t *tx) one(noun string, scan func(scanner) error, q string, args ...any) error {
	if err := t.usable(false); err != nil {
		return err
	}
	err := scan(t.queryRow(q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nsor.NotFound(noun)
	}
	if err != nil {
		return nsor.Internalf(err, "sqlstore: read %s", noun)
	}
	return nil
}

// each calls scan for every row of the query.
func (t *tx) each(noun string, scan func(scanner) error, q string, args ...any) error {
	if err := t.usable(false); err != nil {
		return err
	}
	rows, err := t.q.query(t.ctx, q, args...)
	if err != nil {
		return nsor.Internalf(err, "sqlstore: list %s", noun)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return nsor.Internalf(err, "sqlstore: list %s", noun)
		}
	}
	if err := rows.Err(); err != nil {
		return nsor.Internalf(err, "sqlstore: list %s", noun)
	}
	return nil
}

// list reads every row of the query into a new T, with scan.
func list[T any](t *tx, noun string, scan func(*T) func(scanner) error, q string, args ...any) ([]*T, error) {
	var out []*T
	err := t.each(noun, func(s scanner) error {
		x := new(T)
		out = append(out, x)
		return scan(x)(s)
	}, q, args...)
	return out, err
}

// queryRow is the first row of the query, read when scanned; no row is
// sql.ErrNoRows.
func (t *tx) queryRow(q string, args ...any) scanner {
	return firstRow{t: t, q: q, args: args}
}

type firstRow struct {
	t    *tx
	q    string
	args []any
}

func (r firstRow) Scan(dest ...any) error {
	rows, err := r.t.q.query(r.t.ctx, r.q, r.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// exists reports whether the query returns a row.
func (t *tx) exists(q string, args ...any) (bool, error) {
	found := false
	err := t.each("row", func(s scanner) error { found = true; return nil }, q, args...)
	return found, err
}

// conflict turns a broken uniqueness into a KindConflict error with code,
// and passes any other error through.
func (t *tx) conflict(err error, code, message string) error {
	if err != nil && t.unique(err) {
		return &nsor.Error{Kind: nsor.KindConflict, Code: code, Message: message, Err: err}
	}
	return err
}

// mayConflict runs stmt, an UPDATE whose failure on a unique index the
// caller reports as a conflict and after which the transaction goes on
// (nsor.Tx promises that a refused write leaves the rest of the transaction
// usable). SQLite fails only the statement; PostgreSQL aborts the whole
// transaction, so there the statement runs inside a savepoint, rolled back
// to when it fails. Only these statements pay for one: the others either
// succeed or fail the transaction anyway, and INSERTs use insertUnique.
func (t *tx) mayConflict(stmt func() error) error {
	if err := t.usable(true); err != nil {
		return err
	}
	if t.d.singleWriter() {
		return stmt()
	}
	if _, err := t.q.exec(t.ctx, "SAVEPOINT may_conflict"); err != nil {
		return nsor.Internalf(err, "sqlstore: savepoint")
	}
	if err := stmt(); err != nil {
		if _, rbErr := t.q.exec(t.ctx, "ROLLBACK TO SAVEPOINT may_conflict; RELEASE SAVEPOINT may_conflict"); rbErr != nil {
			return errors.Join(err, nsor.Internalf(rbErr, "sqlstore: roll back to savepoint"))
		}
		return err
	}
	if _, err := t.q.exec(t.ctx, "RELEASE SAVEPOINT may_conflict"); err != nil {
		return nsor.Internalf(err, "sqlstore: release savepoint")
	}
	return nil
}

// errUniqueSkipped is a row that a unique index refused and ON CONFLICT DO
// NOTHING skipped; conflict reports it as it reports a broken index.
var errUniqueSkipped = errors.New("sqlstore: a row with this key exists already")

// unique reports whether err is a row refused by a unique index.
func (t *tx) unique(err error) bool {
	return errors.Is(err, errUniqueSkipped) || t.d.isUnique(err)
}

// insertUnique runs an INSERT into a table with unique keys, returning the
// new ID. A row that would break a unique index is skipped (ON CONFLICT DO
// NOTHING) and reported as errUniqueSkipped: on PostgreSQL the broken index
// would abort the whole transaction, and a savepoint around the statement
// costs two round trips more; both databases take the clause.
func (t *tx) insertUnique(q string, args ...any) (int64, error) {
	id, err := t.insert(q+" ON CONFLICT DO NOTHING", args...)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errUniqueSkipped
	}
	return id, err
}

// execUnique is insertUnique for an INSERT that returns nothing.
func (t *tx) execUnique(q string, args ...any) error {
	n, err := t.exec(q+" ON CONFLICT DO NOTHING", args...)
	if err == nil && n == 0 {
		return errUniqueSkipped
	}
	return err
}

// execMayConflict is exec under mayConflict.
func (t *tx) execMayConflict(q string, args ...any) (n int64, err error) {
	err = t.mayConflict(func() error {
		n, err = t.exec(q, args...)
		return err
	})
	return n, err
}

// stale is the answer to an update whose WHERE version = ? matched nothing.
func stale(noun string) error {
	return nsor.Errorf(nsor.KindConflict, "version.stale",
		"This %s was changed by someone else since you loaded it; reload it and try again.", noun)
}

// verb names a statement for an error message without its values: its
// first word and its table ("insert users", "update requests").
func verb(q string) string {
	f := strings.Fields(q)
	for i := 1; i < len(f); i++ {
		switch strings.ToUpper(f[i-1]) {
		case "INTO", "UPDATE", "FROM":
			return strings.ToLower(f[0]) + " " + f[i]
		}
	}
	return strings.ToLower(f[0])
}

// where collects the conditions of a filtered query. Conditions are fixed
// SQL; values are always parameters.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ...)" for ids; "col = ?" for one, which is the
// common case and keeps a statement that can be prepared once.
func (w *where) in(col string, ids []int64) { inValues(w, col, ids) }

// inValues adds "col IN (...)" for any values ("col = ?" for one, so that
// the statement can be cached).
func inValues[T any](w *where, col string, vs []T) {
	if len(vs) == 1 {
		w.add(col+" = ?", vs[0])
		return
	}
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	w.add(col+" IN ("+marks(len(vs))+")", args...)
}

// under adds a prefix match of a path column as a range, which an index on
// the column serves (LIKE would need escaping and, in SQLite, a NOCASE
// column to use one).
func (w *where) under(col, prefix string) {
	if end := prefixEnd(prefix); end != "" {
		w.add(col+" >= ? AND "+col+" < ?", prefix, end)
		return
	}
	w.add(col+" >= ?", prefix)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit appends a LIMIT clause for n > 0.
func (w *where) limit(n int) string {
	if n <= 0 {
		return ""
	}
	w.args = append(w.args, n)
	return " LIMIT ?"
}
