package service

import (
	"context"
	"nsor"
	"nsor/match"
	"slices"
	"strconv"
	"time"
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
		rs, err := tx.SubmittedQueuePage(path, p.After, p.Fetch())
		if err != nil {
			return err
		}
		page := nsor.Cut(rs, p, func(r *nsor.QueueRequest) []int64 { return []int64{r.Request.StageStarted.UnixMilli(), r.Request.ID} })
		q.Next = page.Next
		shown := make([]*nsor.QueueRequest, 0, len(page.Items))
		for _, qr := range page.Items {
			r := qr.Request
			r.Ref = nsor.RequestRef(r.ID, r.CreatedAt)
			if !nsor.Visible(a, r) { // the query's scope already holds; this is the rule itself
				continue
			}
			item, err := s.queueItem(tx, qr, q.At)
			if err != nil {
				return err
			}
			q.Items = append(q.Items, item)
			shown = append(shown, qr)
		}
		return s.earlier(tx, path, q.Items, shown)
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

func (s *Service) queueItem(tx nsor.Tx, qr *nsor.QueueRequest, at time.Time) (*nsor.QueueItem, error) {
	r := qr.Request
	st, err := s.jurisdiction(tx, qr.StationID)
	if err != nil {
		return nil, err
	}
	item := &nsor.QueueItem{RequestID: r.ID, Ref: r.Ref, Version: r.Version, FIR: qr.FIRNumber + "/" + strconv.Itoa(qr.FIRYear),
		Station: st.Name, Submissions: r.Submissions, SubmittedAt: r.SubmittedAt, Suspects: make([]string, 0, len(qr.Accused))}
	if dl := s.cfg.Deadlines.DeadlineOf(r, at); dl != nil {
		item.Deadline = *dl
		item.DueSoon = !dl.Overdue && dl.DueAt.Sub(at) <= nsor.DueSoon
	}
	for _, acc := range qr.Accused {
		item.Suspects = append(item.Suspects, acc.Name)
	}
	return item, nil
}

// earlier sets each item's earlier returns and rejections: those of other
// requests of the district that named a person of the same CNIC, or, when
// either has no CNIC, of the same name key. The decisions are indexed once
// by CNIC and by name key, so that each suspect of the page looks up only
// those that may match it, newest first as they were read.
func (s *Service) earlier(tx nsor.Tx, path string, items []*nsor.QueueItem, rs []*nsor.QueueRequest) error {
	if len(items) == 0 {
		return nil
	}
	// When every suspect of the page has a CNIC, only decisions on people of
	// those CNICs or of none can match: only those are read.
	var ds []nsor.DecidedSuspect
	var err error
	if cnics, all := pageCNICs(rs); all {
		ds, err = tx.DecidedSuspectsFor(path, cnics, earlierLimit)
	} else {
		ds, err = tx.DecidedSuspects(path, earlierLimit)
	}
	if err != nil || len(ds) == 0 {
		return err
	}
	byCNIC := map[nsor.CNIC][]int{}
	byKey := map[string][]int{}
	for i, d := range ds {
		if d.CNIC != "" {
			byCNIC[d.CNIC] = append(byCNIC[d.CNIC], i)
		}
		if key := match.NameKey(d.Name); key != "" {
			byKey[key] = append(byKey[key], i)
		}
	}
	var cand []int
	for n, it := range items {
		r := rs[n].Request
		for _, acc := range rs[n].Accused {
			cand = cand[:0]
			key := match.NameKey(acc.Name)
			if acc.CNIC != "" {
				cand = append(cand, byCNIC[acc.CNIC]...)
			}
			for _, i := range byKey[key] {
				if key != "" && (acc.CNIC == "" || ds[i].CNIC == "") {
					cand = append(cand, i)
				}
			}
			slices.Sort(cand)
			for _, i := range cand {
				d := ds[i]
				if d.RequestID == r.ID || slices.ContainsFunc(it.Earlier, func(e nsor.Earlier) bool {
					return e.RequestID == d.RequestID && e.Action == d.Action && e.At.Equal(d.At)
				}) {
					continue
				}
				by := "name"
				if acc.CNIC != "" && d.CNIC != "" {
					by = "cnic"
				}
				it.Earlier = append(it.Earlier, nsor.Earlier{RequestID: d.RequestID, Ref: nsor.RequestRef(d.RequestID, d.CreatedAt),
					Action: d.Action, Reason: d.Reason, At: d.At, Suspect: acc.Name, By: by})
			}
		}
	}
	return nil
}

// pageCNICs lists the CNICs of the page's suspects, and whether every one
// has a CNIC.
func pageCNICs(rs []*nsor.QueueRequest) ([]nsor.CNIC, bool) {
	cnics := []nsor.CNIC{}
	for _, qr := range rs {
		for _, acc := range qr.Accused {
			if acc.CNIC == "" {
				return nil, false
			}
			cnics = append(cnics, acc.CNIC)
		}
	}
	return cnics, true
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
