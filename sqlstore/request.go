package sqlstore

import (
	"cmp"
	"slices"
	"strings"

	"nsor"
)

// requestCols are the columns of a request; requestDataCols all but its ID.
const requestCols = "id, " + requestDataCols

const requestDataCols = "ref, fir_id, district_id, district_path, io_user_id, filed_by, state, version, grounds, " +
	"declaration, submissions, submitted_at, stage_seq, stage_started, forwarded_by, analyst_id, answered_by, " +
	"confirmed_by, released_by, last_reason, clarification, created_at, updated_at, returned_items, acknowledged_by"

// requestDests are where a row of requestCols is scanned to.
func requestDests(r *nsor.Request) []any {
	return []any{&r.ID, &r.Ref, &r.FIRID, &r.DistrictID, &r.DistrictPath, &r.IOUserID, &r.FiledBy, &r.State,
		&r.Version, &r.Grounds, &r.Declaration, &r.Submissions, instant{&r.SubmittedAt}, &r.StageSeq,
		instant{&r.StageStarted}, &r.ForwardedBy, &r.AnalystID, &r.AnsweredBy, &r.ConfirmedBy, &r.ReleasedBy,
		&r.LastReason, &r.Clarification, instant{&r.CreatedAt}, instant{&r.UpdatedAt}, asJSON(&r.ReturnedItems), &r.AcknowledgedBy}
}

func scanRequest(r *nsor.Request) func(scanner) error {
	return func(s scanner) error { return s.Scan(requestDests(r)...) }
}

// requestArgs are the values of every column but the ID, in requestCols order.
func requestArgs(r *nsor.Request) []any {
	return []any{r.Ref, r.FIRID, r.DistrictID, r.DistrictPath, r.IOUserID, r.FiledBy, r.State, r.Version,
		r.Grounds, r.Declaration, r.Submissions, ms(r.SubmittedAt), r.StageSeq, ms(r.StageStarted), r.ForwardedBy,
		r.AnalystID, r.AnsweredBy, r.ConfirmedBy, r.ReleasedBy, r.LastReason, r.Clarification,
		ms(r.CreatedAt), ms(r.UpdatedAt), asJSON(&r.ReturnedItems), r.AcknowledgedBy}
}

// CreateRequest stores r with its suspects, setting their IDs. When
// r.DistrictPath is empty it is the district's path. A suspect already in
// another open request is KindConflict "request.duplicate" with Ref naming
// that request (docs/rules.md#r4).
func (t *tx) CreateRequest(r *nsor.Request) error {
	if r.DistrictPath == "" {
		d, err := t.Jurisdiction(r.DistrictID)
		if err != nil {
			return err
		}
		r.DistrictPath = d.Path
	}
	if r.State.Open() {
		if err := t.checkOpen(0, accusedOf(r.Suspects)); err != nil {
			return err
		}
	}
	newID, err := t.insert("INSERT INTO requests ("+requestDataCols+") "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", requestArgs(r)...)
	if err != nil {
		return err
	}
	r.ID = newID
	for i := range r.Suspects {
		if err := t.insertSuspect(r, i); err != nil {
			return err
		}
	}
	return t.tallyQueue(r, nil)
}

// UpdateRequest stores r and its suspects if the stored request is still
// prev (the same version): the suspects' rows are updated by ID, added when
// new, and removed when no longer listed. Only what differs from prev is
// written. What never changes (the FIR, the district, the filer, the
// creation) is not written, and an indexed column only when its value
// changes: SQLite rewrites the index entry of every indexed column an UPDATE
// sets, changed or not, and each is a page the commit writes and fsyncs.
func (t *tx) UpdateRequest(r, prev *nsor.Request) error {
	set := "ref = ?, version = ?, grounds = ?, declaration = ?, submissions = ?, submitted_at = ?, stage_seq = ?, " +
		"stage_started = ?, forwarded_by = ?, answered_by = ?, confirmed_by = ?, released_by = ?, acknowledged_by = ?, last_reason = ?, " +
		"clarification = ?, updated_at = ?, returned_items = ?"
	args := []any{r.Ref, r.Version, r.Grounds, r.Declaration, r.Submissions, ms(r.SubmittedAt), r.StageSeq, ms(r.StageStarted),
		r.ForwardedBy, r.AnsweredBy, r.ConfirmedBy, r.ReleasedBy, r.AcknowledgedBy, r.LastReason, r.Clarification, ms(r.UpdatedAt),
		asJSON(&r.ReturnedItems)}
	for _, c := range []struct {
		col     string
		changed bool
		value   any
	}{{"state", prev.State != r.State, r.State}, {"io_user_id", prev.IOUserID != r.IOUserID, r.IOUserID},
		{"analyst_id", prev.AnalystID != r.AnalystID, r.AnalystID}} {
		if c.changed {
			set += ", " + c.col + " = ?"
			args = append(args, c.value)
		}
	}
	n, err := t.exec("UPDATE requests SET "+set+" WHERE id = ? AND version = ?", append(args, r.ID, prev.Version)...)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.staleOrMissing("request", "SELECT 1 FROM requests WHERE id = ?", r.ID)
	}
	if err := t.tallyQueue(r, prev); err != nil {
		return err
	}
	return t.syncSuspects(r, prev)
}

// requestSQL reads a request and its suspects in one statement, and each
// suspect's position. The rows come in no order: a Sort in the plan would
// cost PostgreSQL more than ordering a few suspects here.
var requestSQL = "SELECT " + qualified("r", requestCols) + ", " + suspectJoinCols + ", COALESCE(s.pos, 0)" +
	" FROM requests r LEFT JOIN request_suspects s ON s.request_id = r.id WHERE r.id = ?"

// Request returns the request with its suspects.
func (t *tx) Request(id int64) (*nsor.Request, error) {
	r := &nsor.Request{}
	rd, done := requestRead(r, requestSQL, id)
	if err := t.readAll(rd); err != nil {
		return nil, err
	}
	done()
	return r, nil
}

// RequestWithFIR returns the request with its suspects and its FIR with its
// accused, read together: on PostgreSQL in one round trip.
func (t *tx) RequestWithFIR(id int64) (*nsor.Request, *nsor.FIR, error) {
	r, f := &nsor.Request{}, &nsor.FIR{}
	rd, rdone := requestRead(r, requestSQL, id)
	fd, fdone := firRead(f, firOfRequestSQL, id)
	if err := t.readAll(rd, fd); err != nil {
		return nil, nil, err
	}
	rdone()
	fdone()
	return r, f, nil
}

// requestRead is the read of a request and its suspects (requestSQL's
// columns) into r, and what to do once it is read: order the suspects.
func requestRead(r *nsor.Request, q string, args ...any) (*read, func()) {
	type placed struct {
		pos int64
		s   nsor.Suspect
	}
	var found []placed
	rd := withChildren("request", requestDests(r), func() ([]any, func()) {
		var p placed
		var requestID int64
		return append(suspectDests(&p.s, &requestID), &p.pos), func() {
			if p.s.ID != 0 {
				found = append(found, p)
			}
		}
	}, q, args...)
	return rd, func() {
		slices.SortFunc(found, func(a, b placed) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.s.ID, b.s.ID)) })
		r.Suspects = make([]nsor.Suspect, 0, len(found))
		for _, p := range found {
			r.Suspects = append(r.Suspects, p.s)
		}
	}
}

// Requests lists the requests f selects, newest first, with their suspects.
func (t *tx) Requests(f nsor.RequestFilter) ([]*nsor.Request, error) {
	w := requestWhere(f)
	q := "SELECT " + requestCols + " FROM requests" + w.sql() + " ORDER BY id DESC"
	q += w.limit(f.Limit)
	out, err := list(t, "request", scanRequest, q, w.args...)
	if err != nil {
		return nil, err
	}
	return out, t.loadSuspects(out)
}

// requestWhere turns a filter into conditions; zero fields select all.
func requestWhere(f nsor.RequestFilter) *where {
	w := &where{}
	if len(f.IDs) > 0 {
		w.in("id", f.IDs)
	}
	if f.DistrictID != 0 {
		w.add("district_id = ?", f.DistrictID)
	}
	if f.UnderPath != "" {
		w.under("district_path", f.UnderPath)
	}
	for _, c := range []struct {
		cond string
		v    int64
	}{{"io_user_id = ?", f.IOUserID}, {"analyst_id = ?", f.AnalystID}, {"fir_id = ?", f.FIRID},
		{"id IN (SELECT request_id FROM request_suspects WHERE accused_id = ?)", f.AccusedID}, {"id < ?", f.BeforeID}} {
		if c.v != 0 {
			w.add(c.cond, c.v)
		}
	}
	if len(f.States) > 0 {
		args := make([]any, len(f.States))
		for i, s := range f.States {
			args[i] = s
		}
		w.add("state IN ("+marks(len(args))+")", args...)
	}
	if f.Submitted {
		w.add("submissions > 0")
	}
	if f.Forwarded {
		w.add("forwarded_by <> 0")
	}
	if len(f.Overdue) > 0 {
		overdueWhere(w, f.Overdue)
	}
	return w
}

// foundSQL holds for a request with a suspect whose outcome is a found record
// (Request.AnyRecordFound).
const foundSQL = "EXISTS (SELECT 1 FROM request_suspects s WHERE s.request_id = requests.id AND s.outcome = ?)"

// overdueWhere adds the condition that a request is overdue in one of the
// stages: each is its state, its stage's start at or before the limit, and
// perhaps whether a record was found (nsor.OverdueStage.Matches).
func overdueWhere(w *where, stages []nsor.OverdueStage) {
	var conds []string
	var args []any
	for _, o := range stages {
		c := "(state = ? AND stage_started <= ?"
		args = append(args, o.State, ms(o.StartedBy))
		if o.RecordFound != nil {
			if !*o.RecordFound {
				c += " AND NOT"
			} else {
				c += " AND"
			}
			c += " " + foundSQL
			args = append(args, nsor.OutcomeRecordFound)
		}
		conds = append(conds, c+")")
	}
	w.add("("+strings.Join(conds, " OR ")+")", args...)
}
