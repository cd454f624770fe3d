package sqlstore

import (
	"strings"

	"nsor"
)

// qualified prefixes each of a comma-separated column list with the table's
// alias, for a statement that reads two tables.
func qualified(alias, cols string) string {
	return alias + "." + strings.ReplaceAll(cols, ", ", ", "+alias+".")
}

// withChildren reads one row and its child rows in one statement instead of
// two: on PostgreSQL a round trip fewer for every request, FIR and release
// an act loads. q selects the parent's columns, then the child's, from a
// LEFT JOIN in the children's order, so that a parent without children is a
// single row whose child columns are NULL; q reads those as zero values
// (COALESCE; asJSON and instant read NULL as nothing). parent are the
// parent's scan destinations, filled again from every row with the same
// values; child makes the destinations of the next child and a keep that
// adds the child unless its key is zero, that is, unless there was none.
// No row at all is nsor.NotFound(noun).
func (t *tx) withChildren(noun string, parent []any, child func() ([]any, func()), q string, args ...any) error {
	found := false
	err := t.each(noun, func(s scanner) error {
		dests, keep := child()
		if err := s.Scan(append(parent[:len(parent):len(parent)], dests...)...); err != nil {
			return err
		}
		found = true
		keep()
		return nil
	}, q, args...)
	if err == nil && !found {
		return nsor.NotFound(noun)
	}
	return err
}
