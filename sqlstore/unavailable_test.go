package sqlstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"nsor"
)

// TestOutage: the causes of an outage become store.unavailable, wrapped
// or not; a refusal, and any other fault, stay what they were.
func TestOutage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want nsor.ErrorKind
	}{
		{"connection failure", nsor.Internalf(&pgconn.PgError{Code: "08006"}, "begin"), nsor.KindUnavailable},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, nsor.KindUnavailable},
		{"cannot connect now", &pgconn.PgError{Code: "57P03"}, nsor.KindUnavailable},
		{"too many connections", &pgconn.PgError{Code: "53300"}, nsor.KindUnavailable},
		{"disk full", &pgconn.PgError{Code: "53100"}, nsor.KindUnavailable},
		{"connection refused", nsor.Internalf(fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "begin"), nsor.KindUnavailable},
		{"pool busy", nsor.Internalf(errPoolBusy, "begin"), nsor.KindUnavailable},
		{"unique violation", &pgconn.PgError{Code: "23505"}, nsor.KindInternal},
		{"query canceled", &pgconn.PgError{Code: "57014"}, nsor.KindInternal},
		{"plain fault", errors.New("bug"), nsor.KindInternal},
		{"refusal", nsor.NotFound("request"), nsor.KindNotFound},
	}
	for _, tc := range tests {
		err := outage(tc.err)
		if got := nsor.KindOf(err); got != tc.want {
			t.Errorf("outage(%s) = %v (kind %d), want kind %d", tc.name, err, got, tc.want)
		}
		if tc.want == nsor.KindUnavailable && !errors.Is(err, tc.err) {
			t.Errorf("outage(%s) = %v, want the cause kept for the operator's log", tc.name, err)
		}
	}
	if outage(nil) != nil {
		t.Errorf("outage(nil) != nil")
	}
}

// TestSQLiteFullIsUnavailable: a database that cannot grow (max_page_count
// at its size stands in for a full disk) refuses a write as
// store.unavailable, and the write leaves nothing.
func TestSQLiteFullIsUnavailable(t *testing.T) {
	db := openTemp(t, Options{})
	ctx := context.Background()
	fillUp(t, db)
	blob := &nsor.Blob{Data: bytes.Repeat([]byte("x"), 1<<16)}
	err := db.Update(ctx, func(tx nsor.Tx) error { return tx.PutBlob(blob) })
	if nsor.KindOf(err) != nsor.KindUnavailable || nsor.ErrorCode(err) != "store.unavailable" {
		t.Fatalf("Update(a 64 KiB blob on a full database) = %v, want store.unavailable", err)
	}
	if err := db.View(ctx, func(tx nsor.Tx) error { _, err := tx.Blob(blob.SHA256); return err }); nsor.KindOf(err) != nsor.KindNotFound {
		t.Errorf("Blob after the refused write = %v, want not found", err)
	}
}

// fillUp makes db's writer unable to grow the file.
func fillUp(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	var pages int64
	if err := db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
}

// TestPoolBusyIsUnavailable: when every connection of the writers' pool is
// taken for longer than PoolWait, an Update fails as store.unavailable
// instead of waiting for ever; the Update holding the connection commits.
func TestPoolBusyIsUnavailable(t *testing.T) {
	db := openPG(t, Options{WriteConns: 1, PoolWait: 200 * time.Millisecond})
	ctx := context.Background()
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, func(tx nsor.Tx) error {
			close(holding)
			<-release
			return createCountry("PB")(tx)
		})
	}()
	<-holding
	start := time.Now()
	err := db.Update(ctx, createCountry("PC"))
	if nsor.KindOf(err) != nsor.KindUnavailable || !errors.Is(err, errPoolBusy) {
		t.Errorf("Update(with the pool taken) = %v after %v, want store.unavailable (pool busy)", err, time.Since(start))
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Update(holding the connection) = %v", err)
	}
	if !hasCode(t, db, "PB") || hasCode(t, db, "PC") {
		t.Errorf("after the busy pool: PB stored %v, PC stored %v; want true, false", hasCode(t, db, "PB"), hasCode(t, db, "PC"))
	}
}

// TestProbeOnFullDatabase: the health check's probe fails as
// store.unavailable on a database that cannot grow, and succeeds again
// once it can.
func TestProbeOnFullDatabase(t *testing.T) {
	db := openTemp(t, Options{})
	ctx := context.Background()
	if err := db.Probe(ctx); err != nil {
		t.Fatalf("Probe(healthy) = %v", err)
	}
	// Take the pages the first probe freed, then stop the file growing.
	filler := &nsor.Blob{Data: bytes.Repeat([]byte("f"), 4*probePad)}
	if err := db.Update(ctx, func(tx nsor.Tx) error { return tx.PutBlob(filler) }); err != nil {
		t.Fatal(err)
	}
	fillUp(t, db)
	if err := db.Probe(ctx); nsor.ErrorCode(err) != "store.unavailable" {
		t.Fatalf("Probe(full) = %v, want store.unavailable", err)
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA max_page_count = 1000000"); err != nil {
		t.Fatal(err)
	}
	if err := db.Probe(ctx); err != nil {
		t.Errorf("Probe(after space was freed) = %v, want nil", err)
	}
}

// BenchmarkProbe measures the health check's write probe beside an Update
// that writes nothing, on SQLite: what /healthz costs the database at most
// once a second.
func BenchmarkProbe(b *testing.B) {
	db := openTemp(b, Options{})
	ctx := context.Background()
	b.Run("probe", func(b *testing.B) {
		for b.Loop() {
			if err := db.Probe(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("empty-update", func(b *testing.B) {
		for b.Loop() {
			if err := db.Update(ctx, func(nsor.Tx) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
}
