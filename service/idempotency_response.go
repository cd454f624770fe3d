package service

import (
	"context"
	"nsor"
)

// IdempotentResponse returns the record of the actor's call with key: the
// object an act made with it and, once stored, the response it answered;
// KindNotFound when the key is new. The key is checked as replay checks it.
func (s *Service) IdempotentResponse(ctx context.Context, a *nsor.Actor, key string) (*nsor.IdempotencyRecord, error) {
	if err := nsor.CheckIdempotencyKey(key); err != nil {
		return nil, err
	}
	var rec *nsor.IdempotencyRecord
	err := s.view(ctx, func(tx nsor.Tx) (err error) {
		rec, err = tx.Idempotent(a.ID(), key)
		return err
	})
	return rec, err
}

// RememberResponse stores the response of the actor's call with rec.Key,
// after the call's own transaction committed (docs/adr/0020-idempotency-replays.md).
func (s *Service) RememberResponse(ctx context.Context, a *nsor.Actor, rec *nsor.IdempotencyRecord) error {
	rec.UserID, rec.CreatedAt = a.ID(), s.now()
	return s.store.Update(ctx, func(tx nsor.Tx) error { return tx.PutIdempotentResponse(rec) })
}
