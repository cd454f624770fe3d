package auth

import (
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"nsor"
)

// Sealer seals secrets at rest under a key held outside the database and
// opens them again; the keys adapter's Keyring is one. Auth declares it
// rather than importing that adapter: adapters meet only through interfaces.
type Sealer interface {
	Seal(plaintext []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
}

// Issuer names nsor in authenticator apps (Key Uri Format, "issuer").
const Issuer = "nsor"

// The TOTP parameters: RFC 6238's defaults (section 4.1 and Appendix A), the
// only ones every authenticator app supports.
const (
	period     = 30 // seconds per time step (RFC 6238 section 5.2)
	digits     = 6
	skew       = 1  // steps accepted either side of now, for clock drift and typing time (RFC 6238 section 5.2)
	secretSize = 20 // bytes: 160 bits, the length RFC 4226 section 4 (R6) recommends
)

var opts = totp.ValidateOpts{Period: period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// TOTP is the time-based one-time password second factor (RFC 6238). It
// implements nsor.SecondFactor. Secrets are stored sealed by its Sealer.
type TOTP struct {
	sealer Sealer
	random io.Reader
}

var _ nsor.SecondFactor = (*TOTP)(nil)

// NewTOTP returns a TOTP whose secrets are sealed by s and drawn from random
// (crypto/rand when nil).
func NewTOTP(s Sealer, random io.Reader) *TOTP { return &TOTP{sealer: s, random: random} }

// New makes a secret for account and returns it sealed (to store), as an
// otpauth:// URL (to enrol by QR code) and in base32 (to type in); the last
// two are shown to the user once and never stored.
func (t *TOTP) New(account string) (sealed []byte, url string, secret string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: account, Period: period,
		SecretSize: secretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: t.random})
	if err != nil {
		return nil, "", "", nsor.Internalf(err, "generate TOTP secret")
	}
	raw, err := b32.DecodeString(key.Secret())
	if err != nil {
		return nil, "", "", nsor.Internalf(err, "decode TOTP secret")
	}
	if sealed, err = t.sealer.Seal(raw); err != nil {
		return nil, "", "", nsor.Internalf(err, "seal TOTP secret")
	}
	return sealed, key.URL(), key.Secret(), nil
}

// Check returns the time step (Unix time / 30) whose code is code, trying the
// step of now first, then the one before and the one after (RFC 6238 section
// 5.2), and comparing every candidate in constant time. The caller refuses a
// step at or before the last one it accepted, so that a code is used once
// (RFC 6238 section 5.2, ASVS 2.8.4). A wrong or malformed code, or no
// enrolled secret, is KindUnauthenticated "auth.invalid_credentials"; a
// secret that cannot be opened is KindInternal.
func (t *TOTP) Check(sealed []byte, code string, now time.Time) (int64, error) {
	code, ok := normalizeCode(code)
	if !ok {
		return 0, invalidCode(errors.New("code is not 6 digits"))
	}
	if len(sealed) == 0 {
		return 0, invalidCode(errors.New("no TOTP secret enrolled"))
	}
	raw, err := t.sealer.Open(sealed)
	if err != nil {
		return 0, nsor.Internalf(err, "open TOTP secret")
	}
	secret := b32.EncodeToString(raw)
	step := floorDiv(now.Unix(), period)
	var matched int64
	found := false
	for _, s := range []int64{step, step - 1, step + 1} {
		c, err := codeAt(secret, s)
		if err != nil {
			return 0, nsor.Internalf(err, "TOTP code")
		}
		if subtle.ConstantTimeCompare([]byte(c), []byte(code)) == 1 && !found {
			matched, found = s, true
		}
	}
	if !found {
		return 0, invalidCode(errors.New("code does not match"))
	}
	return matched, nil
}

// Code returns the code of the base32 secret at time t, for tests, the demo
// and the command line.
func Code(secretBase32 string, t time.Time) (string, error) {
	if strings.TrimSpace(secretBase32) == "" {
		return "", errors.New("auth: empty TOTP secret")
	}
	return totp.GenerateCodeCustom(secretBase32, t, opts)
}

// codeAt returns the code of secret at time step s.
func codeAt(secret string, s int64) (string, error) {
	if s < 0 {
		return "", nil // before 1970: no code, and "" never equals a 6-digit code
	}
	return totp.GenerateCodeCustom(secret, time.Unix(s*period, 0), opts)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// normalizeCode drops spaces (apps show "123 456") and reads Arabic-Indic and
// Extended Arabic-Indic digits (the latter Urdu's) as ASCII ones, so that a
// code typed on an Urdu keyboard works. Anything else is malformed.
func normalizeCode(code string) (string, bool) {
	var b strings.Builder
	for _, r := range code {
		switch {
		case r == ' ':
			continue
		case r >= '0' && r <= '9':
		case r >= '\u0660' && r <= '\u0669':
			r = '0' + r - '\u0660'
		case r >= '\u06f0' && r <= '\u06f9':
			r = '0' + r - '\u06f0'
		default:
			return "", false
		}
		if b.Len() == digits {
			return "", false // too long; stop reading early
		}
		b.WriteRune(r)
	}
	return b.String(), b.Len() == digits
}

func invalidCode(cause error) *nsor.Error {
	return &nsor.Error{Kind: nsor.KindUnauthenticated, Code: "auth.invalid_credentials",
		Message: "The 6-digit code is not correct, or it has expired.", Err: cause}
}
