package service

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"nsor"
	"nsor/auditrec"
	"sync"
	"time"
)

// Service enforces every rule of nsor over a Store. Every method that changes
// something, or reads register data, released records, a victim's
// particulars or an FIR copy, writes its audit record in the same
// transaction, and refused attempts are recorded on their own.
type Service struct {
	store   nsor.Store
	clock   nsor.Clock
	ids     nsor.IdentifierHasher
	pw      nsor.PasswordHasher
	otp     nsor.SecondFactor
	rand    io.Reader
	cfg     nsor.Config
	marks   nsor.Marker
	prove   nsor.AuditProver
	dna     nsor.DNASearcher
	fp      nsor.FingerprintSearcher
	samples nsor.SampleReader
	jcache  jurisdictions
	reg     registerIndex    // the register's in-memory index (register_index.go)
	bio     biometricIndexes // the biometric indexes' place in the register's feed (biometric_index.go)

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
func New(d nsor.Deps) *Service {
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Config.Deadlines.Prosecutor == 0 {
		d.Config = nsor.DefaultConfig()
	}
	d.Config = d.Config.WithSignInDefaults()
	return &Service{store: d.Store, clock: d.Clock, ids: d.IDs, pw: d.Passwords, otp: d.OTP, rand: d.Random, cfg: d.Config,
		marks: d.Marks, prove: d.Prover, dna: d.DNA, fp: d.Fingerprints, samples: d.Samples,
		hashers: newHashers(d.Config.SignInHashers, d.Config.SignInWait),
		limits:  newLimiter(d.Config.SignInBurst, d.Config.SignInEvery)}
}

// Config returns the configuration in force.
func (s *Service) Config() nsor.Config { return s.cfg }

// now is the injected clock's time in UTC, truncated to the millisecond that
// both databases store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// record starts the audit record of an act by a.
func (s *Service) record(a *nsor.Actor, action string) *auditrec.Record {
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
func (s *Service) do(ctx context.Context, a *nsor.Actor, action string, fn func(tx nsor.Tx, rec *auditrec.Record) error) error {
	var rec *auditrec.Record
	err := s.store.Update(ctx, func(tx nsor.Tx) error {
		rec = s.record(a, action)
		if err := fn(tx, rec); err != nil {
			return err
		}
		rec.Outcome = auditrec.OutcomeOK
		if err := tx.RecordAudit(rec); err != nil {
			return nsor.Internalf(err, "append audit record for %s", action)
		}
		return nil
	})
	if err == nil || nsor.IsFault(err) || rec == nil {
		return err
	}
	return s.refused(ctx, rec, err)
}

// refused records a refused attempt and returns the refusal.
func (s *Service) refused(ctx context.Context, rec *auditrec.Record, cause error) error {
	rec.Outcome, rec.Code = auditrec.OutcomeRefused, nsor.ErrorCode(cause)
	rec.At = s.now()
	err := s.store.Update(ctx, func(tx nsor.Tx) error { return tx.RecordAudit(rec) })
	if nsor.KindOf(err) == nsor.KindUnavailable {
		return err // unrecorded, so not answered as a refusal; a retry will be
	} else if err != nil {
		return nsor.Internalf(err, "append audit record of refused %s", rec.Action)
	}
	return cause
}

// view runs fn in a read-only transaction. It is for reads that are not of
// register data, released records or protected particulars.
func (s *Service) view(ctx context.Context, fn func(tx nsor.Tx) error) error {
	return s.store.View(ctx, fn)
}

// read runs an actor's read in a read-only transaction. A successful read
// of this kind is not recorded (it shows no register data, released records
// or protected particulars), but a refused one is, as every refused attempt
// is: probing for requests one may not see leaves a trace.
func (s *Service) read(ctx context.Context, a *nsor.Actor, action string, requestID int64, fn func(tx nsor.Tx) error) error {
	err := s.view(ctx, fn)
	if err == nil || nsor.IsFault(err) {
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

// The service implements every group of users' interface.
var (
	_ nsor.App     = (*Service)(nil)
	_ nsor.Console = (*Service)(nil)
)
