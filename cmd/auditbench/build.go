package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"nsor"
	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/sqlstore"
)

// fixedClock is the bench's clock: the records' times are set by build.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

var start = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// build makes a log of n records in dir: nsor.db and keys/.
func build(ctx context.Context, dir string, n int) error {
	keysDir := filepath.Join(dir, "keys")
	if err := os.MkdirAll(keysDir, 0o700); err != nil {
		return err
	}
	keys, err := auditlog.LoadKeys(keysDir, auditlog.DefaultOrigin, "")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "nsor.db")
	db, err := sqlstore.Open(ctx, path, sqlstore.Options{Migrate: true})
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := insertRecords(ctx, path, n); err != nil {
		return err
	}
	t := time.Now()
	if err := sequence(ctx, path, keys); err != nil {
		return err
	}
	fmt.Printf("the sequencer integrated %d records in %v\n", n, time.Since(t).Round(time.Millisecond))
	return nil
}

// insertRecords appends n synthetic records, 100 to a statement, in one
// transaction, without fsync: a bench's log, not a durable one.
func insertRecords(ctx context.Context, path string, n int) error {
	db, err := sql.Open("sqlite", path+"?_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const per = 100
	q := "INSERT INTO audit_records (data, actor_id, request_id, action, object, at_ms) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", per), ", ")
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	args := make([]any, 0, 6*per)
	for i := 0; i < n; i += per {
		args = args[:0]
		for j := i; j < i+per; j++ {
			if j >= n {
				break
			}
			r := record(j)
			args = append(args, auditrec.Encode(r), r.ActorID, r.RequestID, r.Action, r.Object, r.At.UnixMilli())
		}
		if len(args) < 6*per { // the last, short statement
			q := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", len(args)/6), ", ")
			if _, err := tx.ExecContext(ctx, "INSERT INTO audit_records (data, actor_id, request_id, action, object, at_ms) VALUES "+q, args...); err != nil {
				return err
			}
			break
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

var actions = []string{"request.read", "register.search", "auth.signin", "request.submit", "record.read", "disclosure.release"}

// record is the i-th synthetic record: ten a second, of the shape acts
// write (one identifier as an HMAC, a detail).
func record(i int) *auditrec.Record {
	r := &auditrec.Record{At: start.Add(time.Duration(i) * 100 * time.Millisecond), ActorID: int64(i%500 + 1),
		ActorRole: "io", TokenID: int64(i%900 + 1), Source: "api", Client: "192.0.2.7",
		Action: actions[i%len(actions)], Outcome: auditrec.OutcomeOK, Object: fmt.Sprintf("request/%d", i%20000+1),
		RequestID: int64(i%20000 + 1), Purpose: fmt.Sprintf("request/%d", i%20000+1),
		Identifiers: []auditrec.Identifier{{Kind: "cnic", KeyVersion: 1, MAC: [32]byte{byte(i), byte(i >> 8), byte(i >> 16), 9}}},
		Details:     []auditrec.Detail{{Key: "count", Value: fmt.Sprint(i % 7)}}}
	if i%9 == 0 {
		r.Outcome, r.Code = auditrec.OutcomeRefused, "auth.forbidden"
	}
	return r
}

// sequence runs the sequencer until every record is a leaf, signing a
// checkpoint after each batch.
func sequence(ctx context.Context, path string, keys *auditlog.Keys) error {
	db, err := sqlstore.Open(ctx, path, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	clock := &fixedClock{t: start.Add(48 * time.Hour)}
	exportDir := filepath.Join(filepath.Dir(path), "checkpoints")
	if err := os.MkdirAll(exportDir, 0o755); err != nil {
		return err
	}
	l, err := auditlog.New(db, clock, keys.Signer, auditlog.Config{Batch: 100000, ExportDir: exportDir}, nil)
	if err != nil {
		return err
	}
	for {
		res, err := l.Step(ctx, true)
		if err != nil {
			return err
		}
		if !res.Leased {
			return fmt.Errorf("the sequencer's lease is taken")
		}
		if res.Added == 0 {
			return nil
		}
		clock.t = clock.t.Add(time.Second)
	}
}

var _ nsor.Clock = (*fixedClock)(nil)
