package sqlstore

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"nsor"
)

// TestPooledRetry: an Update that PostgreSQL rolled back for a
// serialization failure or a deadlock runs again, a bounded number of
// times; any other failure is reported at once.
func TestPooledRetry(t *testing.T) {
	db := openPG(t, Options{})
	tests := []struct {
		name      string
		failures  int // how many first runs fail with err
		err       error
		wantRuns  int
		wantError bool
	}{
		{"serialization failure once", 1, &pgconn.PgError{Code: "40001"}, 2, false},
		{"deadlock twice", 2, nsor.Internalf(&pgconn.PgError{Code: "40P01"}, "wrapped"), 3, false},
		{"always deadlocked", 100, &pgconn.PgError{Code: "40P01"}, maxAttempts, true},
		{"unique violation", 1, &pgconn.PgError{Code: "23505"}, 1, true},
		{"plain error", 1, errors.New("refused"), 1, true},
	}
	for i, tc := range tests {
		code := "R" + string(rune('a'+i))
		runs := 0
		err := db.Update(context.Background(), func(tx nsor.Tx) error {
			runs++
			if err := createCountry(code)(tx); err != nil {
				return err
			}
			if runs <= tc.failures {
				return tc.err
			}
			return nil
		})
		if runs != tc.wantRuns || (err != nil) != tc.wantError {
			t.Errorf("Update(%s) = %v after %d runs, want error %v after %d", tc.name, err, runs, tc.wantError, tc.wantRuns)
		}
		if got := hasCode(t, db, code); got == tc.wantError {
			t.Errorf("Update(%s) stored %v, want %v: only the last run's writes remain", tc.name, got, !tc.wantError)
		}
	}
}

// TestPooledGoexit: a function that ends its goroutine (t.FailNow does)
// ends the caller's, as pooled Updates run there; its writes are rolled
// back and the store goes on.
func TestPooledGoexit(t *testing.T) {
	db := openPG(t, Options{WriteConns: 1}) // a leaked connection would stop the next Update
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.Update(context.Background(), func(tx nsor.Tx) error {
			createCountry("G")(tx)
			runtime.Goexit()
			return nil
		})
	}()
	<-done
	if err := db.Update(context.Background(), createCountry("H")); err != nil {
		t.Fatalf("Update after a Goexit = %v, want nil", err)
	}
	if hasCode(t, db, "G") || !hasCode(t, db, "H") {
		t.Errorf("stored G %v, H %v; want false, true", hasCode(t, db, "G"), hasCode(t, db, "H"))
	}
}

// TestPooledClose: Close waits for the Updates in flight; after it,
// Update and View fail with ErrClosed.
func TestPooledClose(t *testing.T) {
	db := openPG(t, Options{})
	started, finish := make(chan struct{}), make(chan struct{})
	result := make(chan error, 1)
	go func() {
		result <- db.Update(context.Background(), func(tx nsor.Tx) error {
			close(started)
			<-finish
			return createCountry("C")(tx)
		})
	}()
	<-started
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	close(finish)
	if err := <-result; err != nil {
		t.Errorf("Update in flight during Close = %v, want nil", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := db.Update(context.Background(), createCountry("X")); !errors.Is(err, ErrClosed) {
		t.Errorf("Update after Close = %v, want ErrClosed", err)
	}
	if err := db.View(context.Background(), func(nsor.Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("View after Close = %v, want ErrClosed", err)
	}
}
