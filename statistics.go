package nsor

import (
	"slices"
	"time"
)

// Stage names a stretch of the procedure whose turnaround oversight
// watches, measured from the events of each request.
type Stage string

// The stages, in the procedure's order.
const (
	StageForward     Stage = "submit_forward"      // the prosecutor: last submission to forward
	StageAnswer      Stage = "forward_answer"      // the bureau: forward to answer
	StageConfirm     Stage = "answer_confirm"      // the bureau's second officer: answer to confirmation
	StageRelease     Stage = "answer_release"      // the prosecutor: answer (or confirmation) to release
	StageAcknowledge Stage = "release_acknowledge" // the officer: release to acknowledgement
)

// Stages lists the stages in order.
var Stages = []Stage{StageForward, StageAnswer, StageConfirm, StageRelease, StageAcknowledge}

// StatsWeeks is how many weeks the weekly series cover, the current one
// last.
const StatsWeeks = 12

// Turnaround is the spread of one stage's durations, in seconds.
type Turnaround struct {
	Stage  Stage `json:"stage"`
	Count  int   `json:"count"`
	Median int64 `json:"median_seconds"`
	P90    int64 `json:"p90_seconds"`
}

// Week is one week's counts of acts, from the requests' events.
type Week struct {
	Start      time.Time `json:"start"` // Monday 00:00 UTC
	Submitted  int       `json:"submitted"`
	Forwarded  int       `json:"forwarded"`
	Returns    int       `json:"returns"`
	Rejections int       `json:"rejections"`
}

// DistrictStatistics are one district's figures over its requests' whole
// history, without any identity.
type DistrictStatistics struct {
	DistrictID int64  `json:"district_id"` // 0 for the total of all districts
	District   string `json:"district"`
	Requests   int    `json:"requests"`  // submitted at least once
	Submitted  int    `json:"submitted"` // submissions, resubmissions included
	Forwarded  int    `json:"forwarded"` // forwards
	In48h      int    `json:"forwarded_within_48h"`
	Returns    int    `json:"returns"`
	Rejections int    `json:"rejections"`
	// Stages are the turnarounds, one per Stages entry.
	Stages []Turnaround `json:"stages"`
	Weeks  []Week       `json:"weeks"`
	// FemaleOfficers counts the district's active female investigating
	// officers (docs/rules.md#r11).
	FemaleOfficers int `json:"female_officers"`
}

// ShareIn48h is the share of forwards made within the prosecutor's 48
// hours of their submission, from 0 to 1; -1 when nothing was forwarded.
func (d *DistrictStatistics) ShareIn48h() float64 {
	if d.Forwarded == 0 {
		return -1
	}
	return float64(d.In48h) / float64(d.Forwarded)
}

// Statistics are what oversight (and a DPO, of their district) see of the
// procedure's working: by district and in total, and the districts with no
// female investigating officer.
type Statistics struct {
	At        time.Time            `json:"at"`
	Districts []DistrictStatistics `json:"districts"`
	Total     DistrictStatistics   `json:"total"`
	// NoFemaleOfficer names the districts of the jurisdiction with no active
	// female investigating officer.
	NoFemaleOfficer []string `json:"no_female_officer"`
}

// WeekStart is the Monday 00:00 UTC that begins t's week.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Percentile is the nearest-rank p-th percentile (0 < p <= 100) of xs,
// which it sorts; 0 for none.
func Percentile(xs []int64, p float64) int64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	rank := int(p/100*float64(len(xs)) + 0.999999999)
	rank = min(max(rank, 1), len(xs))
	return xs[rank-1]
}

// StageDurations walks one request's events, in order, and returns the
// duration of each stage each time it was completed, by stage; and whether
// each forward came within limit of the submission before it.
func StageDurations(es []*Event, limit time.Duration) (map[Stage][]time.Duration, []bool) {
	out := map[Stage][]time.Duration{}
	var forwards []bool
	var submitted, forwarded, answered, confirmed, released time.Time
	for _, e := range es {
		switch e.Action {
		case ActSubmit, ActResubmit:
			submitted = e.At
		case ActForward:
			if !submitted.IsZero() {
				d := e.At.Sub(submitted)
				out[StageForward] = append(out[StageForward], d)
				forwards = append(forwards, d <= limit)
			}
			forwarded = e.At
		case ActAnswer:
			if !forwarded.IsZero() {
				out[StageAnswer] = append(out[StageAnswer], e.At.Sub(forwarded))
				forwarded = time.Time{}
			}
			answered, confirmed = e.At, time.Time{}
		case ActReopen:
			forwarded, answered = e.At, time.Time{} // the bureau answers again
		case ActConfirm:
			if !answered.IsZero() {
				out[StageConfirm] = append(out[StageConfirm], e.At.Sub(answered))
			}
			confirmed = e.At
		case ActRelease:
			from := confirmed
			if from.IsZero() {
				from = answered
			}
			if !from.IsZero() {
				out[StageRelease] = append(out[StageRelease], e.At.Sub(from))
			}
			released = e.At
		case ActAcknowledge:
			if !released.IsZero() {
				out[StageAcknowledge] = append(out[StageAcknowledge], e.At.Sub(released))
				released = time.Time{} // a later officer's acknowledgement is not the stage's end
			}
		}
	}
	return out, forwards
}
