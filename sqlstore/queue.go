package sqlstore

import (
	"time"

	"nsor"
)

// SubmittedQueue lists a district's submitted requests by their stage's
// start and ID, walking requests_queue (migration 0015) from the key after.
func (t *tx) SubmittedQueue(districtPath string, after []int64, limit int) ([]*nsor.Request, error) {
	w := &where{}
	// The state as a literal, not a parameter: only then may the planner
	// use the partial index requests_queue (migration 0015).
	w.add("state = 'submitted'")
	w.add("district_path = ?", districtPath)
	if len(after) == 2 {
		w.add("(stage_started, id) > (?, ?)", after[0], after[1])
	}
	q := "SELECT " + requestCols + " FROM requests" + w.sql() + " ORDER BY stage_started, id" + w.limit(limit)
	out, err := list(t, "request", scanRequest, q, w.args...)
	if err != nil {
		return nil, err
	}
	return out, t.loadSuspects(out)
}

// QueueCounts counts a district's submitted requests in one pass over
// requests_queue.
func (t *tx) QueueCounts(districtPath string, overdueBy, dueBy time.Time) (waiting, overdue, dueSoon int, err error) {
	var w, o, d *int64
	err = t.one("queue", func(s scanner) error { return s.Scan(&w, &o, &d) },
		"SELECT COUNT(*), SUM(CASE WHEN stage_started <= ? THEN 1 ELSE 0 END), "+
			"SUM(CASE WHEN stage_started > ? AND stage_started <= ? THEN 1 ELSE 0 END) "+
			"FROM requests WHERE state = 'submitted' AND district_path = ?",
		ms(overdueBy), ms(overdueBy), ms(dueBy), districtPath)
	deref := func(p *int64) int {
		if p == nil {
			return 0
		}
		return int(*p)
	}
	return deref(w), deref(o), deref(d), err
}

// DecidedSuspects lists the suspects of the district's returned or
// rejected requests with each decision, through events_decisions
// (migration 0015).
func (t *tx) DecidedSuspects(path string, limit int) ([]nsor.DecidedSuspect, error) {
	// The decisions are few beside the district's requests: walk them from
	// the partial index events_decisions (migration 0015; its condition as
	// literals, which the planner needs to use it), then each one's request,
	// suspects and accused by key. CROSS JOIN keeps SQLite to that order;
	// PostgreSQL plans the same joins by its statistics.
	w := &where{}
	w.add("e.action IN ('return', 'reject')")
	w.add("r.id = e.request_id AND s.request_id = r.id AND a.id = s.accused_id")
	w.under("r.district_path", path)
	q := "SELECT r.id, r.created_at, e.action, e.reason, e.at, a.name, a.cnic FROM events e " +
		"CROSS JOIN requests r CROSS JOIN request_suspects s CROSS JOIN accused a" + w.sql() +
		" ORDER BY e.at DESC, r.id DESC, s.id" + w.limit(limit)
	var out []nsor.DecidedSuspect
	err := t.each("decision", func(s scanner) error {
		var d nsor.DecidedSuspect
		if err := s.Scan(&d.RequestID, instant{&d.CreatedAt}, &d.Action, &d.Reason, instant{&d.At}, &d.Name, &d.CNIC); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	}, q, w.args...)
	return out, err
}

// EventsUnder lists the events of every request of districts under path.
func (t *tx) EventsUnder(path string) ([]*nsor.Event, error) {
	w := &where{}
	w.under("r.district_path", path)
	q := "SELECT e.request_id, e.seq, e.action, e.from_state, e.to_state, e.actor_id, e.actor_role, e.actor_name, e.reason, " +
		"e.failed_items, e.at FROM events e JOIN requests r ON r.id = e.request_id" + w.sql() + " ORDER BY e.request_id, e.seq"
	var out []*nsor.Event
	err := t.each("event", func(s scanner) error {
		e := &nsor.Event{}
		out = append(out, e)
		return s.Scan(&e.RequestID, &e.Seq, &e.Action, &e.From, &e.To, &e.ActorID, &e.ActorRole, &e.ActorName, &e.Reason,
			asJSON(&e.FailedItems), instant{&e.At})
	}, q, w.args...)
	return out, err
}

// UnreadCount counts the user's unread notifications through
// notifications_unread (migration 0012).
func (t *tx) UnreadCount(userID int64) (int, error) {
	var n int64
	err := t.one("notification", func(s scanner) error { return s.Scan(&n) },
		"SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID)
	return int(n), err
}

// AddFIROfficer adds a co-investigator; one already on the case is a
// conflict.
func (t *tx) AddFIROfficer(o *nsor.FIROfficer) error {
	n, err := t.exec("INSERT INTO fir_officers (fir_id, user_id, added_by, added_at, reason) VALUES (?, ?, ?, ?, ?) "+
		"ON CONFLICT DO NOTHING", o.FIRID, o.UserID, o.AddedBy, ms(o.AddedAt), o.Reason)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.Errorf(nsor.KindConflict, "co_investigator.already_on", "This officer is already on the case.")
	}
	return nil
}

// FIROfficers lists the co-investigators of the FIRs.
func (t *tx) FIROfficers(firIDs []int64) ([]*nsor.FIROfficer, error) {
	var out []*nsor.FIROfficer
	err := inChunks(firIDs, func(chunk []int64) error {
		var w where
		w.in("fir_id", chunk)
		return t.each("fir_officer", func(s scanner) error {
			o := &nsor.FIROfficer{}
			out = append(out, o)
			return s.Scan(&o.FIRID, &o.UserID, &o.AddedBy, instant{&o.AddedAt}, &o.Reason)
		}, "SELECT fir_id, user_id, added_by, added_at, reason FROM fir_officers"+w.sql()+" ORDER BY fir_id, user_id", w.args...)
	})
	return out, err
}
