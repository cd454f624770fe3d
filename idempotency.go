package nsor

import (
	"crypto/sha256"
	"encoding/hex"
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
	return Idempotency{Key: key, BodyHash: SHA256Hex(body)}
}

func SHA256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// CheckIdempotencyKey holds a key to what can be stored: it is held to the
// text policy like any field (docs/adr/0017-text-policy.md), since HTTP lets a
// header carry bytes that are not UTF-8, which PostgreSQL refuses to store
// and SQLite keeps.
func CheckIdempotencyKey(key string) error {
	if key == "" || len(key) > 255 || strings.TrimSpace(key) != key || CheckText("Idempotency-Key", key, LimitLine) != nil {
		return Invalid("Idempotency-Key", "idempotency.key_invalid",
			"An idempotency key is 1 to 255 characters of plain text (no control or direction characters) without surrounding spaces.")
	}
	return nil
}
