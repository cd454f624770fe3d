package sqlstore

import (
	"database/sql"
	"errors"

	"nsor"
)

// AddEvent appends to the request's history. e.Seq 0 takes the next number
// and sets it.
func (t *tx) AddEvent(e *nsor.Event) error {
	if e.Seq != 0 {
		err := t.execUnique("INSERT INTO events (request_id, seq, action, from_state, to_state, actor_id, actor_role, actor_name, reason, failed_items, at) "+
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			e.RequestID, e.Seq, e.Action, e.From, e.To, e.ActorID, e.ActorRole, e.ActorName, e.Reason, asJSON(&e.FailedItems), ms(e.At))
		return t.conflict(err, "event.duplicate", "This event has been recorded already.")
	}
	// One statement numbers and inserts: the writer's statements are its cost.
	var seq int
	err := t.queryRow("INSERT INTO events (request_id, seq, action, from_state, to_state, actor_id, actor_role, actor_name, reason, failed_items, at) "+
		"SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM events WHERE request_id = ? "+
		"ON CONFLICT DO NOTHING RETURNING seq",
		e.RequestID, e.Action, e.From, e.To, e.ActorID, e.ActorRole, e.ActorName, e.Reason, asJSON(&e.FailedItems), ms(e.At), e.RequestID).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		err = errUniqueSkipped
	}
	if err != nil {
		return t.conflict(err, "event.duplicate", "This event has been recorded already.")
	}
	e.Seq = seq
	return nil
}

// Events lists the request's history in order.
func (t *tx) Events(requestID int64) ([]*nsor.Event, error) {
	return t.EventsAfter(requestID, 0, 0)
}

// EventsAfter lists the request's history after event seq after, in order,
// at most limit of them (0: all).
func (t *tx) EventsAfter(requestID, after int64, limit int) ([]*nsor.Event, error) {
	w := where{args: []any{requestID, after}}
	q := "SELECT request_id, seq, action, from_state, to_state, actor_id, actor_role, actor_name, reason, failed_items, at " +
		"FROM events WHERE request_id = ? AND seq > ? ORDER BY seq" + w.limit(limit)
	var out []*nsor.Event
	err := t.each("event", func(s scanner) error {
		e := &nsor.Event{}
		out = append(out, e)
		return s.Scan(&e.RequestID, &e.Seq, &e.Action, &e.From, &e.To, &e.ActorID, &e.ActorRole, &e.ActorName, &e.Reason,
			asJSON(&e.FailedItems), instant{&e.At})
	}, q, w.args...)
	return out, err
}
