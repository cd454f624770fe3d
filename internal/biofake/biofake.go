// Package biofake is a stand-in fingerprint index for the tests of the
// service and the pages: a probe finds the records holding a sample of the
// same bytes. The matcher itself is tested in fingerprint/afis and through
// cmd/nsor's bridge; what these tests check is what is done around it.
package biofake

import (
	"bytes"
	"context"
	"sync"

	"nsor"
)

// Fingerprints is an nsor.BiometricIndex of fingerprints that matches
// identical bytes, returning each candidate with Score and Explain.
type Fingerprints struct {
	Score   float64
	Explain string

	mu   sync.Mutex
	held map[int64][]nsor.StoredBiometric
}

// NewFingerprints is an empty index whose candidates carry score and
// explain.
func NewFingerprints(score float64, explain string) *Fingerprints {
	return &Fingerprints{Score: score, Explain: explain, held: map[int64][]nsor.StoredBiometric{}}
}

// BiometricKind is fingerprint.
func (f *Fingerprints) BiometricKind() string { return nsor.BiometricFingerprint }

// PutRecord holds a record's samples; none removes the record.
func (f *Fingerprints) PutRecord(id int64, ss []nsor.StoredBiometric) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(ss) == 0 {
		delete(f.held, id)
		return nil
	}
	f.held[id] = ss
	return nil
}

// SearchFingerprints returns the records holding a sample whose bytes are
// a probe finger's.
func (f *Fingerprints) SearchFingerprints(_ context.Context, p nsor.FingerprintProbe) ([]nsor.BiometricCandidate, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []nsor.BiometricCandidate
	for id, ss := range f.held {
		for _, s := range ss {
			for _, pf := range p.Fingers {
				if bytes.Equal(pf.Data, s.Data) {
					out = append(out, nsor.BiometricCandidate{RecordID: id, Kind: nsor.BiometricFingerprint, RecordRef: s.Ref,
						Score: f.Score, Explain: f.Explain})
				}
			}
		}
	}
	return out, nil
}
