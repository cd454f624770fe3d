package sqlstore

import (
	"context"
	"testing"

	"nsor"
	"nsor/auditrec"
	"nsor/sqlstore/pgtest"
)

// refusedLater is a write the database refuses (data is NOT NULL).
const refusedLater = "INSERT INTO audit_records (data, actor_id, request_id, action, object, at_ms) " +
	"VALUES (NULL, 1, 1, 'x', 'y', 0)"

// checkRefusedLater: a write queued to go with the COMMIT (execLater) that
// the database refuses fails the Update, and nothing of the transaction
// remains, neither the writes before it nor a record queued with it. A
// control commits the same transaction without the refused write.
func checkRefusedLater(t *testing.T, db *DB) {
	ctx := context.Background()
	run := func(refuse bool) error {
		return db.Update(ctx, func(ntx nsor.Tx) error {
			if err := ntx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindProvince, Code: "PX", Name: "Province X"}); err != nil {
				return err
			}
			if err := ntx.RecordAudit(&auditrec.Record{Version: auditrec.Version1, Action: "x.ok", Outcome: auditrec.OutcomeOK}); err != nil {
				return err
			}
			if refuse {
				return ntx.(*tx).execLater(refusedLater)
			}
			return nil
		})
	}
	if err := run(true); nsor.KindOf(err) != nsor.KindInternal {
		t.Fatalf("Update with a refused queued write = %v, want an internal error", err)
	}
	count := func() (nodes, records int) {
		if err := db.View(ctx, func(ntx nsor.Tx) error {
			js, err := ntx.Jurisdictions()
			nodes = len(js)
			if err != nil {
				return err
			}
			recs, err := ntx.AuditRecords(nsor.AuditFilter{})
			records = len(recs)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return nodes, records
	}
	if n, r := count(); n != 0 || r != 0 {
		t.Errorf("after the refused Update: %d jurisdictions and %d audit records, want none", n, r)
	}
	if err := run(false); err != nil {
		t.Fatalf("control Update = %v", err)
	}
	if n, r := count(); n != 1 || r != 1 {
		t.Errorf("after the control Update: %d jurisdictions and %d audit records, want 1 and 1", n, r)
	}
}

func TestRefusedLaterWrite(t *testing.T) { checkRefusedLater(t, openTemp(t, Options{})) }

func TestRefusedLaterWritePostgres(t *testing.T) {
	pgtest.Available(t)
	checkRefusedLater(t, openPG(t, Options{}))
}

// TestRoundTripsPostgres: an Update whose only write is an audit record is
// one round trip (BEGIN, the INSERT and COMMIT in one batch), a View of a
// request two (BEGIN with the read, then its end), and Stats counts them.
func TestRoundTripsPostgres(t *testing.T) {
	pgtest.Available(t)
	db := openPG(t, Options{})
	ctx := context.Background()
	count := func(fn func() error) uint64 {
		t.Helper()
		before := db.Stats().RoundTrips
		if err := fn(); err != nil {
			t.Fatal(err)
		}
		return db.Stats().RoundTrips - before
	}
	record := func() error {
		return db.Update(ctx, func(ntx nsor.Tx) error {
			return ntx.RecordAudit(&auditrec.Record{Version: auditrec.Version1, Action: "x.ok", Outcome: auditrec.OutcomeOK})
		})
	}
	read := func() error {
		return db.View(ctx, func(ntx nsor.Tx) error {
			_, err := ntx.Request(1)
			if nsor.KindOf(err) == nsor.KindNotFound {
				return nil
			}
			return err
		})
	}
	for range 2 { // the second of each finds its statements prepared
		if n := count(record); n != 1 {
			t.Errorf("round trips of an Update that records an audit record = %d, want 1", n)
		}
		if n := count(read); n != 2 {
			t.Errorf("round trips of a View that reads a request = %d, want 2", n)
		}
	}
}
