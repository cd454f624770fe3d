package keys

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"strings"

	"nsor"
)

var _ nsor.IdentifierHasher = (*Keyring)(nil)

// Tag returns HMAC-SHA256(key, kind || 0x00 || value) under the current hmac
// key (RFC 2104), so that the audit trail can hold and match identifiers
// without holding them in clear. kind is a fixed label chosen by the caller
// ("cnic", "name", ...) and must not contain a zero byte, which separates it
// from value. Tag panics on a Keyring not made by Load or LoadWith.
func (kr *Keyring) Tag(kind, value string) nsor.IdentifierTag {
	v, k, ok := kr.current(PurposeHMAC)
	if !ok {
		panic("keys: Tag on a keyring without an hmac key")
	}
	return tag(k, v, kind, value)
}

// TagWith returns the tag of value under hmac key version v, so that records
// written before a rotation can still be searched. It returns an error
// wrapping ErrUnknownVersion for a version the keyring does not hold.
func (kr *Keyring) TagWith(v uint32, kind, value string) (nsor.IdentifierTag, error) {
	if strings.IndexByte(kind, 0) >= 0 {
		return nsor.IdentifierTag{}, errors.New("keys: tag kind contains a zero byte")
	}
	k, err := kr.version(PurposeHMAC, v)
	if err != nil {
		return nsor.IdentifierTag{}, err
	}
	return tag(k, v, kind, value), nil
}

func tag(k key, v uint32, kind, value string) nsor.IdentifierTag {
	mac := hmac.New(sha256.New, k[:])
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	t := nsor.IdentifierTag{Kind: kind, KeyVersion: v}
	mac.Sum(t.MAC[:0])
	return t
}
