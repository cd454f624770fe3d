// Package sqlstore implements nsor.Store over database/sql: on SQLite (the
// pure-Go driver modernc.org/sqlite) and on PostgreSQL (pgx). It passes the
// conformance suite in package storetest on both.
//
// On SQLite, writes go through one writer goroutine that commits concurrent
// Updates together (group commit, writer.go): each runs inside its own
// SAVEPOINT of a shared transaction, and every caller hears back only after
// the one durable COMMIT. On PostgreSQL, each Update is its own transaction
// on a pool (pool.go), so that several nsor instances can share the
// database. Reads run on a separate pool, each in a snapshot.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"nsor"
)

// Options configures a DB. It holds no clock: the store never reads the time.
type Options struct {
	// BusyTimeout is how long a connection waits for a lock another process
	// holds (a CLI migrating, a backup) before it fails. Default 5s.
	BusyTimeout time.Duration
	// ReadConns bounds the reader pool used by View. Default GOMAXPROCS, at
	// least 4, on SQLite; WriteConns on PostgreSQL.
	ReadConns int
	// WriteConns bounds the pool of concurrent Updates on PostgreSQL
	// (SQLite has one writer connection). Default 4 per GOMAXPROCS: more
	// connections than the cores can serve only queue in the server, and on
	// two cores 16 writers and 16 readers ran a third slower than 8 and 8
	// (docs/benchmarks.md).
	WriteConns int
	// PoolWait bounds how long an Update or View on PostgreSQL waits for a
	// connection of its pool (to come free, or to be opened) before it fails
	// as nsor.KindUnavailable. Default 10s.
	PoolWait time.Duration
	// MaxBatch bounds how many Updates share one COMMIT. Default 64.
	MaxBatch int
	// Migrate applies pending migrations in Open.
	Migrate bool
	// CheckpointEvery is how often SQLite's WAL is copied back into the
	// database file, off the writer's path. Default 1s.
	CheckpointEvery time.Duration
	// roundTrips counts a PostgreSQL DB's round trips; Open sets it.
	roundTrips *roundTrips
}

func (o Options) withDefaults() Options {
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.ReadConns <= 0 {
		o.ReadConns = max(4, runtime.GOMAXPROCS(0))
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = time.Second
	}
	if o.WriteConns <= 0 {
		o.WriteConns = 4 * runtime.GOMAXPROCS(0)
	}
	if o.PoolWait <= 0 {
		o.PoolWait = 10 * time.Second
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 64
	}
	return o
}

// Stats counts the writer's work, for benchmarks and monitoring.
type Stats struct {
	Commits uint64 // COMMITs that succeeded
	Updates uint64 // Update functions run
	Failed  uint64 // Update functions rolled back to their savepoint
	// Busy is the writer's time in batches, Committing the part of it spent
	// in COMMIT (the WAL write and its fsync).
	Busy, Committing time.Duration
	// RoundTrips counts the statements, batches and preparations sent to
	// PostgreSQL and waited for (0 on SQLite, which answers in-process).
	RoundTrips uint64
}

// DB is an nsor.Store on a SQL database.
type DB struct {
	d     dialect
	dsn   string  // for the tools a backup runs (pg_dump)
	write *sql.DB // SQLite: one connection, used only by the writer goroutine and Migrate
	read  *sql.DB
	opts  Options

	writeStmts, readStmts *stmtCache

	calls   chan *call
	quit    chan struct{}
	stopped chan struct{}
	// checkpointDone closes when the checkpointer has finished.
	checkpointDone chan struct{}
	once           sync.Once
	// inflight is held shared by each pooled Update and exclusively by
	// Close, which so waits for them.
	inflight sync.RWMutex

	commits, updates, failed atomic.Uint64
	busyNS, commitNS         atomic.Int64
}

var _ nsor.Store = (*DB)(nil)

// ErrClosed is returned by Update and View after Close.
var ErrClosed = errors.New("sqlstore: database closed")

// Open opens the database that dsnOrPath names: a postgres:// or
// postgresql:// URL selects PostgreSQL; a file path selects SQLite (created
// when absent); "" and ":memory:" are refused, because nsor keeps its data
// in a file. It refuses a PostgreSQL server that may lose acknowledged
// writes (ErrNotDurable), and a database that is not nsor's
// (ErrForeignDatabase) or whose schema is newer than this binary knows
// (ErrSchemaTooNew). With opts.Migrate it applies pending migrations;
// otherwise call Migrate before use.
func Open(ctx context.Context, dsnOrPath string, opts Options) (*DB, error) {
	d, dsn, err := pickDialect(dsnOrPath)
	if err != nil {
		return nil, err
	}
	readConnsDefault := opts.ReadConns <= 0
	opts = opts.withDefaults()
	opts.roundTrips = &roundTrips{}
	if !d.singleWriter() && readConnsDefault {
		// A View on a server holds its connection for several round trips,
		// not for microseconds as in-process SQLite does: as many readers as
		// writers.
		opts.ReadConns = opts.WriteConns
	}
	write, err := d.openWriter(ctx, dsn, opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s database %s: %w", d.name(), redactDSN(dsnOrPath), err)
	}
	db := &DB{d: d, dsn: dsn, write: write, opts: opts,
		calls: make(chan *call), quit: make(chan struct{}), stopped: make(chan struct{})}
	if d.singleWriter() {
		db.writeStmts = newStmtCache(write)
	}
	if err := db.open(ctx, dsn); err != nil {
		write.Close()
		return nil, err
	}
	ckpt, err := d.openCheckpointer(ctx, dsn, opts)
	if err != nil {
		write.Close()
		db.read.Close()
		return nil, err
	}
	db.checkpointDone = make(chan struct{})
	if ckpt != nil {
		go db.checkpointer(ckpt, opts.CheckpointEvery)
	} else {
		close(db.checkpointDone)
	}
	if d.singleWriter() {
		go db.writer()
	} else {
		close(db.stopped)
	}
	return db, nil
}

// open checks that the database is nsor's before changing anything in it,
// then sets it up, opens the readers and migrates when asked to.
func (db *DB) open(ctx context.Context, dsn string) error {
	if err := db.checkSchema(ctx); err != nil {
		return err
	}
	if err := db.d.setup(ctx, db.write); err != nil {
		return fmt.Errorf("sqlstore: set up %s database: %w", db.d.name(), err)
	}
	read, err := db.d.openReader(ctx, dsn, db.opts)
	if err != nil {
		return fmt.Errorf("sqlstore: open %s readers: %w", db.d.name(), err)
	}
	db.read = read
	if db.d.singleWriter() {
		db.readStmts = newStmtCache(read)
	}
	if db.opts.Migrate {
		if err := db.Migrate(ctx); err != nil {
			read.Close()
			return err
		}
	}
	return nil
}

// pickDialect chooses the database from the form of the name.
func pickDialect(s string) (dialect, string, error) {
	if isPostgresURL(s) {
		return pgDialect{}, s, nil
	}
	if err := sqliteCheckPath(s); err != nil {
		return nil, "", err
	}
	return sqliteDialect{}, s, nil
}

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Close waits for the writer to finish its batch, or for the Updates in
// flight on PostgreSQL, and closes the database.
// Updates after Close fail with ErrClosed. Close may be called twice.
func (db *DB) Close() error {
	var err error
	db.once.Do(func() {
		close(db.quit)
		<-db.stopped
		db.inflight.Lock()
		defer db.inflight.Unlock()
		<-db.checkpointDone
		db.writeStmts.close()
		db.readStmts.close()
		err = errors.Join(db.write.Close(), db.read.Close())
	})
	return err
}

// Stats returns the writer's counters.
func (db *DB) Stats() Stats {
	return Stats{Commits: db.commits.Load(), Updates: db.updates.Load(), Failed: db.failed.Load(),
		Busy: time.Duration(db.busyNS.Load()), Committing: time.Duration(db.commitNS.Load()),
		RoundTrips: db.opts.roundTrips.n.Load()}
}

// SingleWriter reports whether Updates go through one writer (SQLite) rather
// than run side by side (PostgreSQL): an audit log exporter on SQLite is the only one.
func (db *DB) SingleWriter() bool { return db.d.singleWriter() }

// View runs fn in a read-only transaction on a snapshot of the database.
// Its write methods fail.
func (db *DB) View(ctx context.Context, fn func(nsor.Tx) error) error {
	select {
	case <-db.quit:
		return ErrClosed
	default:
	}
	err := db.view(ctx, fn)
	if db.readStmts.pending() {
		db.readStmts.prepareWanted(ctx) // now that the connection is back in the pool
	}
	return outage(err)
}

func (db *DB) view(ctx context.Context, fn func(nsor.Tx) error) error {
	if !db.d.singleWriter() { // PostgreSQL: natively, as runPooled
		return db.viewPgx(ctx, fn)
	}
	sqlTx, err := db.read.BeginTx(ctx, db.d.viewOptions())
	if err != nil {
		return nsor.Internalf(err, "sqlstore: begin read")
	}
	defer sqlTx.Rollback() // a read-only transaction has nothing to commit
	t := &tx{ctx: ctx, q: sqlQuerier{r: sqlTx, d: db.d, cache: db.readStmts}, d: db.d, readOnly: true}
	defer t.finish()
	return fn(t)
}

// viewPgx is view on PostgreSQL, natively (pgxtx.go).
func (db *DB) viewPgx(ctx context.Context, fn func(nsor.Tx) error) error {
	var fnErr error
	err := withPgxConn(ctx, db.read, db.opts.PoolWait, func(conn *pgx.Conn) error {
		q := &pgxQuerier{conn: conn, d: db.d, begin: pgBeginView}
		defer q.rollback() // a read-only transaction has nothing to commit
		t := &tx{ctx: ctx, q: q, d: db.d, readOnly: true}
		defer t.finish()
		fnErr = fn(t)
		return nil
	})
	if err != nil {
		return nsor.Internalf(err, "sqlstore: begin read")
	}
	return fnErr
}
