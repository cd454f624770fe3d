// Command importbench measures the bulk import (docs/import.md) beside a
// plain INSERT of the same rows, in the same run, on SQLite and on
// PostgreSQL:
//
//	go run ./cmd/importbench [--rows 100000] [--bad-every 100] [--postgres URL] [--sqlite=true]
//
// For each database it makes a fresh installation with the demo's people,
// writes a synthetic file (importgen: CNICs beginning with 98, one row in
// bad-every bad), and times three ways of putting its good rows in:
//
//   - plain: one INSERT a row of the record's JSON into a table of its own,
//     500 rows a transaction: the floor, what the database alone costs;
//   - import: ImportRecords on the whole file: every row read and checked,
//     duplicates looked up, the per-row report, an audit record a chunk;
//   - store: then the store's CreateOffender for each good row again (the
//     record, its name keys and its first version), 500 a transaction, no
//     checks, no lookups.
//
// --postgres names a server (an admin URL); a database is created on it for
// the run and dropped after.
package main

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"

	"nsor"
	"nsor/auth"
	"nsor/demo"
	"nsor/internal/importgen"
	"nsor/keys"
	"nsor/service"
	"nsor/sqlstore"
)

func main() {
	rows := flag.Int("rows", 100000, "rows in the file")
	badEvery := flag.Int("bad-every", 100, "one row in this many is bad (100: 1%)")
	pg := flag.String("postgres", os.Getenv("NSOR_TEST_POSTGRES"), "a PostgreSQL server's admin URL; empty: SQLite only")
	lite := flag.Bool("sqlite", true, "measure SQLite")
	format := flag.String("format", "jsonl", "csv or jsonl")
	flag.Parse()
	ctx := context.Background()
	var file bytes.Buffer
	gen, err := importgen.Write(&file, importgen.Options{Rows: *rows, BadEvery: *badEvery, Seed: 2026, Format: nsor.ImportFormat(*format)})
	if err != nil {
		fail(err)
	}
	fmt.Printf("importbench: %d rows (%d good, %d bad), %s, %.1f MiB; GOMAXPROCS %d, %s\n", *rows, gen.Good, gen.Bad, *format,
		float64(file.Len())/(1<<20), runtime.GOMAXPROCS(0), runtime.Version())
	if *lite {
		dir, err := os.MkdirTemp("", "importbench")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
		run(ctx, "sqlite", filepath.Join(dir, "nsor.db"), "sqlite", filepath.Join(dir, "nsor.db"), file.Bytes(), gen, nsor.ImportFormat(*format))
	}
	if *pg != "" {
		dsn, drop := pgDatabase(ctx, *pg)
		defer drop()
		run(ctx, "postgres", dsn, "pgx", dsn, file.Bytes(), gen, nsor.ImportFormat(*format))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "importbench:", err)
	os.Exit(1)
}

// run measures one database.
func run(ctx context.Context, name, dsn, driver, rawDSN string, content []byte, gen importgen.Result, format nsor.ImportFormat) {
	kd, err := os.MkdirTemp("", "importbench-keys")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(kd)
	if err := keys.Init(kd, nil); err != nil {
		fail(err)
	}
	kr, err := keys.Load(kd)
	if err != nil {
		fail(err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Migrate: true})
	if err != nil {
		fail(err)
	}
	defer db.Close()
	svc := service.New(nsor.Deps{Store: db, Clock: nsor.ClockFunc(time.Now), IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig()})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		fail(err)
	}
	seed, err := demo.Seed(ctx, svc, db, rand.New(rand.NewPCG(1, 8)), nil)
	if err != nil {
		fail(err)
	}
	var good []nsor.RecordInput
	now := time.Now()
	_ = nsor.ReadImport(format, content, func(l nsor.ImportLine) bool {
		if l.Err == nil {
			if _, _, err := nsor.ValidateRecord(l.Record, now); err == nil {
				good = append(good, l.Record)
			}
		}
		return true
	})

	// plain: the rows' JSON into a table of their own.
	raw, err := sql.Open(driver, rawDSN)
	if err != nil {
		fail(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "CREATE TABLE bench_plain (line BIGINT, cnic TEXT, record_json TEXT)"); err != nil {
		fail(err)
	}
	ins := "INSERT INTO bench_plain (line, cnic, record_json) VALUES (?, ?, ?)"
	if driver == "pgx" {
		ins = "INSERT INTO bench_plain (line, cnic, record_json) VALUES ($1, $2, $3)"
	}
	start := time.Now()
	for i := 0; i < len(good); i += 500 {
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			fail(err)
		}
		for j := i; j < min(i+500, len(good)); j++ {
			b, _ := json.Marshal(good[j])
			if _, err := tx.ExecContext(ctx, ins, j, good[j].CNIC, string(b)); err != nil {
				fail(err)
			}
		}
		if err := tx.Commit(); err != nil {
			fail(err)
		}
	}
	plain := time.Since(start)

	reg := seed.Actor("registrar1")
	// import: the whole file through the service.
	start = time.Now()
	b, err := svc.ImportRecords(ctx, reg, nsor.ImportFile{Name: "importbench." + string(format), Format: format, Content: content}, nil)
	if err != nil {
		fail(err)
	}
	imp := time.Since(start)
	// store: CreateOffender without checks.
	start = time.Now()
	for i := 0; i < len(good); i += 500 {
		err := db.Update(ctx, func(tx nsor.Tx) error {
			for j := i; j < min(i+500, len(good)); j++ {
				r, _, err := nsor.ValidateRecord(good[j], now)
				if err != nil {
					return err
				}
				r.CNIC, r.Parentage = "", nil // the import below must not find these as duplicates
				o := &nsor.Offender{Status: nsor.RecordPending, Record: r, OwnerID: reg.ID(), CreatedAt: now, UpdatedAt: now}
				v := &nsor.OffenderVersion{Kind: nsor.ChangeCreate, Record: r, Reason: "bench", MadeBy: reg.ID(), MadeAt: now, Decision: nsor.DecisionPending}
				if err := tx.CreateOffender(o, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			fail(err)
		}
	}
	store := time.Since(start)

	fmt.Printf("%-8s plain INSERT   %7d rows %8.2f s %8.0f rows/s\n", name, len(good), plain.Seconds(), float64(len(good))/plain.Seconds())
	fmt.Printf("%-8s store insert   %7d rows %8.2f s %8.0f rows/s\n", name, len(good), store.Seconds(), float64(len(good))/store.Seconds())
	fmt.Printf("%-8s nsor import    %7d rows %8.2f s %8.0f rows/s  (%d imported, %d invalid, %d duplicates; %.0f records/s)\n", name,
		b.Rows, imp.Seconds(), float64(b.Rows)/imp.Seconds(), b.Imported, b.Invalid, b.Duplicates, float64(b.Imported)/imp.Seconds())
	// approval by a second registrar, then the index built from the store
	// as a cold start builds it.
	start = time.Now()
	if _, err := svc.ApproveImport(ctx, seed.Actor("registrar2"), b.ID, ""); err != nil {
		fail(err)
	}
	approve := time.Since(start)
	start = time.Now()
	n, err := svc.BuildRegisterIndex(ctx)
	if err != nil {
		fail(err)
	}
	build := time.Since(start)
	fmt.Printf("%-8s approve batch  %7d records made active in %.2f s; register index built from the store: %d records in %.2f s\n",
		name, b.Imported, approve.Seconds(), n, build.Seconds())
	if b.Imported != gen.Good || b.Invalid != gen.Bad {
		fail(fmt.Errorf("%s: imported %d, invalid %d; the file has %d good, %d bad", name, b.Imported, b.Invalid, gen.Good, gen.Bad))
	}
}

// pgDatabase creates a database for the run on the server admin names.
func pgDatabase(ctx context.Context, admin string) (string, func()) {
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		fail(err)
	}
	var b [6]byte
	crand.Read(b[:])
	name := "nsor_importbench_" + hex.EncodeToString(b[:])
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		fail(err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		fail(err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		c.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
		c.Close(context.Background())
	}
}
