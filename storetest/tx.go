package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"nsor"
)

func countJurisdictions(t *testing.T, s nsor.Store) int {
	t.Helper()
	var n int
	view(t, s, func(tx nsor.Tx) error {
		all, err := tx.Jurisdictions()
		n = len(all)
		return err
	})
	return n
}

func createRoot(code string) func(nsor.Tx) error {
	return func(tx nsor.Tx) error {
		return tx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindCountry, Code: code, Name: code})
	}
}

// testUpdateAtomic: when fn fails, nothing of it remains.
func testUpdateAtomic(t *testing.T, open Opener) {
	s := open(t)
	boom := errors.New("boom")
	err := s.Update(t.Context(), func(tx nsor.Tx) error {
		if err := createRoot("A")(tx); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Update(fn fails) = %v, want fn's error", err)
	}
	if n := countJurisdictions(t, s); n != 0 {
		t.Errorf("Jurisdictions() after a failed Update = %d, want 0", n)
	}
	// A uniqueness conflict handled by fn's caller leaves the earlier writes of
	// fn out too.
	update(t, s, createRoot("B"))
	err = s.Update(t.Context(), func(tx nsor.Tx) error {
		if err := createRoot("C")(tx); err != nil {
			return err
		}
		return createRoot("B")(tx)
	})
	wantErr(t, "Update(C then B again)", err, nsor.KindConflict, "jurisdiction.code_taken")
	if n := countJurisdictions(t, s); n != 1 {
		t.Errorf("Jurisdictions() after a conflict = %d, want 1", n)
	}
}

// testUpdatePanic: a panicking fn writes nothing, and the store goes on.
func testUpdatePanic(t *testing.T, open Opener) {
	s := open(t)
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic reached the caller: %v", p)
			}
		}()
		return s.Update(t.Context(), func(tx nsor.Tx) error {
			if err := createRoot("A")(tx); err != nil {
				return err
			}
			panic("fn bug")
		})
	}()
	if err == nil {
		t.Errorf("Update(fn panics) = nil, want an error")
	}
	if n := countJurisdictions(t, s); n != 0 {
		t.Errorf("Jurisdictions() after a panic = %d, want 0", n)
	}
	update(t, s, createRoot("B"))
	if n := countJurisdictions(t, s); n != 1 {
		t.Errorf("Jurisdictions() after a panic and an Update = %d, want 1", n)
	}
}

// testUpdateCancelled: a context that ended before fn starts cancels it.
func testUpdateCancelled(t *testing.T, open Opener) {
	s := open(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ran := false
	err := s.Update(ctx, func(tx nsor.Tx) error { ran = true; return createRoot("A")(tx) })
	if err == nil || ran {
		t.Errorf("Update(cancelled) = %v, fn ran %v; want an error and fn not run", err, ran)
	}
	if n := countJurisdictions(t, s); n != 0 {
		t.Errorf("Jurisdictions() after a cancelled Update = %d, want 0", n)
	}
}

// testViewReadOnly: the write methods of a View fail, and write nothing.
func testViewReadOnly(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	before := countJurisdictions(t, s)
	writes := map[string]func(nsor.Tx) error{
		"CreateJurisdiction": createRoot("V"),
		"CreateUser":         func(tx nsor.Tx) error { return tx.CreateUser(newUser("viewer", nsor.RoleIO, w.lahore.ID)) },
		"AddNotification": func(tx nsor.Tx) error {
			return tx.AddNotification(&nsor.Notification{UserID: w.io.ID, Kind: nsor.NoteReminder, Message: "x"})
		},
		"ClaimDueJobs": func(tx nsor.Tx) error { _, err := tx.ClaimDueJobs(at(0), 1); return err },
		"CreateApproval": func(tx nsor.Tx) error {
			return tx.CreateApproval(&nsor.Approval{Kind: nsor.ApproveReset, Change: []byte("null"), State: nsor.ApprovalPending,
				ProposedBy: w.admin.ID, ProposedAt: at(0), ExpiresAt: at(1)})
		},
	}
	for name, write := range writes {
		if err := s.View(t.Context(), write); err == nil {
			t.Errorf("View(%s) = nil, want an error", name)
		}
	}
	if n := countJurisdictions(t, s); n != before {
		t.Errorf("Jurisdictions() after writes in View = %d, want %d", n, before)
	}
}

// testViewSnapshot: a View does not see what commits while it runs.
func testViewSnapshot(t *testing.T, open Opener) {
	s := open(t)
	update(t, s, createRoot("A"))
	view(t, s, func(tx nsor.Tx) error {
		first, err := tx.Jurisdictions()
		if err != nil {
			return err
		}
		update(t, s, createRoot("B"))
		second, err := tx.Jurisdictions()
		if err != nil {
			return err
		}
		if len(first) != 1 || len(second) != 1 {
			t.Errorf("Jurisdictions() in one View = %d then %d, want 1 and 1", len(first), len(second))
		}
		return nil
	})
	if n := countJurisdictions(t, s); n != 2 {
		t.Errorf("Jurisdictions() after the View = %d, want 2", n)
	}
}

// testConcurrentUpdates: Updates from many goroutines all land, and a
// failing one among them takes nothing of the others with it.
func testConcurrentUpdates(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	const workers, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				n := &nsor.Notification{UserID: w.io.ID, Kind: nsor.NoteReminder, Message: fmt.Sprintf("%d/%d", g, i), CreatedAt: at(i)}
				err := s.Update(context.Background(), func(tx nsor.Tx) error {
					if err := tx.AddNotification(n); err != nil {
						return err
					}
					if i%5 == 4 {
						return errors.New("planned failure")
					}
					return nil
				})
				if (err != nil) != (i%5 == 4) {
					errs <- fmt.Errorf("Update(%d/%d) = %v", g, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var got []*nsor.Notification
	view(t, s, func(tx nsor.Tx) (err error) {
		got, err = tx.Notifications(w.io.ID, false, 0, 0)
		return err
	})
	if want := workers * each * 4 / 5; len(got) != want {
		t.Errorf("Notifications() after concurrent Updates = %d, want %d", len(got), want)
	}
}
