package nsor

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// Config is the policy that deployments may set.
type Config struct {
	Deadlines        Deadlines
	EligibleSections []string
	// MaxUpload limits an FIR copy (default 10 MiB).
	MaxUpload int64
	// SessionTTL is how long a person's token lives (default 12 hours).
	SessionTTL time.Duration
	// SessionIdle ends a session of the web interface that is not used for
	// this long (default 15 minutes). API sessions have no idle limit:
	// their clients are programs that hold a token for their work.
	SessionIdle time.Duration
	// LockoutAfter failed sign-ins from one source lock that source, and
	// only it, out of the account for LockoutFor (ASVS 2.2.1). A source the
	// user signed in from before has the higher allowance LockoutKnownAfter;
	// LockoutUnknownAfter failures from all the sources the user never
	// signed in from lock out every such source, and alert administrators
	// (docs/adr/0015-sign-in-under-attack.md).
	LockoutAfter        int
	LockoutFor          time.Duration
	LockoutKnownAfter   int
	LockoutUnknownAfter int
	// SignInHashers bounds the password hashes run at once (default: one
	// per CPU); a sign-in waits at most SignInWait (default 1s) for one,
	// and is otherwise refused as busy.
	SignInHashers int
	SignInWait    time.Duration
	// SignInBurst sign-ins from one address (IPv6: one /64) pass at once,
	// then one every SignInEvery (default 10, then one per 6s); a success
	// does not count.
	SignInBurst int
	SignInEvery time.Duration
}

// DefaultConfig is the configuration unless set otherwise.
func DefaultConfig() Config {
	return Config{
		Deadlines:        DefaultDeadlines,
		EligibleSections: DefaultEligibleSections,
		MaxUpload:        10 << 20,
		SessionTTL:       12 * time.Hour,
		SessionIdle:      15 * time.Minute,
		LockoutAfter:     5,
		LockoutFor:       10 * time.Minute,
	}.WithSignInDefaults()
}

// WithSignInDefaults fills the sign-in guards' zero fields, so that a
// Config written before they existed still bounds the work of sign-in.
func (c Config) WithSignInDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.LockoutAfter, 5)
	def(&c.LockoutKnownAfter, 4*c.LockoutAfter)
	def(&c.LockoutUnknownAfter, 4*c.LockoutAfter)
	def(&c.SignInHashers, runtime.NumCPU())
	def(&c.SignInBurst, 10)
	for _, d := range []struct {
		v *time.Duration
		d time.Duration
	}{{&c.LockoutFor, 10 * time.Minute}, {&c.SignInWait, time.Second}, {&c.SignInEvery, 6 * time.Second}} {
		if *d.v <= 0 {
			*d.v = d.d
		}
	}
	return c
}

// Deps are what a Service is built from; cmd/nsor wires them.
type Deps struct {
	Store     Store
	Clock     Clock
	IDs       IdentifierHasher
	Passwords PasswordHasher
	OTP       SecondFactor
	Random    io.Reader // crypto/rand.Reader unless set
	Config    Config
	// Marks renders released records with per-recipient marks and reads
	// them back (package disclosure). Without it no release is rendered.
	Marks Marker
	// Prover proves audit records' inclusion in the signed Merkle log
	// (package auditlog); nil when the log is not running, and then a misuse
	// case's evidence is marked "proof unavailable".
	Prover AuditProver
	// DNA searches the register's DNA profiles (package dna); nil when no
	// profile index is configured, and then a DNA search is refused.
	DNA DNASearcher
	// Fingerprints searches the register's fingerprints (the fingerprint
	// matcher); nil when none is configured.
	Fingerprints FingerprintSearcher
	// Samples reads uploaded biometric samples (package biosample); nil
	// when none is configured, and then an upload is refused.
	Samples SampleReader
}

// RequestRef is the human reference of a request: NSOR-<year>-<id>.
func RequestRef(id int64, created time.Time) string {
	return fmt.Sprintf("NSOR-%d-%06d", created.UTC().Year(), id)
}

// DisclosureNumber is the number of a request's release; there is at most one
// release per request, so it is derived from the request.
func DisclosureNumber(id int64, created time.Time) string {
	return fmt.Sprintf("DN-%d-%06d", created.UTC().Year(), id)
}
