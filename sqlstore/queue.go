package sqlstore

import (
	"fmt"
	"math"
	"time"

	"nsor"
)

// SubmittedQueue lists a district's submitted requests by their stage's
// start and ID, walking requests_queue (migration 0015) from the key after.
func (t *tx) SubmittedQueue(districtPath string, after []int64, limit int) ([]*nsor.Request, error) {
	w := queueWhere(districtPath, after)
	q := "SELECT " + requestCols + " FROM requests" + w.sql() + " ORDER BY stage_started, id" + w.limit(limit)
	out, err := list(t, "request", scanRequest, q, w.args...)
	if err != nil {
		return nil, err
	}
	return out, t.loadSuspects(out)
}

// queueWhere selects a district's submitted requests after the key after.
func queueWhere(districtPath string, after []int64) *where {
	w := &where{}
	// The state as a literal, not a parameter: only then may the planner
	// use the partial index requests_queue (migration 0015).
	w.add("state = 'submitted'")
	w.add("district_path = ?", districtPath)
	if len(after) == 2 {
		w.add("(stage_started, id) > (?, ?)", after[0], after[1])
	}
	return w
}

// queuePageSQL reads a page of the queue (the subquery, walking
// requests_queue) joined to each request's FIR and its suspects' accused:
// what the page's rows show, in one statement instead of one FIR read a
// row.
const queuePageSQL = "SELECT %s, f.number, f.year, f.station_id, COALESCE(a.id, 0), COALESCE(a.name, ''), " +
	"COALESCE(a.cnic, '') FROM (SELECT " + requestCols + " FROM requests%s ORDER BY stage_started, id%s) r " +
	"JOIN firs f ON f.id = r.fir_id LEFT JOIN request_suspects s ON s.request_id = r.id " +
	"LEFT JOIN accused a ON a.id = s.accused_id AND a.fir_id = r.fir_id ORDER BY r.stage_started, r.id, s.pos, s.id"

// SubmittedQueuePage is SubmittedQueue with each request's FIR number,
// year and station and its suspects' names and CNICs, in one statement.
func (t *tx) SubmittedQueuePage(districtPath string, after []int64, limit int) ([]*nsor.QueueRequest, error) {
	w := queueWhere(districtPath, after)
	q := fmt.Sprintf(queuePageSQL, qualified("r", requestCols), w.sql(), w.limit(limit))
	var out []*nsor.QueueRequest
	err := t.each("request", func(s scanner) error {
		var (
			r      nsor.Request
			qr     nsor.QueueRequest
			accsed nsor.QueueAccused
		)
		dests := append(requestDests(&r), &qr.FIRNumber, &qr.FIRYear, &qr.StationID, &accsed.ID, &accsed.Name, &accsed.CNIC)
		if err := s.Scan(dests...); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].Request.ID != r.ID {
			qr.Request = &r
			qr.Accused = []nsor.QueueAccused{}
			out = append(out, &qr)
		}
		if accsed.ID != 0 {
			last := out[len(out)-1]
			last.Accused = append(last.Accused, accsed)
		}
		return nil
	}, q, w.args...)
	return out, err
}

// tallyHour is the width of a queue_tally bucket (migration 0022) in
// milliseconds; tallyNone is the bucket of a request without a stage start,
// above every other so that no limit counts it as reached.
const (
	tallyHour = 3600000
	tallyNone = math.MaxInt64
)

// tallyBucket is the queue_tally bucket of a stage that began at started:
// its Unix milliseconds divided by tallyHour, truncated as SQL's integer
// division truncates. It never decreases as started grows, which is all the
// counts below rely on.
func tallyBucket(started time.Time) int64 {
	if started.IsZero() {
		return tallyNone
	}
	return started.UnixMilli() / tallyHour
}

// tallyQueue keeps queue_tally (migration 0022) in step with a request's
// write in the same transaction: prev is the request before (nil when new),
// r after. A request counts while submitted, in its district's bucket of its
// stage's start; a bucket whose count falls to zero is removed, so that the
// totals read only the hours in which requests wait.
func (t *tx) tallyQueue(r, prev *nsor.Request) error {
	type key struct {
		path   string
		bucket int64
	}
	var from, to *key
	if prev != nil && prev.State == nsor.StateSubmitted {
		from = &key{prev.DistrictPath, tallyBucket(prev.StageStarted)}
	}
	if r.State == nsor.StateSubmitted {
		to = &key{r.DistrictPath, tallyBucket(r.StageStarted)}
	}
	if from != nil && to != nil && *from == *to {
		return nil
	}
	if from != nil {
		if _, err := t.exec("UPDATE queue_tally SET n = n - 1 WHERE district_path = ? AND bucket = ?", from.path, from.bucket); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM queue_tally WHERE district_path = ? AND bucket = ? AND n <= 0", from.path, from.bucket); err != nil {
			return err
		}
	}
	if to != nil {
		if _, err := t.exec("INSERT INTO queue_tally (district_path, bucket, n) VALUES (?, ?, 1) "+
			"ON CONFLICT (district_path, bucket) DO UPDATE SET n = queue_tally.n + 1", to.path, to.bucket); err != nil {
			return err
		}
	}
	return nil
}

// queueCountsSQL reads a district's totals in one statement: every waiting
// request from queue_tally, and for each of the two limits the buckets
// wholly before the limit's bucket from queue_tally and the requests of the
// limit's own bucket up to the limit from requests_queue (migration 0015).
// The sums are cast, PostgreSQL's SUM of a BIGINT being NUMERIC.
// A bucket's requests lie strictly within one hour either side of its
// start, the range the index walks; the division keeps those of the bucket.
const queueCountsSQL = "SELECT " +
	"(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM queue_tally WHERE district_path = ?), " +
	"(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM queue_tally WHERE district_path = ? AND bucket < ?), " +
	"(SELECT COUNT(*) FROM requests WHERE state = 'submitted' AND district_path = ? AND stage_started > ? " +
	"AND stage_started < ? AND stage_started <= ? AND stage_started / 3600000 = ?), " +
	"(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM queue_tally WHERE district_path = ? AND bucket < ?), " +
	"(SELECT COUNT(*) FROM requests WHERE state = 'submitted' AND district_path = ? AND stage_started > ? " +
	"AND stage_started < ? AND stage_started <= ? AND stage_started / 3600000 = ?)"

// QueueCounts counts a district's submitted requests from queue_tally
// (migration 0022), counting entries of requests_queue only within the
// hour each limit falls in.
func (t *tx) QueueCounts(districtPath string, overdueBy, dueBy time.Time) (waiting, overdue, dueSoon int, err error) {
	args := []any{districtPath}
	for _, limit := range []time.Time{overdueBy, dueBy} {
		b := tallyBucket(limit)
		args = append(args, districtPath, b, districtPath, (b-1)*tallyHour, (b+1)*tallyHour, limit.UnixMilli(), b)
	}
	var all, oBefore, oWithin, dBefore, dWithin int64
	err = t.one("queue", func(s scanner) error { return s.Scan(&all, &oBefore, &oWithin, &dBefore, &dWithin) },
		queueCountsSQL, args...)
	o, d := oBefore+oWithin, dBefore+dWithin
	return int(all), int(o), int(d - o), err
}

// DecidedSuspects lists the suspects of the district's returned or
// rejected requests with each decision, through events_decisions
// (migration 0015).
func (t *tx) DecidedSuspects(path string, limit int) ([]nsor.DecidedSuspect, error) {
	return t.decidedSuspects(path, nil, limit)
}

// DecidedSuspectsFor is DecidedSuspects of the people of these CNICs and
// those of none: all a page of suspects who each have a CNIC can match.
func (t *tx) DecidedSuspectsFor(path string, cnics []nsor.CNIC, limit int) ([]nsor.DecidedSuspect, error) {
	if cnics == nil {
		cnics = []nsor.CNIC{}
	}
	return t.decidedSuspects(path, cnics, limit)
}

// decidedSuspects reads the decided suspects, of every CNIC when cnics is
// nil.
func (t *tx) decidedSuspects(path string, cnics []nsor.CNIC, limit int) ([]nsor.DecidedSuspect, error) {
	// The decisions are few beside the district's requests: walk them from
	// the partial index events_decisions (migration 0015; its condition as
	// literals, which the planner needs to use it), then each one's request,
	// suspects and accused by key. CROSS JOIN keeps SQLite to that order;
	// PostgreSQL plans the same joins by its statistics.
	w := &where{}
	w.add("e.action IN ('return', 'reject')")
	w.add("r.id = e.request_id AND s.request_id = r.id AND a.id = s.accused_id")
	w.under("r.district_path", path)
	if cnics != nil {
		args := []any{}
		for _, c := range cnics {
			args = append(args, c)
		}
		cond := "a.cnic = ''"
		if len(args) > 0 {
			cond = "(a.cnic = '' OR a.cnic IN (" + marks(len(args)) + "))"
		}
		w.add(cond, args...)
	}
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
