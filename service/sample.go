package service

import (
	"context"
	"errors"

	"nsor"
)

// errSampleUnbuilt answers the sample acts whose behaviour is still being
// written behind these signatures.
var errSampleUnbuilt = nsor.Internalf(errors.New("not built yet"), "service: biometric samples")

// UploadSample stores a registrar's biometric sample after reading data
// strictly in the format named; what the data says (fingers, positions,
// qualities, loci, sample type) is kept in the sample's description, the
// bytes as the blob of the same SHA-256. The same bytes again are the same
// sample. Audited as "sample.upload".
func (s *Service) UploadSample(ctx context.Context, a *nsor.Actor, kind, format string, data []byte, meta nsor.SampleMeta) (*nsor.Sample, error) {
	return nil, errSampleUnbuilt
}

// Sample returns a stored sample's description to a registrar, audited
// with the purpose stated, as Record is.
func (s *Service) Sample(ctx context.Context, a *nsor.Actor, sha, purpose string) (*nsor.Sample, error) {
	return nil, errSampleUnbuilt
}

// SampleData returns a stored sample and its bytes to a registrar, audited
// with the purpose stated, as Record is. Anyone else is told NotFound.
func (s *Service) SampleData(ctx context.Context, a *nsor.Actor, sha, purpose string) (*nsor.Sample, []byte, error) {
	return nil, nil, errSampleUnbuilt
}

// RequestSampleData returns a sample and its bytes to the bureau analyst
// working a request: one of the request's attached samples, or a sample a
// record its searches showed names (docs/rules.md#r8). Audited with the
// request as its purpose; anyone else, or any other sample, is NotFound.
func (s *Service) RequestSampleData(ctx context.Context, a *nsor.Actor, requestID int64, sha string) (*nsor.Sample, []byte, error) {
	return nil, nil, errSampleUnbuilt
}

// AttachRequestSample stores a sample an investigating officer (or a
// co-investigator) attaches to a suspect of their draft or returned
// request: a tenprint (a fingerprint format) or a crime-scene DNA profile.
// Audited as "request.sample_attach".
func (s *Service) AttachRequestSample(ctx context.Context, a *nsor.Actor, requestID, suspectID int64, purpose, format string, data []byte, meta nsor.SampleMeta) (*nsor.RequestSample, error) {
	return nil, errSampleUnbuilt
}

// RequestSamples lists the samples attached to a request (kind, purpose,
// format, size, SHA-256; never the data) to whoever may view the request.
func (s *Service) RequestSamples(ctx context.Context, a *nsor.Actor, requestID int64) ([]*nsor.RequestSample, error) {
	return nil, errSampleUnbuilt
}
