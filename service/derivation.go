package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"nsor"
)

// A derivation (what a biometric index derived from a stored sample and
// reads instead of it, docs/adr/0024-derived-fingerprints-kept.md) is
// stored sealed: the version of the identifier key, then the keyed tag of
// the sample's SHA-256, the derivation's version and the data's SHA-256,
// then the data. The image stays the evidence, but an index built from a
// planted derivation could hide a record's true fingerprints from every
// search; someone who can write the database but holds no key cannot make
// a derivation the service reads: one whose tag fails is passed over and
// the image read instead, as if none were kept.
const sealSize = 4 + 32

// derivationMessage is what the tag of data derived from sample sha under
// version is taken over.
func derivationMessage(sha, version string, data []byte) string {
	sum := sha256.Sum256(data)
	return sha + "\x00" + version + "\x00" + hex.EncodeToString(sum[:])
}

// putDerivation keeps data derived from sample sha under version, sealed
// under the current identifier key; without a key nothing is kept.
func (s *Service) putDerivation(tx nsor.Tx, sha, version string, data []byte) error {
	if s.ids == nil {
		return nil
	}
	tag := s.ids.Tag("derivation", derivationMessage(sha, version, data))
	sealed := binary.BigEndian.AppendUint32(make([]byte, 0, sealSize+len(data)), tag.KeyVersion)
	sealed = append(append(sealed, tag.MAC[:]...), data...)
	return tx.PutDerivation(sha, version, sealed)
}

// derivation is what is kept derived from sample sha under version, when
// its seal holds under one of the identifier keys held; nil when nothing
// is kept or the seal fails.
func (s *Service) derivation(tx nsor.Tx, sha, version string) ([]byte, error) {
	if s.ids == nil {
		return nil, nil
	}
	sealed, err := tx.Derivation(sha, version)
	if nsor.KindOf(err) == nsor.KindNotFound || err == nil && len(sealed) < sealSize {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	kv, mac, data := binary.BigEndian.Uint32(sealed), sealed[4:sealSize], sealed[sealSize:]
	for _, t := range s.ids.TagAll("derivation", derivationMessage(sha, version, data)) {
		if t.KeyVersion == kv && hmac.Equal(t.MAC[:], mac) {
			return data, nil
		}
	}
	return nil, nil
}
