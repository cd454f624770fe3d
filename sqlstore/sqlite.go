package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strconv"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDialect runs nsor on one SQLite file in WAL mode: one writer
// connection, fed by the group-commit writer, and a pool of readers that
// each see a snapshot.
type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// singleWriter is true: SQLite serialises writers, so one goroutine batches
// them into shared COMMITs.
func (sqliteDialect) singleWriter() bool { return true }

// viewOptions: every SQLite transaction reads one snapshot.
func (sqliteDialect) viewOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

// retryable is false: the one writer never meets another transaction.
func (sqliteDialect) retryable(err error) bool { return false }

// openWriter opens the one writer connection. Exactly one: SQLite
// serialises writers anyway, and one connection lets group commit batch
// without lock waits.
func (sqliteDialect) openWriter(ctx context.Context, path string, o Options) (*sql.DB, error) {
	if err := privateFiles(path); err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, o, false))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, err
	}
	return write, nil
}

// setup switches the file to WAL, which lets readers work beside the writer
// and is a lasting property of the file; so it waits until the file is
// known to be nsor's.
func (sqliteDialect) setup(ctx context.Context, write *sql.DB) error {
	var mode string
	if err := write.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("sqlstore: SQLite refused WAL mode (journal_mode is %s); is the file on a network filesystem?", mode)
	}
	return nil
}

// openCheckpointer opens the connection that copies the WAL back into the
// database file in the background (checkpoint.go).
func (sqliteDialect) openCheckpointer(ctx context.Context, path string, o Options) (*sql.DB, error) {
	c, err := sql.Open("sqlite", sqliteDSN(path, o, false))
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	return c, c.PingContext(ctx)
}

func (sqliteDialect) openReader(ctx context.Context, path string, o Options) (*sql.DB, error) {
	read, err := sql.Open("sqlite", sqliteDSN(path, o, true))
	if err != nil {
		return nil, err
	}
	read.SetMaxOpenConns(o.ReadConns)
	read.SetMaxIdleConns(o.ReadConns)
	read.SetConnMaxIdleTime(0)
	if err := read.PingContext(ctx); err != nil {
		read.Close()
		return nil, err
	}
	return read, nil
}

// sqliteDSN builds the driver's DSN, of settings that last only as long as
// the connection. synchronous=FULL makes every COMMIT durable in WAL mode (a kill -9 or a power cut loses nothing acknowledged,
// docs/rules.md#r32). Readers are query_only, so a write in View fails even
// if it gets past the Tx's own check. The writer begins IMMEDIATE so that
// another process (a CLI migrating or restoring) cannot deadlock it.
// temp_store=MEMORY keeps the savepoint journal of group commit (the
// original of every page a function changes) off the disk: it is only for
// rolling one function back and is worthless after a crash.
func sqliteDSN(path string, o Options, reader bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(o.BusyTimeout.Milliseconds(), 10))
	q.Set("_foreign_keys", "1")
	q.Add("_pragma", "temp_store(MEMORY)")
	if reader {
		q.Set("_query_only", "1")
	} else {
		q.Set("_synchronous", "FULL")
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "wal_autocheckpoint(0)")
	}
	return path + "?" + q.Encode()
}

func (sqliteDialect) rebind(q string) string { return q }

// ddlTypes: AUTOINCREMENT never reuses an ID, not even the last one after a
// delete, so that "request/12" in the audit trail names one request for ever.
func (sqliteDialect) ddlTypes() map[string]string {
	return map[string]string{
		"{{ID}}":        "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{{APPEND_ID}}": "INTEGER PRIMARY KEY", // rowid: max+1; no row is ever deleted
		"{{BLOB}}":      "BLOB",
		"{{CLUSTERED}}": "WITHOUT ROWID", // one B-tree, not a table and its key's index
		"{{PATH}}":      "TEXT",          // BINARY collation: bytewise, as the path ranges need
		"{{RANDOM_ID}}": "lower(hex(randomblob(16)))",
	}
}

func (sqliteDialect) isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (sqliteDialect) tablesSQL() string {
	return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
}

// claimJobsSQL needs no locking clause: SQLite has one writer, and the claim
// commits or rolls back with the effects of the jobs (PostgreSQL adds FOR
// UPDATE SKIP LOCKED to the inner SELECT so that instances share the work).
func (sqliteDialect) claimJobsSQL() string {
	return "UPDATE jobs SET done = TRUE WHERE id IN (" +
		"SELECT id FROM jobs WHERE NOT done AND run_at <= ? ORDER BY run_at, id LIMIT ?) " +
		"RETURNING " + jobCols
}

// privateFiles creates the database file when it is absent and makes it,
// and the -wal and -shm beside it, readable and writable by nsor's user
// alone (0600), whatever the directory's mode and the umask: they hold the
// register. SQLite creates the -wal and -shm with the database file's
// mode (and, creating the database itself, 0644), so a database file made
// here first keeps all three private.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		if fi.Mode().Perm() != 0o600 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("sqlstore: make %s private (mode 0600): %w", p, err)
			}
		}
	}
	return nil
}

// sqliteCheckPath refuses what the plain-path DSN cannot carry.
func sqliteCheckPath(path string) error {
	if path == ":memory:" || path == "" {
		return fmt.Errorf("sqlstore: %q names no database file; nsor keeps its data in a file", path)
	}
	for _, c := range path {
		if c == '?' {
			return fmt.Errorf("sqlstore: database path %q must not contain '?'", path)
		}
	}
	return nil
}
