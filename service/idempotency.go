package service

import (
	"nsor"
	"strconv"
	"strings"
)

// replay returns the ID of the object an earlier call with the same key made,
// or 0. A key reused with another body is refused: the client has a bug, and
// guessing which call it meant could file the wrong request.
func (s *Service) replay(tx nsor.Tx, a *nsor.Actor, idem nsor.Idempotency, kind string) (int64, error) {
	if idem.Key == "" {
		return 0, nil
	}
	if err := nsor.CheckIdempotencyKey(idem.Key); err != nil {
		return 0, err
	}
	rec, err := tx.Idempotent(a.ID(), idem.Key)
	if nsor.KindOf(err) == nsor.KindNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	k, id, _ := strings.Cut(rec.Object, "/")
	if rec.BodyHash != idem.BodyHash || k != kind {
		return 0, nsor.Invalid("Idempotency-Key", "idempotency.key_reused",
			"This idempotency key was used before with a different request; use a new key for a new request.")
	}
	return strconv.ParseInt(id, 10, 64)
}

// remember ties the key to the object made, in the same transaction.
func (s *Service) remember(tx nsor.Tx, a *nsor.Actor, idem nsor.Idempotency, object string) error {
	if idem.Key == "" {
		return nil
	}
	return tx.PutIdempotent(&nsor.IdempotencyRecord{UserID: a.ID(), Key: idem.Key, BodyHash: idem.BodyHash, Object: object, CreatedAt: s.now()})
}
