package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	neturl "net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/sqlstore/pgtest"
	"nsor/storetest"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the admin connection
)

// openPG opens a fresh, migrated PostgreSQL store in a database of the
// test's own (pgtest); it skips the test when no server is to be tested.
func openPG(t testing.TB, opts Options) *DB {
	t.Helper()
	opts.Migrate = true
	db, err := Open(context.Background(), pgtest.NewDatabase(t), opts)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformancePostgres(t *testing.T) {
	pgtest.Available(t)
	storetest.Run(t, func(t *testing.T) nsor.Store { return planted(openPG(t, Options{})) })
}

// TestInstancesPostgres: two stores on one PostgreSQL database, as two nsor
// instances: conflicting transitions have one winner, jobs are claimed once.
func TestInstancesPostgres(t *testing.T) {
	pgtest.Available(t)
	var database string // of the subtest running
	storetest.RunInstances(t, func(t *testing.T) (nsor.Store, nsor.Store) {
		url := pgtest.NewDatabase(t)
		database = strings.TrimPrefix(must(neturl.Parse(url)).Path, "/")
		a := mustOpen(t, url, Options{Migrate: true})
		return plantDialect(a), plantDialect(mustOpen(t, url, Options{}))
	}, func(t *testing.T) { waitForLockWait(t, database) })
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestInstancesSQLite: the same with two stores on one SQLite file, which
// serialises their writers.
func TestInstancesSQLite(t *testing.T) {
	storetest.RunInstances(t, func(t *testing.T) (nsor.Store, nsor.Store) {
		path := filepath.Join(t.TempDir(), "nsor.db")
		a := mustOpen(t, path, Options{Migrate: true})
		return a, mustOpen(t, path, Options{})
	}, nil)
}

// waitForLockWait returns once a session of the test's server waits for a
// lock: the second transition waits for the first's row lock.
func waitForLockWait(t *testing.T, database string) {
	admin := pgtest.Available(t)
	c, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 1000 {
		var n int
		err := c.QueryRow("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = $1", database).Scan(&n)
		if err != nil {
			t.Fatalf("read pg_stat_activity: %v", err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no transaction waited for a row lock within 10 s: the two transitions did not meet")
}

// TestOpenPostgresRefusesNotDurable: a database set to acknowledge commits
// before they are on disk is refused, by name of the setting, and left as
// it was.
func TestOpenPostgresRefusesNotDurable(t *testing.T) {
	url := pgtest.NewDatabase(t)
	database := strings.TrimPrefix(must(neturl.Parse(url)).Path, "/")
	pgtest.Exec(t, url, "ALTER DATABASE "+database+" SET synchronous_commit = off")
	db, err := Open(context.Background(), url, Options{Migrate: true})
	if err == nil {
		db.Close()
		t.Fatal("Open(synchronous_commit = off) = nil error, want ErrNotDurable")
	}
	if !errors.Is(err, ErrNotDurable) || !strings.Contains(err.Error(), "synchronous_commit is off") {
		t.Errorf("Open(synchronous_commit = off) = %v, want ErrNotDurable naming synchronous_commit", err)
	}
	wantNoTables(t, url)
	pgtest.Exec(t, url, "ALTER DATABASE "+database+" SET synchronous_commit = local")
	mustOpen(t, url, Options{Migrate: true}) // local flushes the WAL: durable without standbys
}

// TestCheckDurable covers the server-wide settings, which a test cannot
// change on a shared server.
func TestCheckDurable(t *testing.T) {
	good := map[string]string{"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on", "synchronous_standby_names": ""}
	with := func(k, v string) map[string]string {
		m := maps.Clone(good)
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	withStandby := func(commit string) map[string]string {
		m := with("synchronous_commit", commit)
		m["synchronous_standby_names"] = "standby1"
		return m
	}
	tests := []struct {
		settings map[string]string
		want     string // "" for accepted
	}{
		{good, ""},
		{with("synchronous_commit", "remote_apply"), ""},
		{with("synchronous_commit", "remote_write"), ""},
		{with("synchronous_commit", "local"), ""},
		{with("fsync", "off"), "fsync is off"},
		{with("full_page_writes", "off"), "full_page_writes is off"},
		{with("synchronous_commit", "off"), "synchronous_commit is off"},
		{with("fsync", ""), "fsync is unreadable"},
		{withStandby("local"), "synchronous_commit is local while synchronous_standby_names is set"},
		{withStandby("on"), ""},
	}
	for _, tc := range tests {
		err := checkDurable(tc.settings)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("checkDurable(%v) = %v, want nil", tc.settings, err)
		case tc.want != "" && (!errors.Is(err, ErrNotDurable) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("checkDurable(%v) = %v, want ErrNotDurable saying %q", tc.settings, err, tc.want)
		}
	}
}

// TestOpenPostgresRefusesForeign: another application's database is
// refused and left untouched.
func TestOpenPostgresRefusesForeign(t *testing.T) {
	ctx := context.Background()
	foreign := map[string][]string{
		"no schema_migrations":    {"CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT)"},
		"other schema":            {"CREATE SCHEMA shop", "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY)"},
		"other migration tool":    {"CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, dirty BOOLEAN)"},
		"other migration history": {"CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT)", "INSERT INTO schema_migrations VALUES (1, '0001_customers.sql')"},
	}
	for name, stmts := range foreign {
		url := pgtest.NewDatabase(t)
		pgtest.Exec(t, url, stmts...)
		before := tableNames(t, url)
		if db, err := Open(ctx, url, Options{Migrate: true}); !errors.Is(err, ErrForeignDatabase) {
			if err == nil {
				db.Close()
			}
			t.Errorf("Open(%s) = %v, want ErrForeignDatabase", name, err)
		}
		if after := tableNames(t, url); !slices.Equal(after, before) {
			t.Errorf("tables after a refused Open(%s) = %v, want %v", name, after, before)
		}
	}
}

// TestOpenPostgresRefusesNewerSchema: a database migrated by a newer nsor is
// refused.
func TestOpenPostgresRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	db := mustOpen(t, url, Options{Migrate: true})
	if _, err := db.write.Exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", LatestSchema()+1, "9999_future.sql"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, url, Options{Migrate: true}); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("Open(newer schema) = %v, want ErrSchemaTooNew", err)
	}
}

// TestOpenPostgresBadURL: a malformed URL, a server that does not answer and
// a database that does not exist are each an error that says so, without
// the URL's password.
func TestOpenPostgresBadURL(t *testing.T) {
	ctx := context.Background()
	missing := must(pgtest.WithDatabase(pgtest.Available(t), "nsor_no_such_database"))
	for dsn, want := range map[string]string{
		"postgres://nsor:secret@127.0.0.1:99999/nsor": "invalid PostgreSQL URL",
		"postgres://nsor:secret@127.0.0.1:1/nsor":     "connect",
		missing: "nsor_no_such_database",
	} {
		db, err := Open(ctx, dsn, Options{})
		if err == nil {
			db.Close()
			t.Errorf("Open(%s) = nil error, want a refusal", dsn)
			continue
		}
		if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%s) = %v, want an error saying %q, without the password", dsn, err, want)
		}
	}
}

func tableNames(t *testing.T, url string) []string {
	t.Helper()
	c, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.Query(pgDialect{}.tablesSQL())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func wantNoTables(t *testing.T, url string) {
	t.Helper()
	if names := tableNames(t, url); len(names) != 0 {
		t.Errorf("tables after a refused Open = %v, want none", names)
	}
}

// TestPGConfig: connections give up on a silent server after a timeout,
// unless the URL sets its own, and wait for locks as long as BusyTimeout.
func TestPGConfig(t *testing.T) {
	o := Options{}.withDefaults()
	for url, want := range map[string]time.Duration{
		"postgres://nsor@db.example/nsor":                   pgConnectTimeout,
		"postgres://nsor@db.example/nsor?connect_timeout=2": 2 * time.Second,
	} {
		cfg, err := pgConfig(url, o, false)
		if err != nil {
			t.Fatalf("pgConfig(%s) = %v", url, err)
		}
		if cfg.ConnectTimeout != want || cfg.RuntimeParams["lock_timeout"] != "5000" {
			t.Errorf("pgConfig(%s) = connect timeout %v, lock_timeout %q; want %v, 5000", url, cfg.ConnectTimeout, cfg.RuntimeParams["lock_timeout"], want)
		}
	}
}
