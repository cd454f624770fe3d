package sqlstore

import (
	"nsor"
)

// Idempotent returns what the user's call with the key made.
func (t *tx) Idempotent(userID int64, key string) (*nsor.IdempotencyRecord, error) {
	rec := &nsor.IdempotencyRecord{}
	err := t.one("idempotency_key", func(s scanner) error {
		return s.Scan(&rec.UserID, &rec.Key, &rec.BodyHash, &rec.Object, instant{&rec.CreatedAt})
	}, "SELECT user_id, idem_key, body_hash, object, created_at FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
		userID, key)
	if err != nil {
		return nil, err
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
