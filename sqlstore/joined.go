package sqlstore

import (
	"errors"
	"strings"

	"nsor"
)

// qualified prefixes each of a comma-separated column list with the table's
// alias, for a statement that reads two tables.
func qualified(alias, cols string) string {
	return alias + "." + strings.ReplaceAll(cols, ", ", ", "+alias+".")
}

// read is one query of a group that readAll reads together: each row goes
// to row; a required read that finds no row is nsor.NotFound(noun).
type read struct {
	noun     string
	q        string
	args     []any
	row      func(scanner) error
	required bool
	found    bool
}

// readAll runs the reads in order: on PostgreSQL in one round trip, where
// one after the other would cost one each.
func (t *tx) readAll(rs ...*read) error {
	if err := t.usable(false); err != nil {
		return err
	}
	qs := make([]queued, len(rs))
	for i, r := range rs {
		qs[i] = queued{q: r.q, args: r.args}
	}
	err := t.q.queryAll(t.ctx, qs, func(i int, rows rowSet) error {
		r := rs[i]
		for rows.Next() {
			if err := r.row(rows); err != nil {
				return nsor.Internalf(err, "sqlstore: list %s", r.noun)
			}
			r.found = true
		}
		if err := rows.Err(); err != nil {
			return nsor.Internalf(err, "sqlstore: list %s", r.noun)
		}
		return nil
	})
	var ne *nsor.Error
	if err != nil && !errors.As(err, &ne) {
		return nsor.Internalf(err, "sqlstore: read %s", rs[0].noun)
	}
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.required && !r.found {
			return nsor.NotFound(r.noun)
		}
	}
	return nil
}

// withChildren is the read of one row and its child rows in one statement
// instead of two: on PostgreSQL a round trip fewer for every request, FIR
// and release an act loads. q selects the parent's columns, then the
// child's, from a LEFT JOIN, so that a parent without children is a single
// row whose child columns are NULL; q reads those as zero values (COALESCE;
// asJSON and instant read NULL as nothing). parent are the parent's scan
// destinations, filled again from every row with the same values; child
// makes the destinations of the next child and a keep that adds the child
// unless its key is zero, that is, unless there was none. No row at all is
// nsor.NotFound(noun).
func withChildren(noun string, parent []any, child func() ([]any, func()), q string, args ...any) *read {
	return &read{noun: noun, q: q, args: args, required: true, row: func(s scanner) error {
		dests, keep := child()
		if err := s.Scan(append(parent[:len(parent):len(parent)], dests...)...); err != nil {
			return err
		}
		keep()
		return nil
	}}
}
