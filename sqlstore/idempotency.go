package sqlstore

import (
	"database/sql"

	"nsor"
)

// Idempotent returns what the user's call with the key made.
func (t *tx) Idempotent(userID int64, key string) (*nsor.IdempotencyRecord, error) {
	rec := &nsor.IdempotencyRecord{}
	var resp sql.NullString
	err := t.one("idempotency_key", func(s scanner) error {
		return s.Scan(&rec.UserID, &rec.Key, &rec.BodyHash, &rec.Object, instant{&rec.CreatedAt}, &rec.Route, &rec.Status, &resp, &rec.Secret)
	}, "SELECT user_id, idem_key, body_hash, object, created_at, route, status, response, secret FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
		userID, key)
	if err != nil {
		return nil, err
	}
	if resp.Valid {
		rec.Response = []byte(resp.String)
	}
	return rec, nil
}

// PutIdempotent remembers rec. A key the user has used already is
// KindConflict "idempotency.key_taken".
func (t *tx) PutIdempotent(rec *nsor.IdempotencyRecord) error {
	err := t.execUnique("INSERT INTO idempotency_keys (user_id, idem_key, body_hash, object, created_at) VALUES (?, ?, ?, ?, ?)",
		rec.UserID, rec.Key, rec.BodyHash, rec.Object, ms(rec.CreatedAt))
	return t.conflict(err, "idempotency.key_taken", "This idempotency key has been used for another call.")
}

// PutIdempotentResponse stores the response beside the record an act made
// with the key, or as a new record when the act made none. A record that
// holds a response already is KindConflict "idempotency.key_taken".
func (t *tx) PutIdempotentResponse(rec *nsor.IdempotencyRecord) error {
	var body any
	if rec.Response != nil {
		body = string(rec.Response)
	}
	n, err := t.execMayConflict("UPDATE idempotency_keys SET route = ?, status = ?, response = ?, secret = ? "+
		"WHERE user_id = ? AND idem_key = ? AND body_hash = ? AND status = 0",
		rec.Route, rec.Status, body, rec.Secret, rec.UserID, rec.Key, rec.BodyHash)
	if err != nil || n > 0 {
		return err
	}
	err = t.execUnique("INSERT INTO idempotency_keys (user_id, idem_key, body_hash, object, created_at, route, status, response, secret) "+
		"VALUES (?, ?, ?, '', ?, ?, ?, ?, ?)",
		rec.UserID, rec.Key, rec.BodyHash, ms(rec.CreatedAt), rec.Route, rec.Status, body, rec.Secret)
	return t.conflict(err, "idempotency.key_taken", "This idempotency key has been used for another call.")
}
