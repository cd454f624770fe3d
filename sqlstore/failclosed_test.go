package sqlstore

import (
	"context"
	"strconv"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
)

// The service's fault-injection tests (web/failclosed_test.go) fail the audit
// append with an injected error. These make SQLite itself fail it, as a full
// disk and a read-only database do, and check that the store reports the
// failure and keeps nothing of the transaction: the act's write before the
// append is gone too.
func TestAuditAppendFailsClosed(t *testing.T) {
	for _, tc := range []struct {
		name, pragma string
	}{
		{"disk full", "PRAGMA max_page_count = %d"},
		{"read-only database", "PRAGMA query_only = ON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t, Options{Migrate: true})
			ctx := context.Background()
			before := countRows(t, db, "audit_records") + countRows(t, db, "notifications")
			breakWriter(t, db, tc.pragma)
			err := db.Update(ctx, func(tx nsor.Tx) error {
				if err := tx.AddNotification(&nsor.Notification{UserID: 1, Kind: "synthetic", Message: string(make([]byte, 64<<10)),
					CreatedAt: time.Unix(0, 0)}); err != nil {
					return err
				}
				_, err := tx.AppendAudit(&auditrec.Record{At: time.Unix(0, 0), Action: "request.forward",
					Outcome: auditrec.OutcomeOK, Details: []auditrec.Detail{{Key: "pad", Value: string(make([]byte, 64<<10))}}})
				return err
			})
			if err == nil {
				t.Fatalf("Update with %s = nil, want an error", tc.name)
			}
			if _, err := db.write.ExecContext(ctx, "PRAGMA query_only = OFF"); err != nil {
				t.Fatal(err)
			}
			if after := countRows(t, db, "audit_records") + countRows(t, db, "notifications"); after != before {
				t.Errorf("rows after the failed Update = %d, want %d: nothing of it kept", after, before)
			}
		})
	}
}

// breakWriter makes the writer connection fail writes: a page limit at the
// database's current size (SQLITE_FULL) or query_only (SQLITE_READONLY).
func breakWriter(t *testing.T, db *DB, pragma string) {
	t.Helper()
	ctx := context.Background()
	var pages int64
	if err := db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	q := pragma
	if pragma == "PRAGMA max_page_count = %d" {
		q = "PRAGMA max_page_count = " + strconv.FormatInt(pages, 10)
	}
	if _, err := db.write.ExecContext(ctx, q); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, db *DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.read.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
