package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"nsor"
	"nsor/auditrec"
)

// readSample reads and describes an uploaded sample, refusing what the
// register would not keep, before anything is written.
func (s *Service) readSample(a *nsor.Actor, kind, format string, data []byte, meta nsor.SampleMeta) (*nsor.Sample, error) {
	if err := nsor.CheckSampleInput(kind, format, len(data)); err != nil {
		return nil, err
	}
	if s.samples == nil {
		return nil, nsor.Errorf(nsor.KindUnavailable, "sample.unavailable", "This installation reads no biometric samples.")
	}
	sm, err := s.samples.ReadSample(kind, format, data, meta)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	sm.SHA256, sm.Kind, sm.Format, sm.Size = hex.EncodeToString(sum[:]), kind, format, int64(len(data))
	sm.UploadedBy, sm.UploadedAt = a.ID(), s.now()
	return sm, nil
}

// storeSample keeps a sample read by readSample: the bytes as the blob of
// its SHA-256, the description beside them. The same bytes stored before
// are the sample stored before, which it returns.
func storeSample(tx nsor.Tx, sm *nsor.Sample, data []byte) (*nsor.Sample, error) {
	if old, err := tx.Sample(sm.SHA256); err == nil {
		if old.Kind != sm.Kind || old.Format != sm.Format {
			return nil, nsor.Invalid("format", "sample.stored_as", "These bytes are stored already as a "+old.Kind+" sample in "+old.Format+".")
		}
		return old, nil
	} else if nsor.KindOf(err) != nsor.KindNotFound {
		return nil, err
	}
	if err := tx.PutBlob(&nsor.Blob{BlobRef: nsor.BlobRef{SHA256: sm.SHA256, Type: "application/octet-stream"}, Data: data}); err != nil {
		return nil, err
	}
	return sm, tx.PutSample(sm)
}

// sampleDetails records a sample's address and format in an audit record:
// neither identifies anyone.
func sampleDetails(rec *auditrec.Record, sm *nsor.Sample) {
	detail(rec, "sample", sm.SHA256)
	detail(rec, "format", sm.Format)
}

// UploadSample stores a registrar's biometric sample after reading data
// strictly in the format named; what the data says (fingers, positions,
// qualities, loci, sample type) is kept in the sample's description, the
// bytes as the blob of the same SHA-256. The same bytes again are the same
// sample. A record names it by nsor.SampleRef, through maker-checker.
// Audited as "sample.upload".
func (s *Service) UploadSample(ctx context.Context, a *nsor.Actor, kind, format string, data []byte, meta nsor.SampleMeta) (*nsor.Sample, error) {
	var version string
	var derived []byte
	if requireRegistrar(a, nsor.ScopeRegisterWrite) == nil {
		version, derived = s.derive(kind, format, data, meta)
	}
	var out *nsor.Sample
	err := s.do(ctx, a, "sample.upload", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		sm, err := s.readSample(a, kind, format, data, meta)
		if err != nil {
			return err
		}
		if out, err = storeSample(tx, sm, data); err != nil {
			return err
		}
		if derived != nil && out.Kind == kind {
			if err := s.putDerivation(tx, out.SHA256, version, derived); err != nil {
				return err
			}
		}
		sampleDetails(rec, out)
		return nil
	})
	return out, err
}

// derive is what the fingerprint index derives from an uploaded sample
// (the minutiae of its images: a third of a second a finger), worked out
// before the write transaction so that no other writer waits on it, and
// kept with the sample so that the index is rebuilt without it
// (nsor.Deriver). It is nothing without a deriving index, for a sample
// the index reads as fast as anything kept, and for one it cannot read:
// the strict read in the transaction refuses that, or the index counts it
// unread, as without a deriver.
func (s *Service) derive(kind, format string, data []byte, meta nsor.SampleMeta) (version string, derived []byte) {
	d, ok := s.fp.(nsor.Deriver)
	if !ok || kind != nsor.BiometricFingerprint || nsor.CheckSampleInput(kind, format, len(data)) != nil {
		return "", nil
	}
	derived, err := d.Derive(nsor.StoredBiometric{Kind: kind, Format: format, Data: data, PPI: meta.PPI})
	if err != nil {
		return "", nil
	}
	return d.Derivation(), derived
}

// registrarSample reads a sample's description for a registrar who stated
// a purpose; an unknown or malformed SHA-256 is NotFound.
func (s *Service) registrarSample(tx nsor.Tx, a *nsor.Actor, rec *auditrec.Record, sha, purpose string) (*nsor.Sample, error) {
	rec.Object = "sample:" + sha
	if err := s.registrarPurpose(a, rec, purpose); err != nil {
		return nil, err
	}
	if !nsor.IsSHA256(sha) {
		return nil, nsor.NotFound("sample")
	}
	return tx.Sample(sha)
}

// Sample returns a stored sample's description to a registrar, audited
// with the purpose stated, as Record is.
func (s *Service) Sample(ctx context.Context, a *nsor.Actor, sha, purpose string) (*nsor.Sample, error) {
	var out *nsor.Sample
	err := s.do(ctx, a, "sample.read", func(tx nsor.Tx, rec *auditrec.Record) error {
		var err error
		out, err = s.registrarSample(tx, a, rec, sha, purpose)
		return err
	})
	return out, err
}

// SampleData returns a stored sample and its bytes to a registrar, audited
// with the purpose stated, as Record is.
func (s *Service) SampleData(ctx context.Context, a *nsor.Actor, sha, purpose string) (*nsor.Sample, []byte, error) {
	var out *nsor.Sample
	var data []byte
	err := s.do(ctx, a, "sample.data", func(tx nsor.Tx, rec *auditrec.Record) error {
		var err error
		if out, err = s.registrarSample(tx, a, rec, sha, purpose); err != nil {
			return err
		}
		data, err = sampleBytes(tx, out)
		return err
	})
	return out, data, err
}

// sampleBytes reads a sample's blob.
func sampleBytes(tx nsor.Tx, sm *nsor.Sample) ([]byte, error) {
	b, err := tx.Blob(sm.SHA256)
	if err != nil {
		return nil, nsor.Internalf(err, "sample %s without its bytes", sm.SHA256)
	}
	return b.Data, nil
}

// RequestSampleData returns a sample and its bytes to a bureau analyst who
// sees the request: one of the request's attached samples, or a sample
// that a record the request's searches showed names (docs/rules.md#r8).
// Audited with the request as its purpose; anyone else, or any other
// sample, is NotFound.
func (s *Service) RequestSampleData(ctx context.Context, a *nsor.Actor, requestID int64, sha string) (*nsor.Sample, []byte, error) {
	var out *nsor.Sample
	var data []byte
	err := s.do(ctx, a, "sample.data", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = "sample:"+sha, requestID, object("request", requestID)
		if err := requireRole(a, nsor.RoleAnalyst); err != nil {
			return nsor.NotFound("sample")
		}
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		r, err := s.load(tx, a, requestID, nsor.ActView)
		if err != nil {
			return err
		}
		if !nsor.IsSHA256(sha) {
			return nsor.NotFound("sample")
		}
		ok, err := withinRequest(tx, r, sha)
		if err != nil {
			return err
		}
		if !ok {
			return nsor.NotFound("sample")
		}
		if out, err = tx.Sample(sha); err != nil {
			return err
		}
		data, err = sampleBytes(tx, out)
		return err
	})
	return out, data, err
}

// withinRequest says whether the sample sha is r's to show: attached to r,
// or named by a record r's searches showed.
func withinRequest(tx nsor.Tx, r *nsor.Request, sha string) (bool, error) {
	rss, err := tx.RequestSamples(r.ID)
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(rss, func(rs *nsor.RequestSample) bool { return rs.SHA256 == sha }) {
		return true, nil
	}
	hits, err := tx.SearchHits(r.ID)
	if err != nil {
		return false, err
	}
	ref := nsor.SampleRef(sha)
	seen := map[int64]bool{}
	for _, h := range hits {
		if seen[h.RecordID] {
			continue
		}
		seen[h.RecordID] = true
		o, err := tx.Offender(h.RecordID)
		if nsor.KindOf(err) == nsor.KindNotFound {
			continue
		} else if err != nil {
			return false, err
		}
		if slices.ContainsFunc(o.Record.Biometrics, func(b nsor.Biometric) bool { return b.Reference == ref }) {
			return true, nil
		}
	}
	return false, nil
}

// AttachRequestSample stores a sample an investigating officer (or a
// co-investigator) attaches to a suspect of their draft or returned
// request: a tenprint (a fingerprint format) or a crime-scene DNA profile.
// Attaching is an edit of the request: it raises the request's version, so
// an attachment racing the submission fails one or the other, and nothing
// is attached once the request has gone to the prosecutor. Audited as
// "request.sample_attach".
func (s *Service) AttachRequestSample(ctx context.Context, a *nsor.Actor, requestID, suspectID int64, purpose, format string, data []byte, meta nsor.SampleMeta) (*nsor.RequestSample, error) {
	var out *nsor.RequestSample
	err := s.do(ctx, a, "request.sample_attach", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID = object("request", requestID), requestID
		pre, _, to, err := s.authorised(tx, a, requestID, nsor.AnyVersion, nsor.ActEdit, "")
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(pre.Suspects, func(sp nsor.Suspect) bool { return sp.ID == suspectID }) {
			return nsor.Invalid("suspect_id", "answer.suspect_unknown", "No such suspect in this request.")
		}
		if purpose != nsor.PurposeTenprint && purpose != nsor.PurposeCrimeScene {
			return nsor.Invalid("purpose", "sample.purpose", "Write the purpose: tenprint or crime_scene.")
		}
		sm, err := s.readSample(a, nsor.PurposeKind(purpose), format, data, meta)
		if err != nil {
			return err
		}
		if err := nsor.CheckRequestSamplePurpose(purpose, sm); err != nil {
			return err
		}
		if sm, err = storeSample(tx, sm, data); err != nil {
			return err
		}
		if err := nsor.CheckRequestSamplePurpose(purpose, sm); err != nil {
			return err
		}
		out = &nsor.RequestSample{RequestID: requestID, SuspectID: suspectID, SHA256: sm.SHA256, Kind: sm.Kind, Purpose: purpose,
			Format: sm.Format, Size: sm.Size, AddedBy: a.ID(), AddedAt: s.now()}
		if err := tx.AddRequestSample(out); err != nil {
			return err
		}
		sampleDetails(rec, sm)
		detail(rec, "purpose", purpose)
		return s.save(tx, a, pre.Clone(), pre, nsor.ActEdit, to, "")
	})
	return out, err
}

// RequestSamples lists the samples attached to a request (kind, purpose,
// format, size, SHA-256; never the data) to whoever may view the request.
func (s *Service) RequestSamples(ctx context.Context, a *nsor.Actor, requestID int64) ([]*nsor.RequestSample, error) {
	var out []*nsor.RequestSample
	err := s.read(ctx, a, "request.view", requestID, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if _, err := s.load(tx, a, requestID, nsor.ActView); err != nil {
			return err
		}
		var err error
		out, err = tx.RequestSamples(requestID)
		return err
	})
	return out, err
}

// checkSampleRefs: every biometric of r whose reference names a stored
// sample ("sha256:...") names one that is stored, of the biometric's kind.
// It is checked when a change is proposed and again when it is checked:
// the change is the checker's to approve as the maker proposed it, and
// never approved naming data the register does not hold.
func checkSampleRefs(tx nsor.Tx, r *nsor.OffenderRecord) error {
	var p nsor.Problems
	for i, b := range r.Biometrics {
		if strings.HasPrefix(b.Reference, "file:") {
			p.Add(fmt.Sprintf("biometrics[%d].reference", i), "sample.file", "This names a file to upload, which was not uploaded: nsor import uploads it and names the stored sample instead.")
			continue
		}
		sha, ok := nsor.ParseSampleRef(b.Reference)
		if !ok {
			if strings.HasPrefix(b.Reference, "sha256:") {
				p.Add(fmt.Sprintf("biometrics[%d].reference", i), "sample.ref", "A stored sample's reference is sha256: and the 64 lower-case hex digits of its SHA-256.")
			}
			continue
		}
		sm, err := tx.Sample(sha)
		switch {
		case nsor.KindOf(err) == nsor.KindNotFound:
			p.Add(fmt.Sprintf("biometrics[%d].reference", i), "sample.unknown", "No sample of this SHA-256 is stored: upload it first.")
		case err != nil:
			return err
		case sm.Kind != b.Kind:
			p.Add(fmt.Sprintf("biometrics[%d].reference", i), "sample.kind_mismatch", fmt.Sprintf("The sample %s is a %s sample, not %s.", sha[:12], sm.Kind, b.Kind))
		}
	}
	return p.Err()
}
