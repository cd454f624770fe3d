package auditverify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, for a postgres:// URL
	_ "modernc.org/sqlite"             // SQLite, for a file
)

// DB is a database of nsor's, opened read-only for verification.
type DB struct {
	db      *sql.DB
	dialect string // "sqlite" or "postgres"
	name    string // what the report calls it: the file, or the URL without its password
}

// ErrNotNsor is returned for a database that lacks the audit log's tables.
var ErrNotNsor = errors.New("not a database of nsor's")

// auditTables are the tables the verifier reads (migrations 0001 and 0002).
var auditTables = []string{"audit_records", "audit_leaves", "audit_hashes", "audit_checkpoints", "audit_restores"}

// Open opens a database read-only: a postgres:// (or postgresql://) URL, or
// the path of a SQLite file, which must exist (it is never created). It
// checks that the database holds the audit log's tables.
func Open(ctx context.Context, source string) (*DB, error) {
	var d *DB
	if strings.HasPrefix(source, "postgres://") || strings.HasPrefix(source, "postgresql://") {
		db, err := sql.Open("pgx", source)
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		d = &DB{db: db, dialect: "postgres", name: redact(source)}
	} else {
		fi, err := os.Stat(source)
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("database %s: not a file", source)
		}
		db, err := sql.Open("sqlite", sqliteReadOnly(source))
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		d = &DB{db: db, dialect: "sqlite", name: source}
	}
	d.db.SetMaxOpenConns(1)
	if err := d.checkSchema(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Name is the database as the report names it, without a password.
func (d *DB) Name() string { return d.name }

// sqliteReadOnly is the URI of a SQLite file opened read-only: SQLite then
// neither creates nor writes the file (it may create the WAL's index beside
// it, as every reader of a WAL database does).
func sqliteReadOnly(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(10000)"}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return u.String()
}

func redact(source string) string {
	u, err := url.Parse(source)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// checkSchema asks for each table the verifier reads. A database that lacks
// one is not nsor's (or predates the audit log): a usage error, not
// tampering.
func (d *DB) checkSchema(ctx context.Context) error {
	for _, t := range auditTables {
		rows, err := d.db.QueryContext(ctx, "SELECT * FROM "+t+" WHERE 1 = 0")
		if err != nil {
			if d.dialect == "sqlite" && strings.Contains(err.Error(), "file is not a database") {
				return fmt.Errorf("%s: %w (not a SQLite file)", d.name, ErrNotNsor)
			}
			if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "does not exist") {
				return fmt.Errorf("%s: %w: it has no table %s", d.name, ErrNotNsor, t)
			}
			return fmt.Errorf("%s: %w", d.name, err)
		}
		rows.Close()
	}
	return nil
}

// begin starts the one read-only transaction the whole verification reads
// in, so that it sees one state of a database the server may be writing.
func (d *DB) begin(ctx context.Context) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.dialect == "postgres" {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every query
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.name, err)
	}
	return tx, nil
}
