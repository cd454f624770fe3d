package sqlstore

import (
	"time"

	"nsor"
)

// AddNotification puts n in its user's inbox and sets n.ID.
func (t *tx) AddNotification(n *nsor.Notification) error {
	newID, err := t.insert("INSERT INTO notifications (user_id, kind, request_id, record_id, message, created_at, read_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?)",
		n.UserID, n.Kind, n.RequestID, n.RecordID, n.Message, ms(n.CreatedAt), ms(n.ReadAt))
	if err != nil {
		return err
	}
	n.ID = newID
	return nil
}

// AddNotifications stores several notifications in one statement; their
// IDs are not set. On PostgreSQL the statement goes to the server with the
// next statement or the COMMIT (execLater).
func (t *tx) AddNotifications(ns []*nsor.Notification) error {
	return insertLater(t, "INSERT INTO notifications (user_id, kind, request_id, record_id, message, created_at, read_at) VALUES ",
		"(?, ?, ?, ?, ?, ?, ?)", ns, func(n *nsor.Notification) []any {
			return []any{n.UserID, n.Kind, n.RequestID, n.RecordID, n.Message, ms(n.CreatedAt), ms(n.ReadAt)}
		})
}

// Notifications lists the user's inbox, newest first.
func (t *tx) Notifications(userID int64, unreadOnly bool, beforeID int64, limit int) ([]*nsor.Notification, error) {
	var w where
	w.add("user_id = ?", userID)
	if unreadOnly {
		w.add("read_at IS NULL")
	}
	if beforeID != 0 {
		w.add("id < ?", beforeID)
	}
	q := "SELECT id, user_id, kind, request_id, record_id, message, created_at, read_at FROM notifications" +
		w.sql() + " ORDER BY id DESC" + w.limit(limit)
	var out []*nsor.Notification
	err := t.each("notification", func(s scanner) error {
		n := &nsor.Notification{}
		out = append(out, n)
		return s.Scan(&n.ID, &n.UserID, &n.Kind, &n.RequestID, &n.RecordID, &n.Message, instant{&n.CreatedAt},
			instant{&n.ReadAt})
	}, q, w.args...)
	return out, err
}

// MarkNotificationRead marks the user's notification read; another user's is
// not found. Marking it again keeps the first instant.
func (t *tx) MarkNotificationRead(userID, id int64, at time.Time) error {
	n, err := t.exec("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
		ms(at), id, userID)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.NotFound("notification")
	}
	return nil
}
