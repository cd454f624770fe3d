package nsor

import "time"

// Deadlines are the time limits of the procedure, in calendar hours.
type Deadlines struct {
	// Prosecutor is the DPP's limit from each submission: 48 hours (SOPs of
	// 22 August 2024). Overdue from exactly 48:00:00.
	Prosecutor time.Duration
	// Reminders go to the DPPs at these points of the prosecutor's limit.
	Reminders []time.Duration
	// BureauAnswer, BureauConfirm and Release are set by configuration: no
	// statute fixes them.
	BureauAnswer  time.Duration
	BureauConfirm time.Duration
	Release       time.Duration
}

// DefaultDeadlines are the deadlines unless configured otherwise.
var DefaultDeadlines = Deadlines{
	Prosecutor:    48 * time.Hour,
	Reminders:     []time.Duration{24 * time.Hour, 36 * time.Hour},
	BureauAnswer:  72 * time.Hour,
	BureauConfirm: 24 * time.Hour,
	Release:       24 * time.Hour,
}

// DeadlineKind names whose clock runs in a state.
type DeadlineKind string

// The deadlines, one per state that waits on someone.
const (
	DeadlineForward DeadlineKind = "prosecutor_forward" // submitted: the DPP forwards, returns or rejects
	DeadlineAnswer  DeadlineKind = "bureau_answer"      // forwarded: an analyst answers
	DeadlineConfirm DeadlineKind = "bureau_confirm"     // answered with a record found: a second analyst confirms
	DeadlineRelease DeadlineKind = "prosecutor_release" // confirmed, or answered with none found: the DPP releases
)

// Deadline is the clock running on a request now.
type Deadline struct {
	Kind      DeadlineKind `json:"kind"`
	DueAt     time.Time    `json:"due_at"`
	Overdue   bool         `json:"overdue"`
	Remaining int64        `json:"remaining_seconds"` // negative once overdue
}

// DeadlineOf returns the deadline running on r at now, or nil when nobody is
// on the clock. It is computed, not stored: a request is overdue from the
// instant its limit has elapsed, whether or not the escalation job has run.
func (d Deadlines) DeadlineOf(r *Request, now time.Time) *Deadline {
	kind, limit := d.stage(r)
	if kind == "" {
		return nil
	}
	due := r.StageStarted.Add(limit)
	return &Deadline{Kind: kind, DueAt: due, Overdue: !now.Before(due), Remaining: int64(due.Sub(now) / time.Second)}
}

func (d Deadlines) stage(r *Request) (DeadlineKind, time.Duration) {
	switch r.State {
	case StateSubmitted:
		return DeadlineForward, d.Prosecutor
	case StateForwarded:
		return DeadlineAnswer, d.BureauAnswer
	case StateAnswered:
		if r.AnyRecordFound() {
			return DeadlineConfirm, d.BureauConfirm
		}
		return DeadlineRelease, d.Release
	case StateConfirmed:
		return DeadlineRelease, d.Release
	}
	return "", 0
}

// JobKind names a scheduled job.
type JobKind string

// The kinds of job.
const (
	JobReminder JobKind = "reminder" // remind the DPPs of the running clock
	JobOverdue  JobKind = "overdue"  // escalate a missed deadline
)

// Job is a scheduled act of the system, claimed exactly once across
// instances. StageSeq ties it to the stage it was scheduled for: a job whose
// request has moved on is done without effect.
type Job struct {
	ID        int64
	Kind      JobKind
	RequestID int64
	StageSeq  int
	RunAt     time.Time
	Note      string // e.g. "24h"
}

// JobsFor returns the jobs to schedule when r enters its current stage.
func (d Deadlines) JobsFor(r *Request) []Job {
	kind, limit := d.stage(r)
	if kind == "" {
		return nil
	}
	var jobs []Job
	if kind == DeadlineForward {
		for _, at := range d.Reminders {
			jobs = append(jobs, Job{Kind: JobReminder, RequestID: r.ID, StageSeq: r.StageSeq,
				RunAt: r.StageStarted.Add(at), Note: at.String()})
		}
	}
	return append(jobs, Job{Kind: JobOverdue, RequestID: r.ID, StageSeq: r.StageSeq,
		RunAt: r.StageStarted.Add(limit), Note: string(kind)})
}
