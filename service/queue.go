package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/match"
	"slices"
)

// earlierLimit bounds the returns and rejections read to find earlier
// decisions on the queue's suspects: the newest first.
const earlierLimit = 2000

// ProsecutorQueue returns a page of the district's requests awaiting its
// prosecutors (the district's prosecutors and its DPO), in the order of the
// time left on the 48-hour clock, overdue first (docs/rules.md#r14), with the
// totals of the whole queue, and beside each request the district's earlier
// returns and rejections that named the same person, by CNIC or name key
// (docs/rules.md#r4). The page's key is the stage's start in milliseconds and
// the request's ID.
func (s *Service) ProsecutorQueue(ctx context.Context, a *nsor.Actor, p nsor.Page) (*nsor.ProsecutorQueue, error) {
	q := &nsor.ProsecutorQueue{At: s.now(), Items: []*nsor.QueueItem{}}
	err := s.read(ctx, a, "request.queue", 0, func(tx nsor.Tx) error {
		if err := requireRole(a, nsor.RoleDPP, nsor.RoleDPO); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if err := p.Check(2); err != nil {
			return err
		}
		path := a.Jurisdiction.Path
		limit := s.cfg.Deadlines.Prosecutor
		var err error
		if q.Waiting, q.Overdue, q.DueSoon, err = tx.QueueCounts(path, q.At.Add(-limit), q.At.Add(-limit+nsor.DueSoon)); err != nil {
			return err
		}
		rs, err := tx.SubmittedQueue(path, p.After, p.Fetch())
		if err != nil {
			return err
		}
		page := nsor.Cut(rs, p, func(r *nsor.Request) []int64 { return []int64{r.StageStarted.UnixMilli(), r.ID} })
		q.Next = page.Next
		firs := map[int64]*nsor.FIR{}
		for _, r := range page.Items {
			r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
			if !nsor.Visible(a, r) { // the query's scope already holds; this is the rule itself
				continue
			}
			item, err := s.queueItem(tx, r, firs, q)
			if err != nil {
				return err
			}
			q.Items = append(q.Items, item)
		}
		return s.earlier(tx, path, q.Items, page.Items, firs)
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

func (s *Service) queueItem(tx nsor.Tx, r *nsor.Request, firs map[int64]*nsor.FIR, q *nsor.ProsecutorQueue) (*nsor.QueueItem, error) {
	f := firs[r.FIRID]
	if f == nil {
		var err error
		if f, err = tx.FIR(r.FIRID); err != nil {
			return nil, err
		}
		firs[r.FIRID] = f
	}
	st, err := s.jurisdiction(tx, f.StationID)
	if err != nil {
		return nil, err
	}
	item := &nsor.QueueItem{RequestID: r.ID, Ref: r.Ref, Version: r.Version, FIR: fmt.Sprintf("%s/%d", f.Number, f.Year),
		Station: st.Name, Submissions: r.Submissions, SubmittedAt: r.SubmittedAt, Suspects: []string{}}
	if dl := s.cfg.Deadlines.DeadlineOf(r, q.At); dl != nil {
		item.Deadline = *dl
		item.DueSoon = !dl.Overdue && dl.DueAt.Sub(q.At) <= nsor.DueSoon
	}
	for _, sp := range r.Suspects {
		if acc := findAccused(f, sp.AccusedID); acc != nil {
			item.Suspects = append(item.Suspects, acc.Name)
		}
	}
	return item, nil
}

// earlier sets each item's earlier returns and rejections: those of other
// requests of the district that named a person of the same CNIC, or, when
// either has no CNIC, of the same name key.
func (s *Service) earlier(tx nsor.Tx, path string, items []*nsor.QueueItem, rs []*nsor.Request, firs map[int64]*nsor.FIR) error {
	if len(items) == 0 {
		return nil
	}
	ds, err := tx.DecidedSuspects(path, earlierLimit)
	if err != nil || len(ds) == 0 {
		return err
	}
	keys := make([]string, len(ds))
	for i, d := range ds {
		keys[i] = match.NameKey(d.Name)
	}
	byID := map[int64]*nsor.Request{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	for _, it := range items {
		r := byID[it.RequestID]
		f := firs[r.FIRID]
		if f == nil {
			if f, err = tx.FIR(r.FIRID); err != nil {
				return err
			}
			firs[r.FIRID] = f
		}
		for _, sp := range r.Suspects {
			acc := findAccused(f, sp.AccusedID)
			if acc == nil {
				continue
			}
			key := match.NameKey(acc.Name)
			for i, d := range ds {
				if d.RequestID == r.ID || slices.ContainsFunc(it.Earlier, func(e nsor.Earlier) bool {
					return e.RequestID == d.RequestID && e.Action == d.Action && e.At.Equal(d.At)
				}) {
					continue
				}
				by := ""
				switch {
				case acc.CNIC != "" && d.CNIC != "":
					if acc.CNIC == d.CNIC {
						by = "cnic"
					}
				case key != "" && key == keys[i]:
					by = "name"
				}
				if by != "" {
					it.Earlier = append(it.Earlier, nsor.Earlier{RequestID: d.RequestID, Ref: nsor.RequestRef(d.RequestID, d.CreatedAt),
						Action: d.Action, Reason: d.Reason, At: d.At, Suspect: acc.Name, By: by})
				}
			}
		}
	}
	return nil
}

// UnreadCount counts the actor's unread notifications, for the notice on
// every page that work has arrived.
func (s *Service) UnreadCount(ctx context.Context, a *nsor.Actor) (int, error) {
	var n int
	err := s.view(ctx, func(tx nsor.Tx) (err error) {
		n, err = tx.UnreadCount(a.ID())
		return err
	})
	return n, err
}
