package service

import (
	"context"
	"encoding/json"
	"sync"

	"nsor"
)

// biometricIndexes are this instance's biometric indexes (s.dna and s.fp
// when they are nsor.BiometricIndex), filled from the stored samples of the
// active records at start (BuildBiometricIndex) and kept in step with the
// register's change feed like the name index (register_index.go): cmd/nsor
// follows the feed every second (FollowBiometric) and every biometric search
// catches up first in its own transaction, so a search never misses a
// record committed before it began, nor shows one removed before it.
type biometricIndexes struct {
	mu    sync.Mutex // one catch-up at a time
	built bool
	seq   int64 // the register change sequence value the indexes have seen
	// unread counts the stored samples an index refused (a format it cannot
	// read), for the log.
	unread int
	// fresh holds what the deriving index derived from samples stored
	// with nothing of its version kept (uploaded before it, or before a new
	// extractor, or attached to a request), until keepDerived stores it.
	freshMu sync.Mutex
	fresh   []derived
}

// derived is what an index derived from a stored sample, under its version.
type derived struct {
	sha, version string
	data         []byte
}

// indexes are the configured biometric indexes the service fills.
func (s *Service) indexes() []nsor.BiometricIndex {
	var out []nsor.BiometricIndex
	if x, ok := s.dna.(nsor.BiometricIndex); ok {
		out = append(out, x)
	}
	if x, ok := s.fp.(nsor.BiometricIndex); ok {
		out = append(out, x)
	}
	return out
}

// BuildBiometricIndex fills this instance's biometric indexes from the
// store: every active record's stored samples (its biometric references of
// the form sha256:<hex>), read in one consistent snapshot with the change
// sequence value it holds, so that following the feed from that value
// misses nothing. It returns the records that have a stored sample, and
// how many samples an index could not read (they are left out, not fatal).
// Without a biometric index configured it does nothing.
func (s *Service) BuildBiometricIndex(ctx context.Context) (records, unread int, err error) {
	xs := s.indexes()
	if len(xs) == 0 {
		return 0, 0, nil
	}
	if records, unread, err = s.buildIndexes(ctx, xs); err != nil {
		return records, unread, err
	}
	return records, unread, s.keepDerived(ctx)
}

// buildIndexes fills the indexes xs as BuildBiometricIndex says.
func (s *Service) buildIndexes(ctx context.Context, xs []nsor.BiometricIndex) (records, unread int, err error) {
	s.bio.mu.Lock()
	defer s.bio.mu.Unlock()
	err = s.view(ctx, func(tx nsor.Tx) error {
		seq, err := tx.ChangeSeq("register")
		if err != nil {
			return err
		}
		after := int64(0)
		for {
			os, err := tx.ActiveOffenders(after, 1000)
			if err != nil {
				return err
			}
			if len(os) == 0 {
				s.bio.seq, s.bio.built = seq, true
				return nil
			}
			for _, o := range os {
				n, bad, err := s.putBiometrics(tx, xs, o)
				if err != nil {
					return err
				}
				if n > 0 {
					records++
				}
				unread += bad
			}
			after = os[len(os)-1].ID
		}
	})
	s.bio.unread = unread
	return records, unread, err
}

// putBiometrics puts o's stored samples into each index, or removes o from
// them when it is not active. It returns the samples put and those an index
// refused.
func (s *Service) putBiometrics(tx nsor.Tx, xs []nsor.BiometricIndex, o *nsor.Offender) (n, unread int, err error) {
	var samples []nsor.StoredBiometric
	if o.Status == nsor.RecordActive {
		d, _ := s.fp.(nsor.Deriver)
		if samples, err = s.storedBiometrics(tx, &o.Record, d); err != nil {
			return 0, 0, err
		}
	}
	for _, x := range xs {
		var mine []nsor.StoredBiometric
		for _, sb := range samples {
			if sb.Kind == x.BiometricKind() {
				mine = append(mine, s.deriveStored(x, sb))
			}
		}
		if err := x.PutRecord(o.ID, mine); err != nil {
			unread++
		}
		n += len(mine)
	}
	return n, unread, nil
}

// deriveStored is sb with what the index x derives from it, when x is a
// Deriver and nothing of its version is kept: derived now (the cost the
// index would pay reading the sample anyway) and held in s.bio.fresh for
// keepDerived, so that the next start, or search, reads it.
func (s *Service) deriveStored(x nsor.BiometricIndex, sb nsor.StoredBiometric) nsor.StoredBiometric {
	d, ok := x.(nsor.Deriver)
	if !ok || sb.Derived != nil {
		return sb
	}
	b, err := d.Derive(sb)
	if err != nil || b == nil {
		return sb
	}
	sha, _ := nsor.ParseSampleRef(sb.Ref)
	sb.Derived = b
	s.bio.freshMu.Lock()
	s.bio.fresh = append(s.bio.fresh, derived{sha: sha, version: d.Derivation(), data: b})
	s.bio.freshMu.Unlock()
	return sb
}

// keepDerived stores what the indexes derived while being filled
// (deriveStored), in transactions of a few hundred; another instance
// keeping the same first is no conflict. A failure is returned for the
// log and the rest kept for the next call: the index itself is filled.
func (s *Service) keepDerived(ctx context.Context) error {
	s.bio.freshMu.Lock()
	fresh := s.bio.fresh
	s.bio.fresh = nil
	s.bio.freshMu.Unlock()
	for len(fresh) > 0 {
		n := min(len(fresh), 200)
		err := s.store.Update(ctx, func(tx nsor.Tx) error {
			for _, d := range fresh[:n] {
				if err := s.putDerivation(tx, d.sha, d.version, d.data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			s.bio.freshMu.Lock()
			s.bio.fresh = append(s.bio.fresh, fresh...)
			s.bio.freshMu.Unlock()
			return err
		}
		fresh = fresh[n:]
	}
	return nil
}

// storedBiometrics reads the stored samples a record's biometric
// references name (sha256:<hex>); a laboratory's free-text reference has no
// stored data and is passed over, and so is a reference to a sample the
// store does not hold (the record's check refuses it when it is written).
func (s *Service) storedBiometrics(tx nsor.Tx, r *nsor.OffenderRecord, d nsor.Deriver) ([]nsor.StoredBiometric, error) {
	var out []nsor.StoredBiometric
	for _, b := range r.Biometrics {
		sha, ok := nsor.ParseSampleRef(b.Reference)
		if !ok {
			continue
		}
		sb, err := s.storedSample(tx, sha, d)
		if nsor.KindOf(err) == nsor.KindNotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, *sb)
	}
	return out, nil
}

// storedSample reads a stored sample's description and bytes, and what
// the index d derived from it under its current version when the store
// keeps that (d nil: no deriving index).
func (s *Service) storedSample(tx nsor.Tx, sha string, d nsor.Deriver) (*nsor.StoredBiometric, error) {
	smp, err := tx.Sample(sha)
	if err != nil {
		return nil, err
	}
	blob, err := tx.Blob(sha)
	if err != nil {
		return nil, err
	}
	sb := &nsor.StoredBiometric{Ref: nsor.SampleRef(sha), Kind: smp.Kind, Format: smp.Format, Data: blob.Data}
	if len(smp.Fingers) == 1 {
		sb.PPI, sb.Position = smp.Fingers[0].PPI, smp.Fingers[0].Position
	}
	if d == nil || smp.Kind != nsor.BiometricFingerprint {
		return sb, nil
	}
	sb.Derived, err = s.derivation(tx, sha, d.Derivation())
	return sb, err
}

// catchUpBiometric applies to the biometric indexes the register's writes
// they have not seen, read in tx. Before they are built it does nothing.
func (s *Service) catchUpBiometric(tx nsor.Tx) error {
	s.bio.mu.Lock()
	defer s.bio.mu.Unlock()
	xs := s.indexes()
	if !s.bio.built || len(xs) == 0 {
		return nil
	}
	now, err := tx.ChangeSeq("register")
	if err != nil || now <= s.bio.seq {
		return err
	}
	for s.bio.seq < now {
		cs, err := tx.RegisterChanges(s.bio.seq, 1000)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			_, bad, err := s.putBiometrics(tx, xs, c.Offender)
			if err != nil {
				return err
			}
			s.bio.unread += bad
			s.bio.seq = c.Seq
		}
	}
	return nil
}

// FollowBiometric brings this instance's biometric indexes up to date with
// the register's writes, this instance's and other instances'. cmd/nsor
// calls it every second beside FollowChanges.
func (s *Service) FollowBiometric(ctx context.Context) error {
	s.bio.mu.Lock()
	built := s.bio.built
	s.bio.mu.Unlock()
	if !built {
		return nil
	}
	if err := s.view(ctx, s.catchUpBiometric); err != nil {
		return err
	}
	return s.keepDerived(ctx)
}

// errNoIndex is the refusal of a biometric search without an index of its
// kind.
func errNoIndex(kind string) error {
	what := map[string]string{nsor.BiometricDNA: "DNA profile", nsor.BiometricFingerprint: "fingerprint"}[kind]
	return nsor.Errorf(nsor.KindConflict, "biometric.unavailable", "No %s index is configured on this installation.", what)
}

// attachedProbe is the sample the officer attached to the request for the
// suspect as the probe of a search of kind: the suspect's tenprint for
// fingerprints, the crime-scene profile for DNA (the latest attached when
// there are several). Without one the search is refused
// (biometric.no_probe).
func (s *Service) attachedProbe(tx nsor.Tx, r *nsor.Request, suspectID int64, kind string, d nsor.Deriver) (*nsor.StoredBiometric, error) {
	purpose := nsor.PurposeTenprint
	if kind == nsor.BiometricDNA {
		purpose = nsor.PurposeCrimeScene
	}
	rss, err := tx.RequestSamples(r.ID)
	if err != nil {
		return nil, err
	}
	for i := len(rss) - 1; i >= 0; i-- {
		if rs := rss[i]; rs.SuspectID == suspectID && rs.Purpose == purpose && rs.Kind == kind {
			return s.storedSample(tx, rs.SHA256, d)
		}
	}
	return nil, noProbe(kind)
}

func noProbe(kind string) error {
	if kind == nsor.BiometricDNA {
		return nsor.Invalid("loci", "biometric.no_probe", "Give the profile searched with: no crime-scene profile is attached to the request for this suspect.")
	}
	return nsor.Invalid("fingers", "biometric.no_probe", "Give the fingers searched with: no tenprint is attached to the request for this suspect.")
}

// dnaProbeOf reads a stored DNA profile (format dna-profile: the JSON of a
// probe's type and loci) as a probe's.
func dnaProbeOf(sb *nsor.StoredBiometric) (string, map[string][]string, error) {
	var p nsor.DNAProbe
	if err := json.Unmarshal(sb.Data, &p); err != nil || len(p.Loci) == 0 {
		return "", nil, nsor.Invalid("loci", "biometric.no_probe", "The attached DNA profile cannot be read as a profile.")
	}
	return p.Type, p.Loci, nil
}
