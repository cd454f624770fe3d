package nsor

import (
	"testing"
	"time"
)

func TestDeadlineOf(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &Request{State: StateSubmitted, StageStarted: t0}
	d := DefaultDeadlines
	for _, tt := range []struct {
		at      time.Duration
		overdue bool
		left    int64
	}{{47*time.Hour + 59*time.Minute + 59*time.Second, false, 1}, {48 * time.Hour, true, 0}, {49 * time.Hour, true, -3600}} {
		got := d.DeadlineOf(r, t0.Add(tt.at))
		if got.Kind != DeadlineForward || got.Overdue != tt.overdue || got.Remaining != tt.left {
			t.Errorf("DeadlineOf(submitted, +%v) = %+v, want overdue %v, %d s left", tt.at, got, tt.overdue, tt.left)
		}
	}
	for _, tt := range []struct {
		r    *Request
		want DeadlineKind
	}{
		{&Request{State: StateForwarded}, DeadlineAnswer},
		{&Request{State: StateAnswered, Suspects: []Suspect{{Outcome: OutcomeRecordFound}}}, DeadlineConfirm},
		{&Request{State: StateAnswered, Suspects: []Suspect{{Outcome: OutcomeNoRecord}}}, DeadlineRelease},
		{&Request{State: StateConfirmed}, DeadlineRelease},
	} {
		if got := d.DeadlineOf(tt.r, t0); got == nil || got.Kind != tt.want {
			t.Errorf("DeadlineOf(%s) = %+v, want %s", tt.r.State, got, tt.want)
		}
	}
	for _, s := range []State{StateDraft, StateReturned, StateReleased, StateRejected, StateWithdrawn, StateClosed} {
		if got := d.DeadlineOf(&Request{State: s}, t0); got != nil {
			t.Errorf("DeadlineOf(%s) = %+v, want none: nobody is on the clock", s, got)
		}
	}
}

func TestJobsFor(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jobs := DefaultDeadlines.JobsFor(&Request{ID: 7, State: StateSubmitted, StageStarted: t0, StageSeq: 3})
	if len(jobs) != 3 || !jobs[0].RunAt.Equal(t0.Add(24*time.Hour)) || !jobs[1].RunAt.Equal(t0.Add(36*time.Hour)) ||
		jobs[2].Kind != JobOverdue || !jobs[2].RunAt.Equal(t0.Add(48*time.Hour)) || jobs[2].StageSeq != 3 {
		t.Errorf("jobsFor(submitted) = %+v, want reminders at 24h and 36h and overdue at 48h of stage 3", jobs)
	}
}
