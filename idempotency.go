package nsor

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Idempotency is a creating call's Idempotency-Key (IETF
// draft-ietf-httpapi-idempotency-key-header) with the hash of the body it
// came with. The zero value means the client sent no key.
type Idempotency struct {
	Key      string
	BodyHash string
}

// NewIdempotency hashes the body a key came with.
func NewIdempotency(key string, body []byte) Idempotency {
	if key == "" {
		return Idempotency{}
	}
	return Idempotency{Key: key, BodyHash: sha256Hex(body)}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// replay returns the ID of the object an earlier call with the same key made,
// or 0. A key reused with another body is refused: the client has a bug, and
// guessing which call it meant could file the wrong request.
func (s *Service) replay(tx Tx, a *Actor, idem Idempotency, kind string) (int64, error) {
	if idem.Key == "" {
		return 0, nil
	}
	// The key is stored, so it is held to the text policy like any field
	// (docs/adr/0017-text-policy.md): HTTP lets a header carry bytes that
	// are not UTF-8, which PostgreSQL refuses to store and SQLite keeps.
	if err := checkIdempotencyKey(idem.Key); err != nil {
		return 0, err
	}
	rec, err := tx.Idempotent(a.ID(), idem.Key)
	if KindOf(err) == KindNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	k, id, _ := strings.Cut(rec.Object, "/")
	if rec.BodyHash != idem.BodyHash || k != kind {
		return 0, Invalid("Idempotency-Key", "idempotency.key_reused",
			"This idempotency key was used before with a different request; use a new key for a new request.")
	}
	return strconv.ParseInt(id, 10, 64)
}

// remember ties the key to the object made, in the same transaction.
func (s *Service) remember(tx Tx, a *Actor, idem Idempotency, object string) error {
	if idem.Key == "" {
		return nil
	}
	return tx.PutIdempotent(&IdempotencyRecord{UserID: a.ID(), Key: idem.Key, BodyHash: idem.BodyHash, Object: object, CreatedAt: s.now()})
}

// checkIdempotencyKey holds a key to what can be stored.
func checkIdempotencyKey(key string) error {
	if key == "" || len(key) > 255 || strings.TrimSpace(key) != key || CheckText("Idempotency-Key", key, LimitLine) != nil {
		return Invalid("Idempotency-Key", "idempotency.key_invalid",
			"An idempotency key is 1 to 255 characters of plain text (no control or direction characters) without surrounding spaces.")
	}
	return nil
}
