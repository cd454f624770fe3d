package web

import (
	"net/http"
	"time"

	"nsor"
)

// The JSON paths of what the pages show: the prosecutor's queue with its
// totals, the DPO's staffing of the district's cases and the adding of a
// co-investigator, oversight's statistics by district, and the count of
// unread notifications. Each calls the service method the page calls, with
// its role, scope and jurisdiction checks.

// prosecutorQueue is the queue's page with the totals of the whole queue
// beside the listing's envelope.
type prosecutorQueue struct {
	At         time.Time         `json:"at"`
	Waiting    int               `json:"waiting"`
	Overdue    int               `json:"overdue"`
	DueSoon    int               `json:"due_soon"`
	Items      []*nsor.QueueItem `json:"items"`
	HasMore    bool              `json:"has_more"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

func (s *Server) prosecutorQueue(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	q, err := s.svc.ProsecutorQueue(r.Context(), a, p)
	if err != nil {
		return err
	}
	out := prosecutorQueue{At: q.At, Waiting: q.Waiting, Overdue: q.Overdue, DueSoon: q.DueSoon, Items: q.Items, HasMore: len(q.Next) > 0}
	if out.HasMore {
		out.NextCursor = cursorFor(r, nil, q.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

// staffing is a page of the district's cases with the officers they may be
// given to.
type staffing struct {
	Cases      []*nsor.CaseStaffing `json:"cases"`
	Officers   []nsor.Officer       `json:"officers"`
	HasMore    bool                 `json:"has_more"`
	NextCursor string               `json:"next_cursor,omitempty"`
}

func (s *Server) staffing(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	st, err := s.svc.Staffing(r.Context(), a, p)
	if err != nil {
		return err
	}
	out := staffing{Cases: st.Cases, Officers: st.Officers, HasMore: len(st.Next) > 0}
	if out.HasMore {
		out.NextCursor = cursorFor(r, nil, st.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

type coInvestigatorBody struct {
	UserID int64  `json:"user_id"`
	Reason string `json:"reason"`
}

func (s *Server) addCoInvestigator(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b coInvestigatorBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	seen, err := firSeen(r)
	if err != nil {
		return err
	}
	c, err := s.svc.AddCoInvestigator(r.Context(), a, id, seen, b.UserID, b.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c.Version))
	return writeJSON(w, http.StatusOK, c)
}

// statistics are nsor.Statistics with each week's start as its date (the
// Monday, UTC): a week is a span of days, not an instant.
type statistics struct {
	*nsor.Statistics
	Districts []districtStatistics `json:"districts"`
	Total     districtStatistics   `json:"total"`
}

type districtStatistics struct {
	nsor.DistrictStatistics
	Weeks []week `json:"weeks"`
}

type week struct {
	Start string `json:"start"`
	nsor.Week
}

func statisticsOf(st *nsor.Statistics) statistics {
	of := func(d nsor.DistrictStatistics) districtStatistics {
		out := districtStatistics{DistrictStatistics: d, Weeks: make([]week, len(d.Weeks))}
		for i, w := range d.Weeks {
			out.Weeks[i] = week{Start: w.Start.UTC().Format(time.DateOnly), Week: w}
		}
		return out
	}
	out := statistics{Statistics: st, Districts: make([]districtStatistics, len(st.Districts)), Total: of(st.Total)}
	for i, d := range st.Districts {
		out.Districts[i] = of(d)
	}
	return out
}

func (s *Server) statistics(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	st, err := s.svc.Statistics(r.Context(), a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, statisticsOf(st))
}

func (s *Server) unreadCount(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	n, err := s.svc.UnreadCount(r.Context(), a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		Unread int `json:"unread"`
	}{n})
}
