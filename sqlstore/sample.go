package sqlstore

import (
	"nsor"
)

// sampleDetail is what a sample's description holds beside its columns,
// kept as JSON: nobody queries by it.
type sampleDetail struct {
	Fingers    []nsor.SampleFinger `json:"fingers,omitempty"`
	SampleType string              `json:"sample_type,omitempty"`
	Loci       int                 `json:"loci,omitempty"`
	Partial    bool                `json:"partial,omitempty"`
	Mixture    bool                `json:"mixture,omitempty"`
}

// PutSample stores a sample's description; the same SHA-256 again is a
// no-op that keeps the first. The blob of that SHA-256 must be stored.
func (t *tx) PutSample(s *nsor.Sample) error {
	d := sampleDetail{Fingers: s.Fingers, SampleType: s.SampleType, Loci: s.Loci, Partial: s.Partial, Mixture: s.Mixture}
	_, err := t.exec("INSERT INTO biometric_samples (sha256, kind, format, detail, size, uploaded_by, uploaded_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
		s.SHA256, s.Kind, s.Format, asJSON(&d), s.Size, s.UploadedBy, ms(s.UploadedAt))
	return err
}

// Sample returns a sample's description; an unknown SHA-256 is
// KindNotFound "sample".
func (t *tx) Sample(sha string) (*nsor.Sample, error) {
	s := &nsor.Sample{}
	var d sampleDetail
	err := t.one("sample", func(sc scanner) error {
		return sc.Scan(&s.SHA256, &s.Kind, &s.Format, asJSON(&d), &s.Size, &s.UploadedBy, instant{&s.UploadedAt})
	}, "SELECT sha256, kind, format, detail, size, uploaded_by, uploaded_at FROM biometric_samples WHERE sha256 = ?", sha)
	if err != nil {
		return nil, err
	}
	s.Fingers, s.SampleType, s.Loci, s.Partial, s.Mixture = d.Fingers, d.SampleType, d.Loci, d.Partial, d.Mixture
	return s, nil
}

// AddRequestSample attaches a stored sample to a request's suspect and
// sets rs.ID; the same attachment twice is KindConflict "sample.attached".
func (t *tx) AddRequestSample(rs *nsor.RequestSample) error {
	id, err := t.insertUnique("INSERT INTO request_samples (request_id, suspect_id, sha256, kind, purpose, added_by, added_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?)", rs.RequestID, rs.SuspectID, rs.SHA256, rs.Kind, rs.Purpose, rs.AddedBy, ms(rs.AddedAt))
	if err != nil {
		return t.conflict(err, "sample.attached", "This sample is attached to this suspect for this purpose already.")
	}
	rs.ID = id
	return nil
}

// RequestSamples lists a request's attached samples in the order they were
// attached, with each sample's format and size.
func (t *tx) RequestSamples(requestID int64) ([]*nsor.RequestSample, error) {
	var out []*nsor.RequestSample
	err := t.each("request sample", func(sc scanner) error {
		rs := &nsor.RequestSample{}
		if err := sc.Scan(&rs.ID, &rs.RequestID, &rs.SuspectID, &rs.SHA256, &rs.Kind, &rs.Purpose, &rs.Format, &rs.Size,
			&rs.AddedBy, instant{&rs.AddedAt}); err != nil {
			return err
		}
		out = append(out, rs)
		return nil
	}, "SELECT r.id, r.request_id, r.suspect_id, r.sha256, r.kind, r.purpose, s.format, s.size, r.added_by, r.added_at "+
		"FROM request_samples r JOIN biometric_samples s ON s.sha256 = r.sha256 WHERE r.request_id = ? ORDER BY r.id", requestID)
	return out, err
}

// PutDerivation keeps what an index derived from a stored sample under the
// derivation's version; the same sample and version again keeps the first.
func (t *tx) PutDerivation(sha, derivation string, data []byte) error {
	_, err := t.exec("INSERT INTO sample_derivations (sha256, derivation, data) VALUES (?, ?, ?) "+
		"ON CONFLICT (sha256, derivation) DO NOTHING", sha, derivation, data)
	return err
}

// Derivation returns what PutDerivation kept; none is KindNotFound
// "derivation".
func (t *tx) Derivation(sha, derivation string) ([]byte, error) {
	var data []byte
	err := t.one("derivation", func(sc scanner) error { return sc.Scan(&data) },
		"SELECT data FROM sample_derivations WHERE sha256 = ? AND derivation = ?", sha, derivation)
	return data, err
}
