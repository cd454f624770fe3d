package nsor

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"nsor/auditrec"
)

// Config is the policy that deployments may set.
type Config struct {
	Deadlines        Deadlines
	EligibleSections []string
	// MaxUpload limits an FIR copy (default 10 MiB).
	MaxUpload int64
	// SessionTTL is how long a person's token lives (default 12 hours).
	SessionTTL time.Duration
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
		LockoutAfter:     5,
		LockoutFor:       10 * time.Minute,
	}.withSignInDefaults()
}

// withSignInDefaults fills the sign-in guards' zero fields, so that a
// Config written before they existed still bounds the work of sign-in.
func (c Config) withSignInDefaults() Config {
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
}

// Service enforces every rule of nsor over a Store. Every method that changes
// something, or reads register data, released records, a victim's
// particulars or an FIR copy, writes its audit record in the same
// transaction, and refused attempts are recorded on their own.
type Service struct {
	store Store
	clock Clock
	ids   IdentifierHasher
	pw    PasswordHasher
	otp   SecondFactor
	rand  io.Reader
	cfg   Config
	marks Marker
	prove AuditProver
	// snapshotFirst: authorise acts in a snapshot before their write (a single
	// writer; see SingleWriter).
	snapshotFirst bool

	jcache jurisdictions

	// The guards of sign-in (signin_guard.go) and the hash an unknown user's
	// password is checked against.
	hashers *hashers
	limits  *limiter
	dummy   struct {
		once sync.Once
		hash string
	}
}

// NewService returns a Service over deps.
func NewService(d Deps) *Service {
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Config.Deadlines.Prosecutor == 0 {
		d.Config = DefaultConfig()
	}
	d.Config = d.Config.withSignInDefaults()
	sw, ok := d.Store.(SingleWriter)
	return &Service{store: d.Store, clock: d.Clock, ids: d.IDs, pw: d.Passwords, otp: d.OTP, rand: d.Random, cfg: d.Config,
		marks: d.Marks, prove: d.Prover, snapshotFirst: !ok || sw.SingleWriter(),
		hashers: newHashers(d.Config.SignInHashers, d.Config.SignInWait),
		limits:  newLimiter(d.Config.SignInBurst, d.Config.SignInEvery)}
}

// Config returns the configuration in force.
func (s *Service) Config() Config { return s.cfg }

// now is the injected clock's time in UTC, truncated to the millisecond that
// both databases store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// record starts the audit record of an act by a.
func (s *Service) record(a *Actor, action string) *auditrec.Record {
	r := &auditrec.Record{Version: auditrec.Version1, At: s.now(), Action: action, Source: "system"}
	if a != nil {
		r.Source, r.Client = a.Source, a.Client
		if a.User != nil {
			r.ActorID, r.ActorRole = a.User.ID, string(a.User.Role)
		}
		if a.Token != nil {
			r.TokenID = a.Token.ID
		}
		if a.Operator != nil && a.Operator.Name != "" {
			detail(r, "operator", a.Operator)
		}
	}
	return r
}

// tag adds a keyed hash of an identifier to the record. Empty values are
// skipped: there is nothing to hide and nothing to search for.
func (s *Service) tag(r *auditrec.Record, kind, value string) {
	if value == "" {
		return
	}
	t := s.ids.Tag(kind, value)
	r.Identifiers = append(r.Identifiers, auditrec.Identifier{Kind: t.Kind, KeyVersion: t.KeyVersion, MAC: t.MAC})
}

// detail adds a non-identifying fact to the record. Free text (reasons,
// notes) never goes here: it may name anyone, so it is tagged instead.
func detail(r *auditrec.Record, key string, value any) {
	r.Details = append(r.Details, auditrec.Detail{Key: key, Value: fmt.Sprint(value)})
}

// do runs fn and its audit record in one transaction: when the record cannot
// be written, the act fails and nothing of it remains. When fn refuses (any
// *Error but an internal one), the refusal alone is recorded, in its own
// transaction; when even that cannot be written the caller gets an internal
// error, so that no refused attempt goes unrecorded.
func (s *Service) do(ctx context.Context, a *Actor, action string, fn func(tx Tx, rec *auditrec.Record) error) error {
	var rec *auditrec.Record
	err := s.store.Update(ctx, func(tx Tx) error {
		rec = s.record(a, action)
		if err := fn(tx, rec); err != nil {
			return err
		}
		rec.Outcome = auditrec.OutcomeOK
		if err := tx.RecordAudit(rec); err != nil {
			return Internalf(err, "append audit record for %s", action)
		}
		return nil
	})
	if err == nil || IsFault(err) || rec == nil {
		return err
	}
	return s.refused(ctx, rec, err)
}

// refused records a refused attempt and returns the refusal.
func (s *Service) refused(ctx context.Context, rec *auditrec.Record, cause error) error {
	rec.Outcome, rec.Code = auditrec.OutcomeRefused, ErrorCode(cause)
	rec.At = s.now()
	err := s.store.Update(ctx, func(tx Tx) error { return tx.RecordAudit(rec) })
	if KindOf(err) == KindUnavailable {
		return err // unrecorded, so not answered as a refusal; a retry will be
	} else if err != nil {
		return Internalf(err, "append audit record of refused %s", rec.Action)
	}
	return cause
}

// view runs fn in a read-only transaction. It is for reads that are not of
// register data, released records or protected particulars.
func (s *Service) view(ctx context.Context, fn func(tx Tx) error) error {
	return s.store.View(ctx, fn)
}

// read runs an actor's read in a read-only transaction. A successful read
// of this kind is not recorded (it shows no register data, released records
// or protected particulars), but a refused one is, as every refused attempt
// is: probing for requests one may not see leaves a trace.
func (s *Service) read(ctx context.Context, a *Actor, action string, requestID int64, fn func(tx Tx) error) error {
	err := s.view(ctx, fn)
	if err == nil || IsFault(err) {
		return err
	}
	rec := s.record(a, action)
	if requestID != 0 {
		rec.Object, rec.RequestID = object("request", requestID), requestID
	}
	return s.refused(ctx, rec, err)
}

// object names an object in an audit record.
func object(kind string, id int64) string { return fmt.Sprintf("%s/%d", kind, id) }

// RequestRef is the human reference of a request: NSOR-<year>-<id>.
func RequestRef(id int64, created time.Time) string {
	return fmt.Sprintf("NSOR-%d-%06d", created.UTC().Year(), id)
}

// DisclosureNumber is the number of a request's release; there is at most one
// release per request, so it is derived from the request.
func DisclosureNumber(id int64, created time.Time) string {
	return fmt.Sprintf("DN-%d-%06d", created.UTC().Year(), id)
}
