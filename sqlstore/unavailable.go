package sqlstore

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"nsor"
)

// An outage is a failure of the database, not of the act: the server is
// down or restarting, the connection was refused or cut, every connection is
// taken, or there is no space left to write. The act changed nothing (its
// transaction never committed), and the same act may well succeed a minute
// later; so Update and View report it as nsor.KindUnavailable, which the
// web adapter answers with 503 and Retry-After (RFC 9110, 15.6.4), rather
// than as an internal error (docs/adr/0018-deployment-hygiene.md).

// errPoolBusy is the cause when no connection of a pool came free in time.
var errPoolBusy = errors.New("sqlstore: every connection of the pool is busy")

// outage returns err as nsor.Unavailable when its cause is an outage, and
// err unchanged otherwise. Only faults are looked at: a refusal (not found,
// a conflict) says something about the act, whatever else happened.
func outage(err error) error {
	if err == nil || nsor.KindOf(err) != nsor.KindInternal || !isOutage(err) {
		return err
	}
	return nsor.Unavailable(err)
}

// isOutage reports whether err's cause is the database's unavailability.
func isOutage(err error) bool {
	var connect *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connect), errors.As(err, &netErr), errors.Is(err, errPoolBusy),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	return pgOutage(pgCode(err)) || sqliteOutage(err)
}

// pgOutage reports whether a SQLSTATE (PostgreSQL, Appendix A) names an
// outage: class 08, connection exception; class 53, insufficient resources
// (53100 disk full, 53300 too many connections); 57P01-57P03, the server
// shutting down, crashed or not yet accepting connections.
func pgOutage(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"), strings.HasPrefix(code, "53"):
		return true
	}
	return code == "57P01" || code == "57P02" || code == "57P03"
}

// sqliteOutage reports whether err is SQLite's SQLITE_FULL (the disk, or
// max_page_count, is full) or SQLITE_BUSY (another process, a CLI migrating
// or restoring, held the lock past the busy timeout).
func sqliteOutage(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary code, without the extended bits
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY:
		return true
	}
	return false
}
