package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
)

// TokenPrefix starts every bearer token secret, so that a leaked token is
// recognisable to secret scanners and in logs.
const TokenPrefix = "nsor_"

// tokenBytes is the entropy of a token secret: 256 bits, well over the 64
// that ASVS 4.0.3 3.2.2 asks of session tokens.
const tokenBytes = 32

// NewToken returns a new bearer token secret, TokenPrefix followed by 32
// random bytes in unpadded base64url, and its hash as stored (HashToken).
// random is crypto/rand when nil. Like crypto/rand.Read since Go 1.24, it
// panics if random fails: there is no safe way to go on without randomness.
func NewToken(random io.Reader) (secret string, hash []byte) {
	if random == nil {
		random = rand.Reader
	}
	raw := make([]byte, tokenBytes)
	if _, err := io.ReadFull(random, raw); err != nil {
		panic("auth: reading randomness for a token: " + err.Error())
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	return secret, HashToken(secret)
}

// HashToken returns the SHA-256 of a token secret, which is all that is
// stored and how a presented token is looked up. A fast hash suffices: the
// secret has 256 bits of entropy, so there is nothing to guess (unlike a
// password, OWASP Password Storage Cheat Sheet).
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
