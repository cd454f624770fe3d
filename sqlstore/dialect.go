package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// dialect is what differs between the databases nsor runs on. Everything
// else, the SQL of every Tx method included, is written once with ?
// placeholders; a dialect rewrites them and supplies the few statements the
// databases disagree on (HOUSE-STYLE.md, Code): sqlite.go and postgres.go.
type dialect interface {
	// name is the dialect's name for messages.
	name() string
	// singleWriter reports whether Updates go through the one writer
	// goroutine with group commit (writer.go) rather than each in its own
	// transaction on a pool (pool.go).
	singleWriter() bool
	// viewOptions are the options of View's read-only snapshot transaction.
	viewOptions() *sql.TxOptions
	// retryable reports whether err rolled the whole transaction back in a
	// way that running it again may cure (a serialization failure or a
	// deadlock).
	retryable(err error) bool
	// openWriter returns the pool that writes, changing nothing in the
	// database: Open must be able to refuse a database that is not nsor's.
	openWriter(ctx context.Context, dsn string, o Options) (*sql.DB, error)
	// setup makes the lasting settings of a database found to be nsor's.
	setup(ctx context.Context, write *sql.DB) error
	// openCheckpointer returns a connection for background WAL checkpoints,
	// or nil when the database checkpoints itself.
	openCheckpointer(ctx context.Context, dsn string, o Options) (*sql.DB, error)
	// openReader returns the pool that View reads from.
	openReader(ctx context.Context, dsn string, o Options) (*sql.DB, error)
	// rebind rewrites the ? placeholders of q into the dialect's.
	rebind(q string) string
	// ddlTypes maps the type macros of a migration ({{ID}}, {{BLOB}},
	// {{PATH}}) to the dialect's column types.
	ddlTypes() map[string]string
	// isUnique reports whether err is a broken UNIQUE or PRIMARY KEY.
	isUnique(err error) bool
	// tablesSQL selects the names of the database's own tables.
	tablesSQL() string
	// claimJobsSQL marks up to ? due jobs done and returns them; its
	// parameters are now (UTC milliseconds) and the limit.
	claimJobsSQL() string
}

// expandDDL replaces the type macros of a migration with the dialect's types.
// The macros are fixed names, never values.
func expandDDL(d dialect, q string) string {
	for macro, typ := range d.ddlTypes() {
		q = strings.ReplaceAll(q, macro, typ)
	}
	return q
}

// dollarPlaceholders rewrites ? into $1, $2, ... for databases that number
// their parameters (PostgreSQL). nsor's SQL holds no ? inside string
// literals, so a plain scan is exact.
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// marks returns n comma-separated placeholders for an IN list.
func marks(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

// prefixEnd returns the least string greater than every string that starts
// with p, so that "starts with p" is the index-friendly range
// [p, prefixEnd(p)) under bytewise ordering; "" when there is none.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}
