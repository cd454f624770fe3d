package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"nsor"
)

// Migrations are embedded, numbered (0001_init.sql, 0002_...) and
// forward-only; each runs in its own transaction together with its row in
// schema_migrations, so that a crash leaves the schema at a known version.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int64
	name    string
	sql     string
}

// ErrSchemaTooNew is returned by Open for a database migrated by a newer
// nsor: this binary would misread it.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this nsor")

// ErrForeignDatabase is returned by Open for a database that holds tables but
// is not nsor's: nsor will not write into someone else's data.
var ErrForeignDatabase = errors.New("sqlstore: not an nsor database")

// migrations returns the embedded migrations in order. A gap or a duplicate
// number is a build mistake, caught by the tests.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("sqlstore: migration %s is not numbered", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return int(a.version - b.version) })
	for i, m := range ms {
		if m.version != int64(i+1) {
			return nil, fmt.Errorf("sqlstore: migration %s out of sequence", m.name)
		}
	}
	return ms, nil
}

// LatestSchema is the schema version this binary knows.
func LatestSchema() int64 {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return int64(len(ms))
}

// SchemaVersion returns the version the database is migrated to; 0 for an
// empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	applied, err := db.applied(ctx, db.read)
	if err != nil {
		return 0, err
	}
	if len(applied) == 0 {
		return 0, nil
	}
	return applied[len(applied)-1].version, nil
}

// Migrate applies every migration the database lacks, each in its own
// transaction. Running it twice, or from two processes, is harmless.
func (db *DB) Migrate(ctx context.Context) error {
	return db.migrateTo(ctx, LatestSchema())
}

// migrateTo applies the migrations the database lacks up to version, so that
// a test can fill a database at an older schema and migrate it on.
func (db *DB) migrateTo(ctx context.Context, version int64) error {
	if err := db.checkSchema(ctx); err != nil {
		return err
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx,
		"CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
		return nsor.Internalf(err, "sqlstore: create schema_migrations")
	}
	for _, m := range ms {
		if m.version > version {
			break
		}
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration unless it is already in place; the check is
// inside the transaction, so two processes migrating at once apply it once.
func (db *DB) apply(ctx context.Context, m migration) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nsor.Internalf(err, "sqlstore: migrate %s", m.name)
	}
	defer sqlTx.Rollback()
	var n int
	q := db.d.rebind("SELECT COUNT(*) FROM schema_migrations WHERE version = ?")
	if err := sqlTx.QueryRowContext(ctx, q, m.version).Scan(&n); err != nil {
		return nsor.Internalf(err, "sqlstore: migrate %s", m.name)
	}
	if n > 0 {
		return nil
	}
	if _, err := sqlTx.ExecContext(ctx, expandDDL(db.d, m.sql)); err != nil {
		return nsor.Internalf(err, "sqlstore: migrate %s", m.name)
	}
	q = db.d.rebind("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
	if _, err := sqlTx.ExecContext(ctx, q, m.version, m.name); err != nil {
		return nsor.Internalf(err, "sqlstore: migrate %s", m.name)
	}
	if err := sqlTx.Commit(); err != nil {
		return nsor.Internalf(err, "sqlstore: migrate %s", m.name)
	}
	return nil
}

// checkSchema refuses a database nsor must not touch: tables without
// schema_migrations (someone else's database), a migration history that is
// not nsor's, or a version newer than this binary's.
func (db *DB) checkSchema(ctx context.Context) error {
	applied, err := db.applied(ctx, db.write)
	if err != nil {
		return err
	}
	known, err := migrations()
	if err != nil {
		return err
	}
	for _, a := range applied {
		if a.version < 1 {
			return fmt.Errorf("%w: its schema_migrations holds version %d", ErrForeignDatabase, a.version)
		}
		if a.version > int64(len(known)) {
			return fmt.Errorf("%w: the database is at version %d, this nsor knows up to %d; run a newer nsor",
				ErrSchemaTooNew, applied[len(applied)-1].version, len(known))
		}
		if want := known[a.version-1].name; a.name != want {
			return fmt.Errorf("%w: its migration %d is %q, nsor's is %q", ErrForeignDatabase, a.version, a.name, want)
		}
	}
	return nil
}

// applied lists the migrations recorded in the database, in order; none for
// an empty database.
func (db *DB) applied(ctx context.Context, conn *sql.DB) ([]migration, error) {
	tables, err := db.tables(ctx, conn)
	if err != nil {
		return nil, err
	}
	if len(tables) == 0 {
		return nil, nil
	}
	if !slices.Contains(tables, "schema_migrations") {
		return nil, fmt.Errorf("%w: it holds tables (%s) but no schema_migrations", ErrForeignDatabase, strings.Join(tables, ", "))
	}
	rows, err := conn.QueryContext(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, fmt.Errorf("%w: unreadable schema_migrations: %v", ErrForeignDatabase, err)
	}
	defer rows.Close()
	var out []migration
	for rows.Next() {
		var m migration
		if err := rows.Scan(&m.version, &m.name); err != nil {
			return nil, fmt.Errorf("%w: unreadable schema_migrations: %v", ErrForeignDatabase, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (db *DB) tables(ctx context.Context, conn *sql.DB) ([]string, error) {
	rows, err := conn.QueryContext(ctx, db.d.tablesSQL())
	if err != nil {
		return nil, nsor.Internalf(err, "sqlstore: list tables")
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, nsor.Internalf(err, "sqlstore: list tables")
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
