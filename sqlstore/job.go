package sqlstore

import (
	"math"
	"slices"
	"time"

	"nsor"
)

const jobCols = "id, kind, request_id, stage_seq, run_at, note"

// AddJob schedules j and sets j.ID.
func (t *tx) AddJob(j *nsor.Job) error {
	newID, err := t.insert("INSERT INTO jobs (kind, request_id, stage_seq, run_at, note, done) VALUES (?, ?, ?, ?, ?, FALSE)",
		j.Kind, j.RequestID, j.StageSeq, j.RunAt.UnixMilli(), j.Note)
	if err != nil {
		return err
	}
	j.ID = newID
	return nil
}

// AddJobs stores several jobs in one statement, without setting their IDs;
// on PostgreSQL it goes to the server with the next statement or the COMMIT
// (execLater).
func (t *tx) AddJobs(js []nsor.Job) error {
	return insertLater(t, "INSERT INTO jobs (kind, request_id, stage_seq, run_at, note, done) VALUES ",
		"(?, ?, ?, ?, ?, FALSE)", js, func(j nsor.Job) []any {
			return []any{j.Kind, j.RequestID, j.StageSeq, j.RunAt.UnixMilli(), j.Note}
		})
}

// ClaimDueJobs marks up to limit jobs due at now (all when limit <= 0) done
// and returns them, earliest first. The claim is part of the transaction:
// it commits with the jobs' effects or not at all, so each job runs once.
func (t *tx) ClaimDueJobs(now time.Time, limit int) ([]*nsor.Job, error) {
	if limit <= 0 {
		limit = math.MaxInt32
	}
	if err := t.usable(true); err != nil {
		return nil, err
	}
	var out []*nsor.Job
	err := t.each("job", func(s scanner) error {
		j := &nsor.Job{}
		out = append(out, j)
		return s.Scan(&j.ID, &j.Kind, &j.RequestID, &j.StageSeq, instant{&j.RunAt}, &j.Note)
	}, t.d.claimJobsSQL(), now.UnixMilli(), limit)
	// RETURNING promises no order.
	slices.SortFunc(out, func(a, b *nsor.Job) int {
		if c := a.RunAt.Compare(b.RunAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out, err
}
