package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"nsor"
)

// What a backup and a restore need of the database beyond nsor.Store
// (docs/backup-restore.md). cmd/nsor's backup and restore commands are the
// only callers.

// Kind names the database: "sqlite" or "postgres".
func (db *DB) Kind() string { return db.d.name() }

// SnapshotInfo is what a snapshot copied, read in its own transaction.
type SnapshotInfo struct {
	Installation string // the random ID drawn at the first migration (0004)
	Schema       int64  // the migration version
}

// Installation returns the installation's ID, drawn when the database was
// first migrated to version 4 and never changed.
func (db *DB) Installation(ctx context.Context) (string, error) {
	var id string
	err := db.read.QueryRowContext(ctx, "SELECT id FROM installation WHERE singleton = 1").Scan(&id)
	if err != nil {
		return "", fmt.Errorf("sqlstore: the database has no installation ID (is it migrated?): %w", err)
	}
	return id, nil
}

// SequencerLease returns who holds the audit sequencer's lease and until
// when. Every running nsor instance takes or renews it each second, so a
// lease that runs at the current time means an instance is working on the
// database.
func (db *DB) SequencerLease(ctx context.Context) (holder string, until time.Time, err error) {
	var ms int64
	err = db.read.QueryRowContext(ctx, "SELECT holder, expires_ms FROM audit_sequencer WHERE name = 'sequencer'").
		Scan(&holder, &ms)
	if err != nil {
		return "", time.Time{}, nsor.Internalf(err, "sqlstore: read the sequencer's lease")
	}
	return holder, time.UnixMilli(ms).UTC(), nil
}

// ReleaseSequencer ends the sequencer's lease. Only a restore calls it: the
// lease in a restored copy is that of an instance that ran at backup time,
// and no instance runs on a database being restored.
func (db *DB) ReleaseSequencer(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, "UPDATE audit_sequencer SET holder = '', expires_ms = 0")
	if err != nil {
		return nsor.Internalf(err, "sqlstore: release the sequencer's lease")
	}
	return nil
}

// Snapshot writes a consistent copy of the whole database to file while
// the database stays in use, and runs read in a read-only transaction over
// exactly the state copied. On SQLite the copy is a database file (VACUUM
// INTO); on PostgreSQL it is pg_dump's custom format, of the snapshot that
// read's transaction exports.
func (db *DB) Snapshot(ctx context.Context, file string, read func(nsor.Tx) error) (*SnapshotInfo, error) {
	if db.d.singleWriter() {
		return db.sqliteSnapshot(ctx, file, read)
	}
	return db.pgSnapshot(ctx, file, read)
}

// inSnapshot runs read and the snapshot's own reads in sqlTx.
func (db *DB) inSnapshot(ctx context.Context, sqlTx *sql.Tx, read func(nsor.Tx) error) (*SnapshotInfo, error) {
	var info SnapshotInfo
	if err := sqlTx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&info.Schema); err != nil {
		return nil, nsor.Internalf(err, "sqlstore: read the schema version")
	}
	err := sqlTx.QueryRowContext(ctx, "SELECT id FROM installation WHERE singleton = 1").Scan(&info.Installation)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: the database has no installation ID; run nsor migrate first: %w", err)
	}
	t := &tx{ctx: ctx, q: sqlQuerier{r: sqlTx, d: db.d}, d: db.d, readOnly: true}
	defer t.finish()
	if err := read(t); err != nil {
		return nil, err
	}
	return &info, nil
}

// sqliteSnapshot copies with VACUUM INTO, which reads one snapshot while
// the writer goes on, then reads the copy itself. It needs a connection of
// its own: the readers are query_only, which refuses VACUUM INTO.
func (db *DB) sqliteSnapshot(ctx context.Context, file string, read func(nsor.Tx) error) (*SnapshotInfo, error) {
	src, err := sql.Open("sqlite", sqliteDSN(db.dsn, db.opts, false))
	if err != nil {
		return nil, nsor.Internalf(err, "sqlstore: open the database to copy it")
	}
	_, err = src.ExecContext(ctx, "VACUUM INTO ?", file)
	if err = errors.Join(err, src.Close()); err != nil {
		return nil, nsor.Internalf(err, "sqlstore: copy the database")
	}
	c, err := sqliteDialect{}.openReader(ctx, file, db.opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open the copy: %w", err)
	}
	defer c.Close()
	sqlTx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nsor.Internalf(err, "sqlstore: read the copy")
	}
	defer sqlTx.Rollback()
	return db.inSnapshot(ctx, sqlTx, read)
}

// pgSnapshot exports the snapshot of a read-only REPEATABLE READ
// transaction, reads in it, and has pg_dump copy the same snapshot while
// the transaction stays open.
func (db *DB) pgSnapshot(ctx context.Context, file string, read func(nsor.Tx) error) (*SnapshotInfo, error) {
	sqlTx, err := db.read.BeginTx(ctx, db.d.viewOptions())
	if err != nil {
		return nil, nsor.Internalf(err, "sqlstore: begin the snapshot")
	}
	defer sqlTx.Rollback()
	var snap string
	if err := sqlTx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&snap); err != nil {
		return nil, nsor.Internalf(err, "sqlstore: export the snapshot")
	}
	info, err := db.inSnapshot(ctx, sqlTx, read)
	if err != nil {
		return nil, err
	}
	if err := pgTool(ctx, "pg_dump", db.dsn, "--format=custom", "--snapshot="+snap, "--file="+file); err != nil {
		return nil, err
	}
	return info, nil
}

// FoldSQLite makes the closed SQLite database at path whole in its one file:
// it folds the write-ahead log back in and leaves WAL mode, which removes
// the log and its shared memory, so that renaming the file moves all of
// it. Open switches it back to WAL. It fails while another connection has
// the file open.
func FoldSQLite(ctx context.Context, path string) error {
	if err := sqliteCheckPath(path); err != nil {
		return err
	}
	c, err := sql.Open("sqlite", sqliteDSN(path, Options{}.withDefaults(), false))
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	var mode string
	if err := c.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil {
		return nsor.Internalf(err, "sqlstore: fold the write-ahead log into %s", path)
	}
	if mode != "delete" {
		return fmt.Errorf("sqlstore: %s stays in %s mode; is another process using it?", path, mode)
	}
	return c.Close()
}
