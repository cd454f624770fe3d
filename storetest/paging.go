package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"nsor"
)

// pageAll reads a listing page after page through read(after, limit), which
// reads limit rows after the key, and returns the keys in order. It fails
// when a page but the last comes back short.
func pageAll(t *testing.T, what string, limit int, read func(after int64, limit int) ([]int64, error)) []int64 {
	t.Helper()
	var all []int64
	var after int64
	for i := 0; ; i++ {
		got, err := read(after, limit+1)
		if err != nil {
			t.Fatalf("%s page %d: %v", what, i, err)
		}
		if len(got) <= limit {
			return append(all, got...)
		}
		all = append(all, got[:limit]...)
		after = got[limit-1]
		if i > 1000 {
			t.Fatalf("%s: no end of pages", what)
		}
	}
}

// testRequestPaging puts more rows than a page that a role may not see
// (drafts, which a prosecutor never sees) after, in the listing's order
// before, the ones it may see: every filter of visibility is a condition
// of the query, so the pages hold every visible request and nothing else.
func testRequestPaging(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	var names []string
	for i := range 8 + 205 {
		names = append(names, fmt.Sprintf("Accused %d", i))
	}
	f := w.mustFIR(t, s, "P1", w.io, names...)
	var submitted, forwarded, overdueSub, all []int64
	found, none := true, false
	update(t, s, func(tx nsor.Tx) error {
		for i := range 8 + 205 {
			r := newRequest(f, w.lahore, i)
			if i < 8 {
				r.State, r.Submissions, r.StageStarted = nsor.StateSubmitted, 1, at(10*i)
				if i%3 == 0 {
					r.State, r.ForwardedBy = nsor.StateForwarded, w.dpp.ID
				}
				if i == 4 {
					r.State, r.ForwardedBy = nsor.StateAnswered, w.dpp.ID
					r.Suspects[0].Outcome = nsor.OutcomeRecordFound
				}
			}
			if err := tx.CreateRequest(r); err != nil {
				return err
			}
			all = append(all, r.ID)
			switch {
			case i >= 8:
			case r.ForwardedBy != 0:
				forwarded = append(forwarded, r.ID)
				submitted = append(submitted, r.ID)
			default:
				submitted = append(submitted, r.ID)
				if i < 5 {
					overdueSub = append(overdueSub, r.ID)
				}
			}
		}
		return nil
	})
	slices.Reverse(submitted)
	slices.Reverse(forwarded)
	slices.Reverse(overdueSub)
	slices.Reverse(all)
	// Requests i = 0..7 began their stage at at(10*i); at at(40) those of
	// i <= 4 have waited 0 or more minutes, the rest are not yet due.
	limit := at(40)
	overdue := []nsor.OverdueStage{
		{State: nsor.StateSubmitted, StartedBy: limit},
		{State: nsor.StateAnswered, RecordFound: &none, StartedBy: limit.Add(time.Hour)},
	}
	list := func(f nsor.RequestFilter) func(after int64, n int) ([]int64, error) {
		return func(after int64, n int) ([]int64, error) {
			f.BeforeID, f.Limit = after, n
			var ids []int64
			err := s.View(t.Context(), func(tx nsor.Tx) error {
				rs, err := tx.Requests(f)
				for _, r := range rs {
					ids = append(ids, r.ID)
				}
				return err
			})
			return ids, err
		}
	}
	tests := []struct {
		name string
		f    nsor.RequestFilter
		want []int64
	}{
		{"prosecutor's", nsor.RequestFilter{UnderPath: w.lahore.Path, Submitted: true}, submitted},
		{"bureau's", nsor.RequestFilter{Forwarded: true}, forwarded},
		{"overdue", nsor.RequestFilter{UnderPath: w.lahore.Path, Submitted: true, Overdue: overdue}, overdueSub},
		{"answered, no record found, overdue", nsor.RequestFilter{Overdue: overdue[1:]}, nil},
		{"answered, record found", nsor.RequestFilter{Overdue: []nsor.OverdueStage{{State: nsor.StateAnswered, RecordFound: &found, StartedBy: limit}}}, forwarded[1:2]},
		{"all", nsor.RequestFilter{}, all},
	}
	for _, tc := range tests {
		for _, n := range []int{1, 3, 8, 50, 200} {
			got := pageAll(t, tc.name, n, list(tc.f))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Requests(%s) in pages of %d = %v, want %v", tc.name, n, got, tc.want)
			}
		}
	}
	// The first page of the prosecutor's list is not emptied by the drafts.
	if got, _ := list(tests[0].f)(0, 201); len(got) != 8 {
		t.Errorf("Requests(prosecutor's, Limit 201) = %d requests, want 8", len(got))
	}
}

// testInboxAndFIRPaging: 205 read notifications after 8 unread, and 205
// FIRs of another officer after 8 of this one's: the unread inbox and the
// officer's FIRs come whole over pages.
func testInboxAndFIRPaging(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	var unread, mine []int64
	update(t, s, func(tx nsor.Tx) error {
		for i := range 8 + 205 {
			n := &nsor.Notification{UserID: w.io.ID, Kind: nsor.NoteAnswered, RequestID: int64(i + 1), Message: "answered", CreatedAt: at(i)}
			if err := tx.AddNotification(n); err != nil {
				return err
			}
			io := w.io2
			if i < 8 {
				unread, io = append(unread, n.ID), w.io
			} else if err := tx.MarkNotificationRead(w.io.ID, n.ID, at(i)); err != nil {
				return err
			}
			f := w.newFIR(fmt.Sprintf("F%d", i), io, "Accused")
			if err := tx.CreateFIR(f); err != nil {
				return err
			}
			if i < 8 {
				mine = append(mine, f.ID)
			}
		}
		return nil
	})
	slices.Reverse(unread)
	slices.Reverse(mine)
	read := func(fn func(tx nsor.Tx, before int64, n int) ([]int64, error)) func(int64, int) ([]int64, error) {
		return func(before int64, n int) (ids []int64, err error) {
			err = s.View(t.Context(), func(tx nsor.Tx) error { ids, err = fn(tx, before, n); return err })
			return ids, err
		}
	}
	inbox := read(func(tx nsor.Tx, before int64, n int) ([]int64, error) {
		ns, err := tx.Notifications(w.io.ID, true, before, n)
		var ids []int64
		for _, x := range ns {
			ids = append(ids, x.ID)
		}
		return ids, err
	})
	firs := read(func(tx nsor.Tx, before int64, n int) ([]int64, error) {
		fs, err := tx.FIRs(nsor.FIRFilter{IOUserID: w.io.ID, BeforeID: before, Limit: n})
		var ids []int64
		for _, x := range fs {
			ids = append(ids, x.ID)
		}
		return ids, err
	})
	for _, n := range []int{1, 3, 8, 200} {
		if got := pageAll(t, "unread", n, inbox); !slices.Equal(got, unread) {
			t.Errorf("Notifications(unread) in pages of %d = %v, want %v", n, got, unread)
		}
		if got := pageAll(t, "FIRs", n, firs); !slices.Equal(got, mine) {
			t.Errorf("FIRs(IOUserID) in pages of %d = %v, want %v", n, got, mine)
		}
	}
}
