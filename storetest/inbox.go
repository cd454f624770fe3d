package storetest

import (
	"testing"
	"time"

	"nsor"
)

func testNotifications(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	n1 := &nsor.Notification{UserID: w.io.ID, Kind: nsor.NoteReturned, RequestID: 4, Message: "returned", CreatedAt: at(1)}
	n2 := &nsor.Notification{UserID: w.io.ID, Kind: nsor.NoteRecordChanged, RecordID: 9, Message: "changed", CreatedAt: at(2)}
	n3 := &nsor.Notification{UserID: w.dpp.ID, Kind: nsor.NoteSubmitted, RequestID: 4, Message: "submitted", CreatedAt: at(3)}
	update(t, s, func(tx nsor.Tx) error {
		for _, n := range []*nsor.Notification{n1, n2, n3} {
			if err := tx.AddNotification(n); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.MarkNotificationRead(w.io.ID, n1.ID, at(5)); err != nil {
			return err
		}
		wantNotFound(t, "MarkNotificationRead(another user's)", tx.MarkNotificationRead(w.io.ID, n3.ID, at(5)), "notification")
		wantNotFound(t, "MarkNotificationRead(999999)", tx.MarkNotificationRead(w.io.ID, 999999, at(5)), "notification")
		return tx.MarkNotificationRead(w.io.ID, n1.ID, at(8)) // again: the first instant stays
	})
	n1.ReadAt = at(5)
	batch := []*nsor.Notification{
		{UserID: w.dpp.ID, Kind: nsor.NoteConfirmed, RequestID: 5, Message: "confirmed", CreatedAt: at(6)},
		{UserID: w.dpp.ID, Kind: nsor.NoteAnswered, RequestID: 6, Message: "answered", CreatedAt: at(7)},
	}
	update(t, s, func(tx nsor.Tx) error { return tx.AddNotifications(batch) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Notifications(w.dpp.ID, false, 0, 0)
		if err != nil || len(got) != 3 || got[0].Message != "answered" || got[1].Message != "confirmed" || got[0].ID == 0 {
			t.Errorf("Notifications(dpp) after AddNotifications = %d, %v; want answered, confirmed, submitted with IDs", len(got), err)
		}
		return nil
	})
	view(t, s, func(tx nsor.Tx) error {
		all, err := tx.Notifications(w.io.ID, false, 0, 0)
		if err != nil {
			t.Fatalf("Notifications(io) = %v", err)
		}
		want := []*nsor.Notification{n2, n1}
		wantAllSet(t, "Notification", n1, n2)
		same(t, "Notifications(io, all)", &all, &want)
		unread, err := tx.Notifications(w.io.ID, true, 0, 0)
		if err != nil || len(unread) != 1 || unread[0].ID != n2.ID {
			t.Errorf("Notifications(io, unread) = %d, %v; want n2 alone", len(unread), err)
		}
		limited, err := tx.Notifications(w.io.ID, false, 0, 1)
		if err != nil || len(limited) != 1 || limited[0].ID != n2.ID {
			t.Errorf("Notifications(io, limit 1) = %d, %v; want the newest", len(limited), err)
		}
		return nil
	})
}

func testJobs(t *testing.T, open Opener) {
	s := open(t)
	now := at(100)
	jobs := []*nsor.Job{
		{Kind: nsor.JobOverdue, RequestID: 1, StageSeq: 2, RunAt: now.Add(-time.Hour), Note: "prosecutor_forward"},
		{Kind: nsor.JobReminder, RequestID: 1, StageSeq: 2, RunAt: now.Add(-2 * time.Hour), Note: "24h"},
		{Kind: nsor.JobReminder, RequestID: 2, StageSeq: 1, RunAt: now, Note: "36h"},
		{Kind: nsor.JobOverdue, RequestID: 2, StageSeq: 1, RunAt: now.Add(time.Millisecond), Note: "later"},
	}
	update(t, s, func(tx nsor.Tx) error {
		for _, j := range jobs {
			if err := tx.AddJob(j); err != nil {
				return err
			}
		}
		return nil
	})
	claim := func(limit int) []*nsor.Job {
		var got []*nsor.Job
		update(t, s, func(tx nsor.Tx) (err error) {
			got, err = tx.ClaimDueJobs(now, limit)
			return err
		})
		return got
	}
	// A claim rolled back with its transaction leaves the jobs due.
	err := s.Update(t.Context(), func(tx nsor.Tx) error {
		if _, err := tx.ClaimDueJobs(now, 0); err != nil {
			return err
		}
		return nsor.Errorf(nsor.KindInternal, "test.rollback", "roll back")
	})
	wantErr(t, "Update(claim, then fail)", err, nsor.KindInternal, "test.rollback")

	wantAllSet(t, "Job", jobs...)
	first := claim(2)
	want := []*nsor.Job{jobs[1], jobs[0]} // earliest first
	same(t, "ClaimDueJobs(now, 2)", &first, &want)
	rest := claim(0)
	want = []*nsor.Job{jobs[2]} // due at exactly now; the later one is not due
	same(t, "ClaimDueJobs(now, 0)", &rest, &want)
	if again := claim(0); len(again) != 0 {
		t.Errorf("ClaimDueJobs(again) = %d jobs, want none: each job is claimed once", len(again))
	}
}

// testAddJobs: jobs stored together, without IDs, are claimed like any.
func testAddJobs(t *testing.T, open Opener) {
	s := open(t)
	now := at(100)
	jobs := []nsor.Job{
		{Kind: nsor.JobReminder, RequestID: 3, StageSeq: 1, RunAt: now.Add(-time.Hour), Note: "24h"},
		{Kind: nsor.JobOverdue, RequestID: 3, StageSeq: 1, RunAt: now, Note: "prosecutor_forward"},
	}
	update(t, s, func(tx nsor.Tx) error { return tx.AddJobs(jobs) })
	update(t, s, func(tx nsor.Tx) error { return tx.AddJobs(nil) })
	var got []*nsor.Job
	update(t, s, func(tx nsor.Tx) (err error) {
		got, err = tx.ClaimDueJobs(now, 0)
		return err
	})
	if len(got) != len(jobs) {
		t.Fatalf("ClaimDueJobs after AddJobs = %d jobs, want %d", len(got), len(jobs))
	}
	for i, j := range got {
		if j.ID == 0 {
			t.Errorf("claimed job %d has no ID", i)
		}
		want := jobs[i]
		want.ID = j.ID
		same(t, "ClaimDueJobs after AddJobs", j, &want)
	}
}
