package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
)

// RunDueJobs runs the reminders and escalations that are due, each exactly
// once (the claim commits with the job's effects), and returns how many ran.
// The clock only ever reminds and escalates: it never approves or rejects.
func (s *Service) RunDueJobs(ctx context.Context) (int, error) {
	total := 0
	for {
		n := 0
		err := s.store.Update(ctx, func(tx nsor.Tx) error {
			jobs, err := tx.ClaimDueJobs(s.now(), 50)
			n = len(jobs)
			for _, j := range jobs {
				if err == nil {
					err = s.runJob(tx, j)
				}
			}
			return err
		})
		if err != nil {
			return total, err
		}
		if total += n; n < 50 {
			return total, nil
		}
	}
}

// runJob runs one job, unless its request has moved on since it was
// scheduled, in which case the job is spent without effect.
func (s *Service) runJob(tx nsor.Tx, j *nsor.Job) error {
	r, err := tx.Request(j.RequestID)
	if err != nil {
		return err
	}
	if r.StageSeq != j.StageSeq {
		return nil
	}
	r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
	rec := s.record(nil, "deadline."+string(j.Kind))
	rec.Object, rec.RequestID, rec.Outcome = object("request", r.ID), r.ID, auditrec.OutcomeOK
	detail(rec, "job", j.Note)
	var to []int64
	var msg string
	var kind nsor.NotificationKind
	if j.Kind == nsor.JobReminder {
		kind = nsor.NoteReminder
		to, err = districtUsers(tx, r.DistrictID, false)
		msg = fmt.Sprintf("Reminder: request %s was submitted %s ago and must be forwarded or returned within 48 hours of submission.", r.Ref, j.Note)
	} else {
		kind = nsor.NoteOverdue
		to, msg, err = s.escalation(tx, r, nsor.DeadlineKind(j.Note))
	}
	if err != nil {
		return err
	}
	if err := s.notify(tx, to, kind, r.ID, msg); err != nil {
		return err
	}
	if j.Kind == nsor.JobOverdue {
		if err := s.addEvent(tx, nil, r, "escalate", r.State, r.State, j.Note); err != nil {
			return err
		}
	}
	return tx.RecordAudit(rec)
}

// escalation routes a missed deadline: the prosecutor's to the DPO and
// oversight (and the prosecutors themselves), the bureau's to its supervisor.
func (s *Service) escalation(tx nsor.Tx, r *nsor.Request, kind nsor.DeadlineKind) ([]int64, string, error) {
	msg := fmt.Sprintf("Overdue: request %s has passed its %s deadline.", r.Ref, deadlineNames[kind])
	if kind == nsor.DeadlineAnswer || kind == nsor.DeadlineConfirm {
		to, err := bureau(tx, nsor.RoleSupervisor)
		return to, msg, err
	}
	to, err := districtUsers(tx, r.DistrictID, true)
	if err != nil {
		return nil, "", err
	}
	over, err := s.oversightOf(tx, r)
	return append(to, over...), msg, err
}

var deadlineNames = map[nsor.DeadlineKind]string{
	nsor.DeadlineForward: "48-hour prosecutor", nsor.DeadlineAnswer: "bureau answer",
	nsor.DeadlineConfirm: "bureau confirmation", nsor.DeadlineRelease: "prosecutor release",
}
