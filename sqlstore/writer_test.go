package sqlstore

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"nsor"
)

func createCountry(code string) func(nsor.Tx) error {
	return func(tx nsor.Tx) error {
		return tx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindCountry, Code: code, Name: code})
	}
}

func hasCode(t *testing.T, db *DB, code string) bool {
	t.Helper()
	var found bool
	err := db.View(context.Background(), func(tx nsor.Tx) error {
		_, err := tx.JurisdictionByCode(code)
		found = err == nil
		if nsor.KindOf(err) == nsor.KindNotFound {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatalf("View = %v", err)
	}
	return found
}

// TestBatchNeighbours: in one batch, a failing function is rolled back to
// its savepoint and its neighbours commit.
func TestBatchNeighbours(t *testing.T) {
	db := openTemp(t, Options{})
	for attempt := range 20 {
		codes := [3]string{"A", "B", "C"}
		for i := range codes {
			codes[i] += string(rune('a' + attempt))
		}
		commits, errs := runHeldBatch(t, db, codes)
		if commits != 1 {
			continue // the three did not queue up in time; try again
		}
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("Update errors in one batch = %v, want nil, an error, nil", errs)
		}
		if !hasCode(t, db, codes[0]) || hasCode(t, db, codes[1]) || !hasCode(t, db, codes[2]) {
			t.Fatalf("stored after one batch: %s %v, %s %v, %s %v; want true, false, true",
				codes[0], hasCode(t, db, codes[0]), codes[1], hasCode(t, db, codes[1]), codes[2], hasCode(t, db, codes[2]))
		}
		return
	}
	t.Fatal("three queued Updates never shared a batch")
}

// runHeldBatch holds the writer in one Update while three more queue up,
// the middle one failing, then lets them go. It returns how many COMMITs the
// three took and their errors.
func runHeldBatch(t *testing.T, db *DB, codes [3]string) (uint64, [3]error) {
	release, held := make(chan struct{}), make(chan struct{})
	go db.Update(context.Background(), func(nsor.Tx) error { close(held); <-release; return nil })
	<-held
	var errs [3]error
	var wg sync.WaitGroup
	for i, code := range codes {
		wg.Go(func() {
			errs[i] = db.Update(context.Background(), func(tx nsor.Tx) error {
				if err := createCountry(code)(tx); err != nil {
					return err
				}
				if i == 1 {
					return errors.New("planned")
				}
				return nil
			})
		})
	}
	time.Sleep(20 * time.Millisecond) // let the three block on the queue
	before := db.Stats().Commits
	close(release)
	wg.Wait()
	return db.Stats().Commits - before - 1, errs
}

// TestUpdateGoexit: a function that ends its goroutine (t.FailNow does) gets
// an error, writes nothing, and the store goes on.
func TestUpdateGoexit(t *testing.T) {
	db := openTemp(t, Options{})
	err := db.Update(context.Background(), func(tx nsor.Tx) error {
		createCountry("G")(tx)
		runtime.Goexit()
		return nil
	})
	if !errors.Is(err, errGoexit) {
		t.Errorf("Update(fn calls Goexit) = %v, want errGoexit", err)
	}
	if err := db.Update(context.Background(), createCountry("H")); err != nil {
		t.Fatalf("Update after a Goexit = %v, want nil", err)
	}
	if hasCode(t, db, "G") || !hasCode(t, db, "H") {
		t.Errorf("stored G %v, H %v; want false, true", hasCode(t, db, "G"), hasCode(t, db, "H"))
	}
}

// TestTxAfterReturn: a Tx kept past its function fails instead of writing
// into a neighbour's savepoint.
func TestTxAfterReturn(t *testing.T) {
	db := openTemp(t, Options{})
	var kept nsor.Tx
	if err := db.Update(context.Background(), func(tx nsor.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := createCountry("K")(kept); err == nil {
		t.Errorf("CreateJurisdiction on a finished Tx = nil, want an error")
	}
	if _, err := kept.Jurisdictions(); err == nil {
		t.Errorf("Jurisdictions on a finished Tx = nil, want an error")
	}
}

func TestClose(t *testing.T) {
	db := openTemp(t, Options{})
	if err := db.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("Close again = %v, want nil", err)
	}
	if err := db.Update(context.Background(), createCountry("X")); !errors.Is(err, ErrClosed) {
		t.Errorf("Update after Close = %v, want ErrClosed", err)
	}
	if err := db.View(context.Background(), func(nsor.Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("View after Close = %v, want ErrClosed", err)
	}
}
