package nsor

import "time"

// DistrictStats are one district's figures, without any identity.
type DistrictStats struct {
	DistrictID int64         `json:"district_id"`
	District   string        `json:"district"`
	ByState    map[State]int `json:"by_state"`
	Open       int           `json:"open"`
	Overdue    int           `json:"overdue"`
	Returned   int           `json:"returned"`
	Rejected   int           `json:"rejected"`
}

// Dashboard is what oversight, the DPO and the bureau's supervisor see: the
// volumes and deadlines of the requests in their jurisdiction, by district,
// and the overdue ones by reference and age, never a suspect or a victim.
type Dashboard struct {
	At        time.Time       `json:"at"`
	Districts []DistrictStats `json:"districts"`
	Overdue   []OverdueItem   `json:"overdue"`
}

// OverdueItem is one overdue request, by reference.
type OverdueItem struct {
	RequestID    int64        `json:"request_id"`
	Ref          string       `json:"ref"`
	District     string       `json:"district"`
	State        State        `json:"state"`
	Deadline     DeadlineKind `json:"deadline"`
	OverdueHours float64      `json:"overdue_hours"`
}
