package nsor

import (
	"crypto/sha256"
	"encoding/hex"
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
