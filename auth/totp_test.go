package auth

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"nsor"
)

// xorSealer is a stand-in for the keys adapter: reversible, and refusing
// what it did not seal.
type xorSealer struct{ fail bool }

func (s xorSealer) Seal(p []byte) ([]byte, error) {
	out := []byte("sealed:")
	for _, b := range p {
		out = append(out, b^0x5a)
	}
	return out, nil
}

func (s xorSealer) Open(c []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(c, []byte("sealed:"))
	if !ok || s.fail {
		return nil, errors.New("cannot open")
	}
	out := make([]byte, len(rest))
	for i, b := range rest {
		out[i] = b ^ 0x5a
	}
	return out, nil
}

// rfcSecret is the SHA-1 seed of RFC 6238 Appendix B, "12345678901234567890".
var rfcSecret = []byte("12345678901234567890")

// TestCodeRFC6238 checks RFC 6238 Appendix B's SHA-1 vectors. The RFC gives
// 8 digits; a 6-digit code is the same truncated value mod 10^6 (RFC 4226
// section 5.3), i.e. its last six digits.
func TestCodeRFC6238(t *testing.T) {
	tests := []struct {
		unix  int64
		rfc8  string
		want6 string
	}{
		{59, "94287082", "287082"},
		{1111111109, "07081804", "081804"},
		{1111111111, "14050471", "050471"},
		{1234567890, "89005924", "005924"},
		{2000000000, "69279037", "279037"},
		{20000000000, "65353130", "353130"},
	}
	secret := b32.EncodeToString(rfcSecret)
	for _, tt := range tests {
		if tt.rfc8[2:] != tt.want6 {
			t.Fatalf("vector %d: %s does not end in %s", tt.unix, tt.rfc8, tt.want6)
		}
		got, err := Code(secret, time.Unix(tt.unix, 0))
		if err != nil || got != tt.want6 {
			t.Errorf("Code(rfc secret, %d) = %q, %v, want %q, nil", tt.unix, got, err, tt.want6)
		}
	}
}

func rfcTOTP(t *testing.T) (*TOTP, []byte) {
	t.Helper()
	tp := NewTOTP(xorSealer{}, nil)
	sealed, err := tp.sealer.Seal(rfcSecret)
	if err != nil {
		t.Fatal(err)
	}
	return tp, sealed
}

func TestCheckWindow(t *testing.T) {
	tp, sealed := rfcTOTP(t)
	now := time.Unix(1111111111, 0) // step 37037037
	const step = 1111111111 / 30
	tests := []struct {
		name   string
		at     time.Time // the time the code is made for
		want   int64
		wantOK bool
	}{
		{"now", now, step, true},
		{"one step ago", now.Add(-30 * time.Second), step - 1, true},
		{"one step ahead", now.Add(30 * time.Second), step + 1, true},
		{"two steps ago", now.Add(-60 * time.Second), 0, false},
		{"two steps ahead", now.Add(60 * time.Second), 0, false},
	}
	for _, tt := range tests {
		code, _ := Code(b32.EncodeToString(rfcSecret), tt.at)
		got, err := tp.Check(sealed, code, now)
		if tt.wantOK && (err != nil || got != tt.want) {
			t.Errorf("Check(%s code %s, now) = %d, %v, want %d, nil", tt.name, code, got, err, tt.want)
		}
		if !tt.wantOK && nsor.ErrorCode(err) != "auth.invalid_credentials" {
			t.Errorf("Check(%s code %s, now) = %d, %v, want auth.invalid_credentials", tt.name, code, got, err)
		}
	}
}

// The window is counted in steps, not seconds: the last second of a step
// still accepts the previous step's code, the first second after does not:
// a code for step 1 (30-59 s) is accepted from 0 s to 89 s.
func TestCheckWindowEdges(t *testing.T) {
	tp, sealed := rfcTOTP(t)
	code, _ := Code(b32.EncodeToString(rfcSecret), time.Unix(59, 0)) // step 1: 30..59
	for _, tt := range []struct {
		now    int64
		wantOK bool
	}{{0, true}, {29, true}, {60, true}, {89, true}, {90, false}, {120, false}} {
		_, err := tp.Check(sealed, code, time.Unix(tt.now, 0))
		if (err == nil) != tt.wantOK {
			t.Errorf("Check(step-1 code, %d) = %v, want accepted %v", tt.now, err, tt.wantOK)
		}
	}
}

func TestCheckMalformed(t *testing.T) {
	tp, sealed := rfcTOTP(t)
	now := time.Unix(59, 0)
	for _, code := range []string{"", "28708", "2870822", "28708a", "287 08x", "+87082", "２８７０８２", "287082\n", strings.Repeat("2", 1000)} {
		_, err := tp.Check(sealed, code, now)
		if nsor.KindOf(err) != nsor.KindUnauthenticated || nsor.ErrorCode(err) != "auth.invalid_credentials" {
			t.Errorf("Check(sealed, %q, 59) = %v, want auth.invalid_credentials", code, err)
		}
	}
	for _, code := range []string{"287082", "287 082", "۲۸۷۰۸۲", "٢٨٧٠٨٢"} {
		if got, err := tp.Check(sealed, code, now); err != nil || got != 1 {
			t.Errorf("Check(sealed, %q, 59) = %d, %v, want 1, nil", code, got, err)
		}
	}
}

func TestCheckSealedFaults(t *testing.T) {
	tp, sealed := rfcTOTP(t)
	if _, err := tp.Check(nil, "287082", time.Unix(59, 0)); nsor.ErrorCode(err) != "auth.invalid_credentials" {
		t.Errorf("Check(nil, 287082, 59) = %v, want auth.invalid_credentials", err)
	}
	broken := NewTOTP(xorSealer{fail: true}, nil)
	if _, err := broken.Check(sealed, "287082", time.Unix(59, 0)); nsor.KindOf(err) != nsor.KindInternal {
		t.Errorf("Check with a sealer that cannot open = %v, want KindInternal", err)
	}
}

func TestNew(t *testing.T) {
	tp := NewTOTP(xorSealer{}, nil)
	sealed, rawURL, secret, err := tp.New("io.lahore.1")
	if err != nil {
		t.Fatalf("New(io.lahore.1) = %v", err)
	}
	if len(secret) != 32 { // 20 bytes in unpadded base32
		t.Errorf("New(io.lahore.1) secret = %q (%d characters), want 32", secret, len(secret))
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != secret || q.Get("issuer") != "nsor" ||
		q.Get("digits") != "6" || q.Get("period") != "30" || q.Get("algorithm") != "SHA1" || u.Path != "/nsor:io.lahore.1" {
		t.Errorf("New(io.lahore.1) url = %s, want otpauth://totp/nsor:io.lahore.1 with secret, issuer nsor, SHA1, 6 digits, 30 s", rawURL)
	}
	if bytes.Contains(sealed, []byte(secret)) {
		t.Errorf("New(io.lahore.1) sealed = %q, holds the secret in clear", sealed)
	}
	now := time.Unix(1700000000, 0)
	code, _ := Code(secret, now)
	if step, err := tp.Check(sealed, code, now); err != nil || step != 1700000000/30 {
		t.Errorf("Check(New's secret, its code, now) = %d, %v, want %d, nil", step, err, 1700000000/30)
	}
	_, _, other, _ := tp.New("io.lahore.1")
	if other == secret {
		t.Errorf("New twice = the same secret %q, want different", secret)
	}
}

func TestCodeEmptySecret(t *testing.T) {
	if got, err := Code(" ", time.Unix(59, 0)); err == nil {
		t.Errorf("Code(empty, 59) = %q, nil, want an error", got)
	}
	if got, err := Code("not base32!", time.Unix(59, 0)); err == nil {
		t.Errorf("Code(not base32, 59) = %q, nil, want an error", got)
	}
}
