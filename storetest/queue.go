package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"nsor"
)

// testQueueCounts checks the prosecutor queue's totals against a count of
// every request, after random moves in and out of the queue and of its
// stage's start (the store may keep the totals as counters: they must agree
// with the requests whatever the order of the writes), at limits chosen on,
// just before and just after requests' starts and on hour boundaries; and
// that SubmittedQueuePage lists what SubmittedQueue lists, with each FIR and
// its suspects' accused.
func testQueueCounts(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	rng := rand.New(rand.NewPCG(22, 7))
	hour := time.Hour
	t0 := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	// starts near one another and on hour boundaries, so that several
	// requests share an hour and limits fall inside and at the edge of one
	start := func() time.Time {
		switch rng.IntN(4) {
		case 0:
			return t0.Add(-time.Duration(rng.IntN(6)) * hour) // on the hour
		case 1:
			return t0.Add(-time.Duration(rng.IntN(6))*hour - time.Millisecond)
		default:
			return t0.Add(-time.Duration(rng.IntN(6*3600*1000)) * time.Millisecond)
		}
	}
	states := []nsor.State{nsor.StateDraft, nsor.StateSubmitted, nsor.StateSubmitted, nsor.StateReturned, nsor.StateForwarded, nsor.StateRejected}
	var reqs []*nsor.Request
	for i := range 40 {
		io := w.io
		if i%4 == 0 {
			io = w.ioKarachi
		}
		f := w.mustFIR(t, s, fmt.Sprintf("Q%d", i), io, fmt.Sprintf("Queue Accused %d", i), fmt.Sprintf("Queue Other %d", i))
		r := newRequest(f, w.districtOf(f), 1, 0)
		r.State = states[rng.IntN(len(states))]
		if r.State == nsor.StateSubmitted && i%7 == 3 {
			r.StageStarted = time.Time{} // a submitted request without a start is counted as waiting only
		} else {
			r.StageStarted = start()
		}
		update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
		reqs = append(reqs, r)
	}
	check := func(round int) {
		t.Helper()
		limits := []time.Time{t0, t0.Add(-hour), t0.Add(-2*hour + time.Millisecond), t0.Add(-3 * hour).Add(-time.Millisecond), t0.Add(hour)}
		for _, r := range reqs {
			if !r.StageStarted.IsZero() && rng.IntN(3) == 0 {
				limits = append(limits, r.StageStarted, r.StageStarted.Add(-time.Millisecond), r.StageStarted.Add(time.Millisecond))
			}
		}
		for _, d := range []*nsor.Jurisdiction{w.lahore, w.karachi} {
			for _, o := range limits {
				due := o.Add(time.Duration(rng.IntN(4*3600)) * time.Second)
				var want [3]int
				for _, r := range reqs {
					if r.State != nsor.StateSubmitted || r.DistrictPath != d.Path {
						continue
					}
					want[0]++
					st := stored(r.StageStarted)
					switch {
					case r.StageStarted.IsZero():
					case !st.After(stored(o)):
						want[1]++
					case !st.After(stored(due)):
						want[2]++
					}
				}
				view(t, s, func(tx nsor.Tx) error {
					n, od, ds, err := tx.QueueCounts(d.Path, o, due)
					if err != nil {
						t.Fatal(err)
					}
					if got := [3]int{n, od, ds}; got != want {
						t.Fatalf("round %d, %s, overdue by %v, due by %v: QueueCounts = %v, counting the requests %v",
							round, d.Code, o, due, got, want)
					}
					return nil
				})
			}
		}
	}
	check(0)
	for round := 1; round <= 6; round++ {
		for range 15 {
			r := reqs[rng.IntN(len(reqs))]
			prev := storedRequest(t, s, r.ID)
			switch rng.IntN(3) {
			case 0:
				r.State = states[rng.IntN(len(states))]
			case 1:
				r.StageStarted = start()
			default:
				r.State, r.StageStarted = states[rng.IntN(len(states))], start()
			}
			r.Version++
			update(t, s, func(tx nsor.Tx) error { return tx.UpdateRequest(r, prev) })
		}
		check(round)
	}

	// A refused write leaves the totals as they were: the request's version
	// is stale, and nothing of it is written.
	r := reqs[1]
	prev := storedRequest(t, s, r.ID)
	stale := *prev
	stale.Version--
	moved := *prev
	moved.State, moved.Version = nsor.StateSubmitted, prev.Version+1
	if prev.State == nsor.StateSubmitted {
		moved.State = nsor.StateForwarded
	}
	if err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateRequest(&moved, &stale) }); nsor.KindOf(err) != nsor.KindConflict {
		t.Fatalf("stale update = %v, want a conflict", err)
	}
	check(7)

	// The decisions on the people of some CNICs and of none are those of
	// every decision whose person has one of those CNICs or none.
	for i, r := range reqs[:12] {
		update(t, s, func(tx nsor.Tx) error {
			return tx.AddEvent(&nsor.Event{RequestID: r.ID, Action: nsor.ActReject, From: nsor.StateSubmitted, To: nsor.StateRejected,
				ActorID: w.dpp.ID, Reason: "Synthetic rejection.", At: t0.Add(time.Duration(i) * time.Minute)})
		})
	}
	view(t, s, func(tx nsor.Tx) error {
		all, err := tx.DecidedSuspects(w.country.Path, 0)
		if err != nil {
			t.Fatal(err)
		}
		picked := []nsor.CNIC{all[0].CNIC, "99999-9999999-9"}
		for _, cnics := range [][]nsor.CNIC{picked, {}} {
			var want []nsor.DecidedSuspect
			for _, d := range all {
				if d.CNIC == "" || slices.Contains(cnics, d.CNIC) {
					want = append(want, d)
				}
			}
			got, err := tx.DecidedSuspectsFor(w.country.Path, cnics, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || (len(want) > 0 && !slices.EqualFunc(got, want, func(a, b nsor.DecidedSuspect) bool {
				return a.RequestID == b.RequestID && a.CNIC == b.CNIC && a.Name == b.Name && a.At.Equal(b.At)
			})) {
				t.Fatalf("DecidedSuspectsFor(%v) = %+v, want %+v", cnics, got, want)
			}
		}
		if len(all) == 0 {
			t.Fatal("no decided suspects: the check above checked nothing")
		}
		return nil
	})

	// The page with its FIRs and accused lists the queue's requests in the
	// queue's order, from any key.
	for _, d := range []*nsor.Jurisdiction{w.lahore, w.karachi} {
		view(t, s, func(tx nsor.Tx) error {
			all, err := tx.SubmittedQueue(d.Path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, from := range []int{-1, 0, len(all) / 2} {
				var after []int64
				if from >= 0 && from < len(all) {
					after = []int64{all[from].StageStarted.UnixMilli(), all[from].ID}
				}
				want := all[from+1:]
				got, err := tx.SubmittedQueuePage(d.Path, after, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%s after %v: %d requests, SubmittedQueue %d", d.Code, after, len(got), len(want))
				}
				for i, qr := range got {
					wr := want[i]
					f, err := tx.FIR(wr.FIRID)
					if err != nil {
						t.Fatal(err)
					}
					var acc []nsor.QueueAccused
					for _, sp := range wr.Suspects {
						i := slices.IndexFunc(f.Accused, func(a nsor.Accused) bool { return a.ID == sp.AccusedID })
						acc = append(acc, nsor.QueueAccused{ID: f.Accused[i].ID, Name: f.Accused[i].Name, CNIC: f.Accused[i].CNIC})
					}
					if qr.Request.ID != wr.ID || qr.Request.Version != wr.Version || qr.FIRNumber != f.Number ||
						qr.FIRYear != f.Year || qr.StationID != f.StationID || !slices.Equal(qr.Accused, acc) {
						t.Fatalf("%s row %d: %+v %+v, want request %d of FIR %s/%d at %d with %+v",
							d.Code, i, qr, qr.Request, wr.ID, f.Number, f.Year, f.StationID, acc)
					}
				}
				if limited, err := tx.SubmittedQueuePage(d.Path, after, 2); err != nil || len(limited) != min(2, len(want)) {
					t.Fatalf("%s with limit 2: %d rows, %v", d.Code, len(limited), err)
				}
			}
			return nil
		})
	}
}
