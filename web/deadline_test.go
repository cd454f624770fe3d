package web_test

import (
	"testing"
	"time"

	"nsor"
	"nsor/client"
)

// inboxCount counts a user's notifications of one kind.
func inboxCount(t *testing.T, e *env, c *client.Client, kind nsor.NotificationKind) int {
	t.Helper()
	ns, err := c.Notifications(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == kind {
			n++
		}
	}
	return n
}

// TestProsecutorDeadline walks the 48-hour clock with a fake clock: nothing
// before its time, reminders at 24 and 36 hours, overdue from exactly
// 48:00:00 and escalated to the DPO and oversight; a resubmission starts the
// clock again and the first submission's jobs never fire. The clock never
// approves or rejects.
func TestProsecutorDeadline(t *testing.T) {
	e := newEnvWith(t, func(c *nsor.Config) { c.SessionTTL = 30 * 24 * time.Hour })
	c := newCast(e)
	rpo := e.user("rpo.lahore", nsor.RoleOversight, "PB-LHR")
	io, dpp, dpo, aig, rpoC := e.login(c.io1), e.login(c.dpp), e.login(c.dpo), e.login(c.oversight), e.login(rpo)
	id := fileRequest(t, e, io)

	submitted := e.clock.Now()
	at := func(d time.Duration) { e.clock.Set(submitted.Add(d)) }
	run := func(want int) {
		t.Helper()
		n, err := e.svc.RunDueJobs(e.ctx)
		if err != nil || n != want {
			t.Fatalf("RunDueJobs at +%v = %d, %v, want %d", e.clock.Now().Sub(submitted), n, err, want)
		}
	}
	deadline := func(wantOverdue bool, wantRemaining int64) {
		t.Helper()
		v, err := dpp.Request(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Deadline == nil || v.Deadline.Overdue != wantOverdue || v.Deadline.Remaining != wantRemaining {
			t.Fatalf("deadline at +%v = %+v, want overdue %v, %d s left", e.clock.Now().Sub(submitted), v.Deadline, wantOverdue, wantRemaining)
		}
	}
	at(24*time.Hour - time.Second)
	run(0)
	at(24 * time.Hour)
	run(1)
	at(36 * time.Hour)
	run(1)
	if got := inboxCount(t, e, dpp, nsor.NoteReminder); got != 2 {
		t.Errorf("DPP reminders = %d, want 2", got)
	}
	at(48*time.Hour - time.Second)
	deadline(false, 1)
	run(0)
	at(48 * time.Hour)
	deadline(true, 0)
	run(1)
	run(0) // exactly once
	for name, cl := range map[string]*client.Client{"dpo": dpo, "aig": aig, "rpo": rpoC, "dpp": dpp} {
		if got := inboxCount(t, e, cl, nsor.NoteOverdue); got != 1 {
			t.Errorf("overdue escalations to %s = %d, want 1", name, got)
		}
	}
	if v, _ := dpp.Request(e.ctx, id); v.State != nsor.StateSubmitted {
		t.Errorf("state after the deadline = %s, want submitted: the clock never decides", v.State)
	}
	checkResubmissionClock(t, e, io, dpp, id)
}

// checkResubmissionClock returns and resubmits, then checks that the clock
// restarted at the resubmission.
func checkResubmissionClock(t *testing.T, e *env, io, dpp *client.Client, id int64) {
	t.Helper()
	act(t, e, dpp, id, "return", map[string]any{"reason": "Clarify the grounds, please.", "failed_items": []string{"grounds_substantiated"}})
	e.clock.Advance(3 * time.Hour)
	act(t, e, io, id, "resubmit", map[string]any{"clarification": "Grounds clarified in detail."})
	resubmitted := e.clock.Now()
	e.clock.Set(resubmitted.Add(48*time.Hour - time.Second))
	if n, _ := e.svc.RunDueJobs(e.ctx); n != 2 { // the two reminders of the new clock
		t.Errorf("jobs before the new deadline = %d, want 2 reminders", n)
	}
	v, _ := dpp.Request(e.ctx, id)
	if v.Deadline.Overdue || v.Deadline.Remaining != 1 {
		t.Errorf("deadline at 47:59:59 after resubmission = %+v, want 1 s left", v.Deadline)
	}
	e.clock.Set(resubmitted.Add(48 * time.Hour))
	if v, _ := dpp.Request(e.ctx, id); !v.Deadline.Overdue {
		t.Errorf("deadline at 48:00:00 after resubmission = %+v, want overdue", v.Deadline)
	}
	if n, _ := e.svc.RunDueJobs(e.ctx); n != 1 {
		t.Errorf("jobs at the new deadline = %d, want 1 escalation", n)
	}
}

// fileRequest files and submits a request for the first accused of a fresh
// FIR, and returns its ID.
func fileRequest(t *testing.T, e *env, io *client.Client) int64 {
	t.Helper()
	in := firInput(e)
	in.Accused = in.Accused[:1]
	return fileRequestOn(t, e, io, in)
}

// fileRequestOn is fileRequest on an FIR entered as in.
func fileRequestOn(t *testing.T, e *env, io *client.Client, in nsor.FIRInput) int64 {
	t.Helper()
	fir, err := io.CreateFIR(e.ctx, in, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.PutFIRCopy(e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatal(err)
	}
	r, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed.", Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	act(t, e, io, r.ID, "submit", map[string]any{})
	return r.ID
}

// act runs an act with the current version.
func act(t *testing.T, e *env, c *client.Client, id int64, action string, body map[string]any) *nsor.RequestView {
	t.Helper()
	cur, err := c.Request(e.ctx, id)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	body["version"] = cur.Version
	v, err := c.Act(e.ctx, id, action, body)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	return v
}
