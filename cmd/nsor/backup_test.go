package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/auditverify"
	"nsor/sqlstore/pgtest"
)

// site is one installation for the backup tests: a data directory (keys,
// exported checkpoints and, on SQLite, the database) and, on PostgreSQL,
// a database of its own.
type site struct {
	kind string
	args []string // --data DIR [--database URL]
	c    *config
}

// backupKinds are the databases every backup test runs on.
var backupKinds = []string{"sqlite", "postgres"}

func newSite(t *testing.T, kind string) *site {
	t.Helper()
	args := []string{"--data", t.TempDir()}
	if kind == "postgres" {
		args = append(args, "--database", pgtest.NewDatabase(t))
	}
	return siteOf(t, kind, args)
}

func siteOf(t *testing.T, kind string, args []string) *site {
	t.Helper()
	var c config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.flags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &site{kind: kind, args: args, c: &c}
}

// onDatabase is the site with its data directory and another database.
func (s *site) onDatabase(t *testing.T, url string) *site {
	return siteOf(t, s.kind, []string{"--data", s.c.data, "--database", url})
}

// act opens the site as a server would, adds a province of each code
// through the service, integrates the audit log and exports a checkpoint,
// and stops (its sequencer's lease released, as after a clean shutdown,
// unless running is set).
func (s *site) act(t *testing.T, running bool, codes ...string) {
	t.Helper()
	ctx := context.Background()
	a, err := s.c.open(ctx, true, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	console := s.console(t, a)
	for _, code := range codes {
		j := &nsor.Jurisdiction{Kind: nsor.KindProvince, Code: code, Name: "Synthetic " + code, ParentID: console.Jurisdiction.ID}
		if err := a.svc.CreateJurisdiction(ctx, console, j); err != nil {
			t.Fatalf("CreateJurisdiction(%s) = %v", code, err)
		}
	}
	for {
		res, err := a.log.Step(ctx, true)
		if err != nil || !res.Leased {
			t.Fatalf("Step = %+v, %v", res, err)
		}
		if res.Added == 0 {
			break
		}
	}
	if !running {
		if err := a.db.ReleaseSequencer(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// console is the installation's administrator at the console, bootstrapped
// on first use.
func (s *site) console(t *testing.T, a *app) *nsor.Actor {
	t.Helper()
	ctx := context.Background()
	root, err := country(ctx, a.db)
	if err != nil {
		t.Fatal(err)
	}
	var admin *nsor.User
	_ = a.db.View(ctx, func(tx nsor.Tx) error { admin, err = tx.UserByUsername("admin"); return err })
	if admin == nil {
		if admin, _, err = a.svc.Bootstrap(ctx, osOperator(), nsor.NewUser{Username: "admin", Name: "Admin (synthetic)", JurisdictionID: root}); err != nil {
			t.Fatal(err)
		}
	}
	return &nsor.Actor{User: admin, Jurisdiction: &nsor.Jurisdiction{ID: root, Path: fmt.Sprintf("/%d/", root)}, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
}

// codes lists the site's jurisdictions' codes.
func (s *site) codes(t *testing.T) []string {
	t.Helper()
	a, err := s.c.open(context.Background(), false, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	var js []*nsor.Jurisdiction
	err = a.db.View(context.Background(), func(tx nsor.Tx) error {
		js, err = tx.Jurisdictions()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, j := range js {
		out = append(out, j.Code)
	}
	return out
}

// cmd runs an nsor command on the site and returns its error and output.
func (s *site) cmd(t *testing.T, command string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := commands[command](context.Background(), append(slices.Clone(s.args), args...), &out)
	return out.String(), err
}

// dump reads every row of every table of the site's database, each row one
// string, sorted by table.
func (s *site) dump(t *testing.T) map[string][]string {
	t.Helper()
	driver, dsn, list := "sqlite", s.c.dbPath()+"?mode=ro", "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if s.kind == "postgres" {
		driver, dsn, list = "pgx", s.c.database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
	} else if _, err := os.Stat(s.c.dbPath()); err != nil {
		return nil // no database yet
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := queryRows(t, db, list)
	out := map[string][]string{}
	for _, table := range tables {
		table = strings.TrimSuffix(table, "|")
		out[table] = queryRows(t, db, "SELECT * FROM "+table)
	}
	return out
}

// queryRows returns each row of q as one string, sorted.
func queryRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = hex.EncodeToString(bs)
			}
			fmt.Fprintf(&b, "%v|", v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// files lists the site's data directory with each file's content, but for
// what SQLite keeps beside an open database.
func (s *site) files(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(s.c.data, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "-wal") || strings.HasSuffix(path, "-shm") {
			return err
		}
		b, err := os.ReadFile(path)
		if filepath.Base(path) == "nsor.db" {
			b = nil // compared by dump: opening it may rewrite its header
		}
		out[strings.TrimPrefix(path, s.c.data)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// lostRange matches the verifier's report of a restore that lost leaves.
var lostRange = regexp.MustCompile(`rolled back to (\d+) leaves, superseding a checkpoint of (\d+): leaves \[(\d+), (\d+)\) were lost`)

// records returns the site's audit records of an action.
func (s *site) records(t *testing.T, action string) []*nsor.AuditEntry {
	t.Helper()
	a, err := s.c.open(context.Background(), false, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	var out []*nsor.AuditEntry
	err = a.db.View(context.Background(), func(tx nsor.Tx) (err error) {
		out, err = tx.AuditRecords(nsor.AuditFilter{Action: action})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// verify runs "nsor audit verify" on the site with a saved checkpoint.
func (s *site) verify(t *testing.T, checkpoint string) (string, error) {
	t.Helper()
	args := []string{"verify", "--data", s.c.data}
	if s.kind == "postgres" {
		args = []string{"verify", "--database", s.c.database, "--keys", s.c.keyPath(), "--checkpoint-dir", s.c.exportDir()}
	}
	var out bytes.Buffer
	err := commands["audit"](context.Background(), append(args, "--checkpoint", checkpoint), &out)
	return out.String(), err
}

// exported reads the size of the checkpoint the site last exported.
func (s *site) exported(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.c.exportDir(), "checkpoint"))
	if err != nil {
		t.Fatal(err)
	}
	var origin string
	var size int64
	if _, err := fmt.Sscanf(string(b), "%s\n%d\n", &origin, &size); err != nil {
		t.Fatalf("exported checkpoint %q: %v", b, err)
	}
	return size
}

// TestBackupRestoreRoundTrip, on each database: a backup, taken with the
// database open; more acts after it, covered by an exported checkpoint; the
// restore brings back exactly the data at the backup, records itself as a
// signed restore superseding that checkpoint, and the verifier accepts the
// log and reports the leaves lost. Work and verification go on after it.
func TestBackupRestoreRoundTrip(t *testing.T) {
	for _, kind := range backupKinds {
		t.Run(kind, func(t *testing.T) {
			s := newSite(t, kind)
			s.act(t, false, "SY1", "SY2")
			before, codes := s.dump(t), s.codes(t)
			file := filepath.Join(t.TempDir(), "nsor.backup")
			if out, err := s.cmd(t, "backup", "--out", file); err != nil {
				t.Fatalf("backup = %v\n%s", err, out)
			}
			backups := s.records(t, "system.backup")
			if len(backups) != 1 {
				t.Fatalf("system.backup records = %d, want 1", len(backups))
			}
			s.act(t, false, "SY3")
			superseded := s.exported(t)
			target := s
			if kind == "postgres" { // into an empty database; the old one stays as it is
				target = s.onDatabase(t, pgtest.NewDatabase(t))
			}
			out, err := target.cmd(t, "restore", "--in", file)
			if err != nil {
				t.Fatalf("restore = %v\n%s", err, out)
			}
			checkRestoredRows(t, before, target.dump(t))
			if got := target.codes(t); !slices.Equal(got, codes) {
				t.Errorf("jurisdictions after restore = %v, want %v", got, codes)
			}
			restored := int64(len(before["audit_leaves"]))
			checkLost(t, out, restored, superseded)
			if n := len(target.records(t, "audit.restore")); n != 1 {
				t.Errorf("audit.restore records = %d, want 1", n)
			}
			restores := target.records(t, "system.restore")
			if len(restores) != 1 || detailOf(restores[0], "manifest_sha256") != detailOf(backups[0], "manifest_sha256") {
				t.Errorf("system.restore records = %d, want 1 naming the backup's manifest %s", len(restores), detailOf(backups[0], "manifest_sha256"))
			}
			kept, _ := filepath.Glob(filepath.Join(s.c.exportDir(), "checkpoint.before-restore-*"))
			if len(kept) != 1 {
				t.Fatalf("checkpoints kept before the restore = %v, want one", kept)
			}
			target.act(t, false, "SY4")
			out, err = target.verify(t, kept[0])
			if !errors.Is(err, exitStatus(auditverify.ExitPartial)) {
				t.Fatalf("audit verify after more work = %v\n%s", err, out)
			}
			checkLost(t, out, restored, superseded)
		})
	}
}

// checkLost checks the verifier's report: the log lost the leaves
// [restored, superseded), so it holds only in part, and the restored prefix
// is proven from the leaf hashes the export directory kept.
func checkLost(t *testing.T, out string, restored, superseded int64) {
	t.Helper()
	m := lostRange.FindStringSubmatch(out)
	want := []string{fmt.Sprint(restored), fmt.Sprint(superseded), fmt.Sprint(restored), fmt.Sprint(superseded)}
	if m == nil || !slices.Equal(m[1:], want) {
		t.Errorf("verifier report = %q, want leaves [%d, %d) lost", out, restored, superseded)
	}
	if !regexp.MustCompile(`verdict: +HOLDS ONLY IN PART`).MatchString(out) || strings.Contains(out, "cannot be proven against") {
		t.Errorf("verifier report = %q, want the verdict HOLDS ONLY IN PART and the restored prefix proven", out)
	}
}

// checkRestoredRows: every table holds exactly its rows at the backup, but
// the audit log's, which hold them and what the restore added to them.
func checkRestoredRows(t *testing.T, before, after map[string][]string) {
	t.Helper()
	grows := map[string]bool{"audit_records": true, "audit_leaves": true, "audit_hashes": true,
		"audit_checkpoints": true, "audit_restores": true}
	for table, rows := range before {
		switch {
		case table == "audit_sequencer": // the lease: released by the restore
		case grows[table]:
			for _, r := range rows {
				if !slices.Contains(after[table], r) {
					t.Errorf("%s after restore lacks %q", table, r)
				}
			}
			if len(after[table]) <= len(rows) && table != "audit_hashes" {
				t.Errorf("%s after restore has %d rows, want more than %d", table, len(after[table]), len(rows))
			}
		case !slices.Equal(after[table], rows):
			t.Errorf("%s after restore = %q, want %q", table, after[table], rows)
		}
	}
	if len(after) != len(before) {
		t.Errorf("tables after restore = %d, want %d", len(after), len(before))
	}
}
