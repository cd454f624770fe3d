package keys

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The purposes of keys. Each purpose has its own keys, so that a key is used
// for one algorithm only (NIST SP 800-57 Part 1, section 5.2).
const (
	PurposeHMAC = "hmac" // HMAC-SHA256 of identifiers in the audit trail (RFC 2104)
	PurposeSeal = "seal" // AES-256-GCM sealing of TOTP secrets (NIST SP 800-38D)
)

// Purposes lists the purposes every keyring must hold, in a stable order.
var Purposes = []string{PurposeHMAC, PurposeSeal}

// KeySize is the size of every key in bytes: 256 bits, the output length of
// SHA-256 and so the least RFC 2104 section 3 recommends for an HMAC-SHA256
// key, and the size of an AES-256 key.
const KeySize = 32

// Errors that callers may test for with errors.Is.
var (
	// ErrUnknownVersion is returned for a key version the keyring does not hold.
	ErrUnknownVersion = errors.New("keys: unknown key version")
	// ErrPermissions is returned when a key file may be read or written by
	// users other than its owner.
	ErrPermissions = errors.New("keys: key file is accessible to other users")
	// ErrCorrupt is returned by Open for a sealed value that is malformed or
	// was altered.
	ErrCorrupt = errors.New("keys: sealed value is malformed or was altered")
)

type key [KeySize]byte

// Keyring holds versioned keys of each purpose. It is safe for concurrent
// use. Its String method names versions only, so that logging a Keyring by
// mistake never prints a key.
type Keyring struct {
	dir string

	mu       sync.RWMutex
	keys     map[string]map[uint32]key // purpose -> version -> key
	external map[string]bool           // purposes given as overrides, not files
}

// Load reads the keyring from dir. It is LoadWith without overrides.
func Load(dir string) (*Keyring, error) { return LoadWith(dir, nil) }

// LoadWith reads the keyring from dir, then takes the keys of each purpose
// named in overrides (purpose -> value, e.g. "hmac" -> $NSOR_HMAC_KEY, see
// EnvName) from there instead. A value is one key in hex, taken as version
// 1, or comma-separated "v<N>:<hex>" entries, so that a deployment can rotate
// too. A purpose present in overrides is taken from overrides alone. dir may
// be "" when overrides cover every purpose. Every purpose in Purposes must end
// up with a key. Errors name the file or variable at fault, never a key.
func LoadWith(dir string, overrides map[string]string) (*Keyring, error) {
	kr := &Keyring{dir: dir, keys: map[string]map[uint32]key{}, external: map[string]bool{}}
	if dir != "" {
		files, err := readDir(dir)
		if err != nil {
			return nil, err
		}
		kr.keys = files
	}
	for purpose, v := range overrides {
		ks, err := parseOverride(v)
		if err != nil {
			return nil, fmt.Errorf("keys: override for %s (%s): %w", purpose, EnvName(purpose), err)
		}
		kr.keys[purpose] = ks
		kr.external[purpose] = true
	}
	for _, p := range Purposes {
		if len(kr.keys[p]) == 0 {
			return nil, fmt.Errorf("keys: no %s key in %q and no %s override (initialise the directory with Init)", p, dir, EnvName(p))
		}
	}
	return kr, nil
}

// EnvName is the conventional environment variable for overriding the keys
// of purpose, e.g. NSOR_HMAC_KEY. Only cmd/nsor reads it.
func EnvName(purpose string) string {
	return "NSOR_" + strings.ToUpper(purpose) + "_KEY"
}

// Versions returns the versions held for purpose, oldest first.
func (kr *Keyring) Versions(purpose string) []uint32 {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	vs := make([]uint32, 0, len(kr.keys[purpose]))
	for v := range kr.keys[purpose] {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// HMACVersions returns the versions of the identifier HMAC key, oldest first;
// the audit trail searches old records under each of them.
func (kr *Keyring) HMACVersions() []uint32 { return kr.Versions(PurposeHMAC) }

// current returns the highest version of purpose and its key.
func (kr *Keyring) current(purpose string) (uint32, key, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	var best uint32
	for v := range kr.keys[purpose] {
		best = max(best, v)
	}
	k, ok := kr.keys[purpose][best]
	return best, k, ok
}

// version returns the key of purpose at version v.
func (kr *Keyring) version(purpose string, v uint32) (key, error) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	k, ok := kr.keys[purpose][v]
	if !ok {
		return key{}, fmt.Errorf("%w: %s v%d", ErrUnknownVersion, purpose, v)
	}
	return k, nil
}

// String describes the keyring by purposes and versions, never by key.
func (kr *Keyring) String() string {
	kr.mu.RLock()
	purposes := make([]string, 0, len(kr.keys))
	for p := range kr.keys {
		purposes = append(purposes, p)
	}
	kr.mu.RUnlock()
	sort.Strings(purposes)
	parts := make([]string, 0, len(purposes))
	for _, p := range purposes {
		parts = append(parts, fmt.Sprintf("%s%v", p, kr.Versions(p)))
	}
	return "keys.Keyring{" + strings.Join(parts, " ") + "}"
}

// GoString is String, so that %#v does not print keys either.
func (kr *Keyring) GoString() string { return kr.String() }
