package keys

import "nsor"

// TagAll returns the tag of value under every hmac key version the keyring
// holds, oldest first. Records keep the version they were tagged under, so
// a search for one identifier must look for each of its tags: the audit
// trail never holds the value to re-tag. It panics, as Tag does, on a
// Keyring not made by Load or LoadWith.
func (kr *Keyring) TagAll(kind, value string) []nsor.IdentifierTag {
	vs := kr.HMACVersions()
	if len(vs) == 0 {
		panic("keys: TagAll on a keyring without an hmac key")
	}
	out := make([]nsor.IdentifierTag, 0, len(vs))
	for _, v := range vs {
		k, err := kr.version(PurposeHMAC, v)
		if err != nil {
			continue // rotated away between the two reads; it has no records to find
		}
		out = append(out, tag(k, v, kind, value))
	}
	return out
}
