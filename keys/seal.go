package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
)

// A sealed value is the seal key's version (4 bytes, big-endian), a random
// 96-bit nonce, and the AES-256-GCM ciphertext with its 128-bit tag
// (NIST SP 800-38D). The version header is authenticated as additional data,
// so it cannot be swapped for another.
const (
	headerSize = 4
	sealedMin  = headerSize + 12 + 16
)

// sealLabel binds sealed values to this use, so that a GCM ciphertext made
// for something else under the same key never opens here.
const sealLabel = "nsor/keys seal\x00"

// Seal encrypts plaintext under the current seal key with a fresh random
// nonce. With random nonces one key seals at most 2^32 values (SP 800-38D
// section 8.3); rotate well before that.
func (kr *Keyring) Seal(plaintext []byte) ([]byte, error) {
	v, k, ok := kr.current(PurposeSeal)
	if !ok {
		return nil, errors.New("keys: keyring has no seal key")
	}
	aead, err := newAEAD(k)
	if err != nil {
		return nil, err
	}
	out := binary.BigEndian.AppendUint32(make([]byte, 0, sealedMin+len(plaintext)), v)
	return aead.Seal(out, nil, plaintext, additionalData(out[:headerSize])), nil
}

// Open decrypts a value made by Seal under any seal key version the keyring
// holds. A value that is malformed, altered in any byte, or sealed under a
// version not held returns an error wrapping ErrCorrupt or ErrUnknownVersion.
func (kr *Keyring) Open(sealed []byte) ([]byte, error) {
	if len(sealed) < sealedMin {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(sealed))
	}
	k, err := kr.version(PurposeSeal, binary.BigEndian.Uint32(sealed))
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(k)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, nil, sealed[headerSize:], additionalData(sealed[:headerSize]))
	if err != nil {
		return nil, ErrCorrupt
	}
	return pt, nil
}

func newAEAD(k key) (cipher.AEAD, error) {
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return aead, nil
}

func additionalData(header []byte) []byte {
	return append([]byte(sealLabel), header...)
}
