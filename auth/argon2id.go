package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"nsor"
)

// Params are the argon2id cost parameters (RFC 9106 section 3.1).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// OWASP is the default: the first argon2id configuration of the OWASP
// Password Storage Cheat Sheet (19 MiB, 2 passes, 1 lane), with a 128-bit
// salt and a 256-bit hash (RFC 9106 section 3.1).
var OWASP = Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on parameters read from a stored hash, so that a corrupt or hostile
// row cannot make Verify allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8 // RFC 9106 section 3.1
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

var b64 = base64.RawStdEncoding // PHC string format: standard alphabet, no padding

// Argon2id hashes passwords with argon2id (RFC 9106) as PHC strings:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. It implements
// nsor.PasswordHasher.
type Argon2id struct {
	p     Params
	dummy phc // what Verify works on when the hash given is unusable
}

var _ nsor.PasswordHasher = (*Argon2id)(nil)

// NewArgon2id returns a hasher that hashes with p; a zero field of p takes
// OWASP's value. Tests pass cheap parameters; production uses OWASP.
// NewArgon2id panics if p is outside the bounds that Verify accepts (memory
// at least 8 KiB per lane and at most 1 GiB, at most 64 passes, salt 8 to 64
// bytes, hash 16 to 64 bytes), since its hashes could never be verified.
func NewArgon2id(p Params) *Argon2id {
	def := func(v, d uint32) uint32 {
		if v == 0 {
			return d
		}
		return v
	}
	p.Memory, p.Time = def(p.Memory, OWASP.Memory), def(p.Time, OWASP.Time)
	p.SaltLen, p.KeyLen = def(p.SaltLen, OWASP.SaltLen), def(p.KeyLen, OWASP.KeyLen)
	if p.Threads == 0 {
		p.Threads = OWASP.Threads
	}
	if !p.valid() {
		panic(fmt.Sprintf("auth: argon2id parameters out of bounds: %+v", p))
	}
	return &Argon2id{p: p, dummy: phc{Params: p, salt: make([]byte, p.SaltLen), key: make([]byte, p.KeyLen)}}
}

// valid reports whether p is within the bounds a stored hash may have.
func (p Params) valid() bool {
	return p.Threads >= 1 && p.Memory >= 8*uint32(p.Threads) && p.Memory <= maxMemory && // RFC 9106 section 3.1: m >= 8p
		p.Time >= 1 && p.Time <= maxTime &&
		p.SaltLen >= minSaltLen && p.SaltLen <= maxSaltLen && p.KeyLen >= minKeyLen && p.KeyLen <= maxKeyLen
}

// Params returns the parameters new hashes are made with.
func (a *Argon2id) Params() Params { return a.p }

// Hash returns the PHC string of password under a fresh random salt.
func (a *Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, a.p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	h := phc{Params: a.p, salt: salt}
	h.key = h.derive(password)
	return h.String(), nil
}

// Verify reports whether password matches hash, comparing in constant time.
// For an empty or malformed hash (an unknown user, a corrupt row) it spends
// the same work on a dummy hash and reports false, so that the time taken
// does not tell whether a user exists (OWASP Authentication Cheat Sheet,
// "Authentication Responses").
func (a *Argon2id) Verify(password, hash string) bool {
	h, err := parsePHC(hash)
	ok := err == nil
	if !ok {
		h = a.dummy
	}
	got := h.derive(password)
	return subtle.ConstantTimeCompare(got, h.key) == 1 && ok
}

// NeedsRehash reports whether hash was made with other parameters than a's
// (or cannot be read), so that the caller re-hashes the password at the next
// successful sign-in and parameter upgrades spread without a reset.
func (a *Argon2id) NeedsRehash(hash string) bool {
	h, err := parsePHC(hash)
	return err != nil || h.Params != a.p
}

// phc is a parsed argon2id PHC string.
type phc struct {
	Params
	salt, key []byte
}

func (h phc) derive(password string) []byte {
	return argon2.IDKey([]byte(password), h.salt, h.Time, h.Memory, h.Threads, h.KeyLen)
}

// String formats h as a PHC string (the P-H-C string format, as the
// reference argon2 implementation writes it).
func (h phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.Memory, h.Time, h.Threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

var errMalformed = errors.New("auth: malformed argon2id hash")

// parsePHC reads "$argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>" strictly,
// bounding every parameter.
func parsePHC(s string) (phc, error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, errMalformed
	}
	var h phc
	var err error
	if h.Params, err = parseParams(f[3]); err != nil {
		return phc{}, err
	}
	if h.salt, err = b64.Strict().DecodeString(f[4]); err != nil {
		return phc{}, errMalformed
	}
	if h.key, err = b64.Strict().DecodeString(f[5]); err != nil {
		return phc{}, errMalformed
	}
	h.SaltLen, h.KeyLen = uint32(len(h.salt)), uint32(len(h.key))
	if !h.valid() {
		return phc{}, errMalformed
	}
	return h, nil
}

// parseParams reads "m=<m>,t=<t>,p=<p>" in that order, as PHC writes them.
func parseParams(s string) (Params, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Params{}, errMalformed
	}
	var v [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		num, ok := strings.CutPrefix(parts[i], name+"=")
		n, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil {
			return Params{}, errMalformed
		}
		v[i] = n
	}
	if v[2] > 255 {
		return Params{}, errMalformed
	}
	return Params{Memory: uint32(v[0]), Time: uint32(v[1]), Threads: uint8(v[2])}, nil
}
