package nsor

import "time"

// OverdueStage selects the requests overdue in one stage: in State, the
// stage begun at or before StartedBy (its limit elapsed by now), and, when
// RecordFound is set, with or without a suspect's outcome a found record.
// It is DeadlineOf written as a condition the store can query, so that a
// listing of overdue requests is filtered before its limit, never after.
type OverdueStage struct {
	State       State
	RecordFound *bool
	StartedBy   time.Time
}

// OverdueStages are the stages that make a request overdue at now: one per
// case of Deadlines.stage.
func (d Deadlines) OverdueStages(now time.Time) []OverdueStage {
	found, none := true, false
	return []OverdueStage{
		{State: StateSubmitted, StartedBy: now.Add(-d.Prosecutor)},
		{State: StateForwarded, StartedBy: now.Add(-d.BureauAnswer)},
		{State: StateAnswered, RecordFound: &found, StartedBy: now.Add(-d.BureauConfirm)},
		{State: StateAnswered, RecordFound: &none, StartedBy: now.Add(-d.Release)},
		{State: StateConfirmed, StartedBy: now.Add(-d.Release)},
	}
}

// Matches reports whether r is overdue in this stage; the store's query
// says the same.
func (o OverdueStage) Matches(r *Request) bool {
	return r.State == o.State && !r.StageStarted.After(o.StartedBy) &&
		(o.RecordFound == nil || *o.RecordFound == r.AnyRecordFound())
}
