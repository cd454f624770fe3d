package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestNewToken(t *testing.T) {
	secret, hash := NewToken(zeros{})
	// 32 zero bytes in unpadded base64url are 43 'A's.
	if want := "nsor_" + strings.Repeat("A", 43); secret != want {
		t.Errorf("NewToken(zeros) secret = %q, want %q", secret, want)
	}
	sum := sha256.Sum256([]byte(secret))
	if !bytes.Equal(hash, sum[:]) || !bytes.Equal(HashToken(secret), hash) {
		t.Errorf("NewToken(zeros) hash = %x, want SHA-256 of the secret %x", hash, sum)
	}
	a, _ := NewToken(nil)
	b, _ := NewToken(nil)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(a, TokenPrefix))
	if a == b || err != nil || len(raw) != 32 || !strings.HasPrefix(a, TokenPrefix) {
		t.Errorf("NewToken(nil) = %q, %q, want two different nsor_ secrets of 32 bytes", a, b)
	}
}

func TestHashTokenKnownAnswer(t *testing.T) {
	// SHA-256("abc"), FIPS 180-2 Appendix B.1.
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if got := hex.EncodeToString(HashToken("abc")); got != want {
		t.Errorf("HashToken(abc) = %s, want %s", got, want)
	}
}
