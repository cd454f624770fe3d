package auth

import (
	"strings"
	"testing"
)

// cheap keeps tests fast; production uses OWASP.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestArgon2idRoundTrip(t *testing.T) {
	h := NewArgon2id(cheap)
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatalf("Hash = %v", err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("Hash(...) = %q, want the prefix $argon2id$v=19$m=64,t=1,p=1$", hash)
	}
	if !h.Verify("correct horse battery", hash) {
		t.Errorf("Verify(right password, hash) = false, want true")
	}
	for _, wrong := range []string{"correct horse batterY", "", "correct horse battery "} {
		if h.Verify(wrong, hash) {
			t.Errorf("Verify(%q, hash) = true, want false", wrong)
		}
	}
	again, _ := h.Hash("correct horse battery")
	if again == hash {
		t.Errorf("Hash(x) twice = %q both times, want different salts", hash)
	}
}

// Known answers from the reference implementation (libargon2 20190702,
// argon2id_hash_encoded): the RFC 9106 reference code, independent of
// golang.org/x/crypto.
const (
	// "password", salt "somesalt", t=2, m=65536, p=1, 32 bytes.
	refSomesalt = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	// "correct horse battery", salt bytes 0..15, OWASP's parameters.
	refOWASP = "$argon2id$v=19$m=19456,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$quyusfeeuAGbpiw09i+j4VKJ+I/5h3mugd4HghmS/x8"
)

func TestArgon2idKnownAnswer(t *testing.T) {
	h := NewArgon2id(cheap)
	if !h.Verify("password", refSomesalt) {
		t.Errorf("Verify(password, %s) = false, want true", refSomesalt)
	}
	if h.Verify("passwore", refSomesalt) {
		t.Errorf("Verify(passwore, %s) = true, want false", refSomesalt)
	}
}

// TestParsePHCOWASP parses the OWASP-parameter reference string and makes it
// again from its salt: parsing, derivation and formatting all agree with the
// reference implementation.
func TestParsePHCOWASP(t *testing.T) {
	h, err := parsePHC(refOWASP)
	if err != nil {
		t.Fatalf("parsePHC(%q) = %v, want nil", refOWASP, err)
	}
	if h.Params != OWASP {
		t.Errorf("parsePHC(%q).Params = %+v, want %+v", refOWASP, h.Params, OWASP)
	}
	fresh := phc{Params: OWASP, salt: h.salt}
	fresh.key = fresh.derive("correct horse battery")
	if got := fresh.String(); got != refOWASP {
		t.Errorf("phc{OWASP, salt 0..15}.derive(correct horse battery).String() = %q, want %q", got, refOWASP)
	}
}

func TestArgon2idMalformed(t *testing.T) {
	h := NewArgon2id(cheap)
	good, _ := h.Hash("correct horse battery")
	salt := strings.Split(good, "$")[4]
	key := strings.Split(good, "$")[5]
	for _, bad := range []string{
		"",
		"password",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		strings.Replace(good, "m=64,t=1,p=1", "m=64,t=1", 1),
		strings.Replace(good, "m=64,t=1,p=1", "m=64,t=0,p=1", 1),
		strings.Replace(good, "m=64,t=1,p=1", "m=64,t=1,p=0", 1),
		strings.Replace(good, "m=64,t=1,p=1", "m=4,t=1,p=1", 1),          // m < 8p
		strings.Replace(good, "m=64,t=1,p=1", "m=4294967295,t=1,p=1", 1), // would allocate 4 TiB
		strings.Replace(good, "m=64,t=1,p=1", "m=64,t=1000000,p=1", 1),
		strings.Replace(good, "m=64,t=1,p=1", "m=64,t=1,p=256", 1),
		strings.Replace(good, salt, salt+"=", 1),
		strings.Replace(good, salt, "c2FsdA", 1), // 4-byte salt
		strings.Replace(good, key, key[:10], 1),  // 7-byte hash
		strings.Replace(good, key, "!"+key[1:], 1),
		good + "$",
		"$" + good,
	} {
		if h.Verify("correct horse battery", bad) {
			t.Errorf("Verify(password, %q) = true, want false", bad)
		}
		if !h.NeedsRehash(bad) {
			t.Errorf("NeedsRehash(%q) = false, want true", bad)
		}
	}
}

// One real hash at OWASP's parameters, to show the default works end to end.
func TestArgon2idOWASP(t *testing.T) {
	h := NewArgon2id(Params{})
	if h.Params() != OWASP {
		t.Fatalf("NewArgon2id(Params{}).Params() = %+v, want %+v", h.Params(), OWASP)
	}
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || len(hash) != len("$argon2id$v=19$m=19456,t=2,p=1$")+22+1+43 {
		t.Errorf("Hash(x) = %q, want $argon2id$v=19$m=19456,t=2,p=1$<22 salt>$<43 hash>", hash)
	}
	if !h.Verify("correct horse battery", hash) || h.NeedsRehash(hash) {
		t.Errorf("Verify, NeedsRehash of an OWASP hash = %v, %v, want true, false", h.Verify("correct horse battery", hash), h.NeedsRehash(hash))
	}
}

func TestNeedsRehash(t *testing.T) {
	old := NewArgon2id(cheap)
	hash, _ := old.Hash("correct horse battery")
	if old.NeedsRehash(hash) {
		t.Errorf("NeedsRehash(own hash) = true, want false")
	}
	upgraded := NewArgon2id(Params{Memory: 128, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	if !upgraded.NeedsRehash(hash) {
		t.Errorf("NeedsRehash(hash at m=64,t=1) with m=128,t=2 = false, want true")
	}
	if !upgraded.Verify("correct horse battery", hash) {
		t.Errorf("Verify(old-parameter hash) after an upgrade = false, want true")
	}
}

func TestNewArgon2idOutOfBounds(t *testing.T) {
	for _, p := range []Params{{Memory: 4, Threads: 1}, {Time: 1000}, {SaltLen: 4}, {KeyLen: 8}, {Memory: 1 << 30}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewArgon2id(%+v) did not panic, want a panic", p)
				}
			}()
			NewArgon2id(p)
		}()
	}
}

// BenchmarkVerify compares a known user's hash with the empty hash an
// unknown user gets: the two should cost about the same, so that timing
// does not reveal who has an account.
func BenchmarkVerify(b *testing.B) {
	h := NewArgon2id(OWASP)
	hash, _ := h.Hash("correct horse battery")
	for _, bc := range []struct{ name, hash string }{{"known", hash}, {"unknown", ""}, {"malformed", "$argon2id$v=19$"}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				h.Verify("correct horse battery", bc.hash)
			}
		})
	}
}
