package nsor

import "time"

// DueSoon is how near its limit a request waiting for the prosecutor counts
// as due soon in the queue's totals.
const DueSoon = 6 * time.Hour

// ProsecutorQueue is the district's requests awaiting its prosecutors, in the
// order of the time left on the 48-hour clock (docs/rules.md#r14): overdue
// first, then the nearest to their limit. The totals are of the whole queue,
// not of the page.
type ProsecutorQueue struct {
	At      time.Time    `json:"at"`
	Waiting int          `json:"waiting"`
	Overdue int          `json:"overdue"`
	DueSoon int          `json:"due_soon"` // within DueSoon of the limit, not yet overdue
	Items   []*QueueItem `json:"items"`
	// Next is the key of the next page (the last item's stage start in
	// milliseconds and its ID), nil on the last page.
	Next []int64 `json:"next,omitempty"`
}

// QueueItem is one request in the prosecutor's queue, with the earlier
// returns and rejections of the district that named the same person.
type QueueItem struct {
	RequestID   int64     `json:"request_id"`
	Ref         string    `json:"ref"`
	Version     int       `json:"version"`
	FIR         string    `json:"fir"` // number/year
	Station     string    `json:"police_station"`
	Submissions int       `json:"submissions"`
	SubmittedAt time.Time `json:"submitted_at"`
	Deadline    Deadline  `json:"deadline"`
	DueSoon     bool      `json:"due_soon"`
	Suspects    []string  `json:"suspects"`
	Earlier     []Earlier `json:"earlier,omitempty"`
}

// Earlier is an earlier return or rejection of a request of the district
// that named the same person as a suspect of this one: by the same CNIC, or
// by the same name key when either has no CNIC (docs/rules.md#r4).
type Earlier struct {
	RequestID int64     `json:"request_id"`
	Ref       string    `json:"ref"`
	Action    Action    `json:"action"` // return or reject
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"`
	Suspect   string    `json:"suspect"`    // the suspect of this request it concerns
	By        string    `json:"matched_by"` // "cnic" or "name"
}

// DecidedSuspect is one suspect of a request that was returned or rejected,
// with that decision: what Earlier is found from.
type DecidedSuspect struct {
	RequestID int64
	CreatedAt time.Time
	Action    Action
	Reason    string
	At        time.Time
	Name      string
	CNIC      CNIC
}
