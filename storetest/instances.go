package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"nsor"
)

// Instances opens two stores over one fresh, empty, migrated database, as
// two nsor instances share one PostgreSQL, and arranges for both to be
// closed.
type Instances func(t *testing.T) (a, b nsor.Store)

// RunInstances runs the tests of stores sharing a database: what one
// instance must not do twice or undo of the other's. blocked, when not nil,
// returns once the database shows a transaction waiting for a row lock
// another holds; it lets a store that locks rows prove that the conflict
// test made the two transactions meet rather than run one after the other.
func RunInstances(t *testing.T, open Instances, blocked func(t *testing.T)) {
	t.Run("ConflictingTransitions", func(t *testing.T) { testConflictingTransitions(t, open, blocked) })
	t.Run("ClaimJobsOnce", func(t *testing.T) { testClaimJobsOnce(t, open) })
}

// testConflictingTransitions: two instances move the same request from the
// same version at the same time; exactly one wins, and the other gets the
// KindConflict "version.stale" and changes nothing.
func testConflictingTransitions(t *testing.T, open Instances, blocked func(t *testing.T)) {
	a, b := open(t)
	w := newWorld(t, a)
	f := w.mustFIR(t, a, "101", w.io, "Accused One")
	r := w.mustRequest(t, a, f, 0)
	prev := storedRequest(t, b, r.ID)
	move := func(s nsor.Store, to nsor.State, hold func()) error {
		next := *prev
		next.State, next.Version, next.UpdatedAt = to, prev.Version+1, at(10)
		return s.Update(t.Context(), func(tx nsor.Tx) error {
			if err := tx.UpdateRequest(&next, prev); err != nil {
				return err
			}
			hold()
			return nil
		})
	}
	updated, release := make(chan struct{}), make(chan struct{})
	errA := make(chan error, 1)
	go func() {
		errA <- move(a, nsor.StateSubmitted, func() { close(updated); <-release })
	}()
	<-updated // a has changed the row and not committed
	errB := make(chan error, 1)
	go func() { errB <- move(b, nsor.StateWithdrawn, func() {}) }()
	if blocked != nil {
		blocked(t) // b waits for a's row lock
	}
	close(release)
	if err := <-errA; err != nil {
		t.Errorf("Update(instance a, %s) = %v, want nil: it changed the row first", nsor.StateSubmitted, err)
	}
	wantErr(t, "Update(instance b, same version)", <-errB, nsor.KindConflict, "version.stale")
	for _, s := range []nsor.Store{a, b} {
		if got := storedRequest(t, s, r.ID); got.State != nsor.StateSubmitted || got.Version != prev.Version+1 {
			t.Errorf("Request(%d) after the race = %s version %d, want %s version %d",
				r.ID, got.State, got.Version, nsor.StateSubmitted, prev.Version+1)
		}
	}
}

// testClaimJobsOnce: workers on two instances claim due jobs at once until
// none is left; every job is claimed, and none twice.
func testClaimJobsOnce(t *testing.T, open Instances) {
	a, b := open(t)
	const jobs, workersEach, batch = 120, 4, 3
	now := at(100)
	var want []int64
	update(t, a, func(tx nsor.Tx) error {
		for i := range jobs {
			j := &nsor.Job{Kind: nsor.JobReminder, RequestID: int64(i + 1), StageSeq: 1,
				RunAt: now.Add(-time.Duration(i%7) * time.Minute), Note: fmt.Sprint(i)}
			if err := tx.AddJob(j); err != nil {
				return err
			}
			want = append(want, j.ID)
		}
		return nil
	})
	var mu sync.Mutex
	var got []int64
	var wg sync.WaitGroup
	for _, s := range []nsor.Store{a, b} {
		for range workersEach {
			wg.Go(func() {
				for {
					var claimed []*nsor.Job
					err := s.Update(t.Context(), func(tx nsor.Tx) (err error) {
						claimed, err = tx.ClaimDueJobs(now, batch)
						return err
					})
					if err != nil {
						t.Errorf("ClaimDueJobs on two instances = %v", err)
						return
					}
					if len(claimed) == 0 {
						return
					}
					mu.Lock()
					for _, j := range claimed {
						got = append(got, j.ID)
					}
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("jobs claimed by two instances = %d (%v), want each of the %d once", len(got), got, len(want))
	}
}
