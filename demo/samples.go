package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"

	"nsor"
	"nsor/fingerprint"
	"nsor/fingerprint/synth"
)

// The register records that carry stored biometric samples: the strong
// records, whose people the FIRs name, so that the forwarded case's first
// suspect (record 2) has a fingerprint and a DNA mate in the register.
const sampleRecords = strongCount

// The forwarded case's suspect whose tenprint and crime-scene profile the
// officer attaches: record 2's person (docs/biometric-samples.md).
const (
	probeRecord   = 2
	crimeSceneLoc = 12 // the loci a crime-scene stain gives
)

// recordSamples are one record's synthetic tenprint and DNA profile, kept
// so that the probes attached to a request can be drawn from them.
type recordSamples struct {
	tenprint []fingerprint.Template
	profile  map[string][]string
}

// sampleRand is record i's own random stream for its samples, apart from
// the seeder's, so that adding samples draws nothing from the rest of the
// demo's world.
func sampleRand(i int) *rand.Rand { return rand.New(rand.NewPCG(uint64(i)+1, 0x5eed)) }

// errNoSamples: the service reads no samples (a test's service built
// without a sample reader); the demo's world then has none.
var errNoSamples = errors.New("demo: the service reads no biometric samples")

// storeSamples uploads record i's synthetic tenprint (an ISO/IEC
// 19794-2:2005 record) and reference DNA profile as registrar1 and names
// them in the record's biometrics, which the checker then approves with the
// record.
func (s *seeder) storeSamples(i int, in *nsor.RecordInput) error {
	rnd := sampleRand(i)
	rs := &recordSamples{tenprint: synth.Tenprint(rnd), profile: SyntheticProfile(rnd)}
	fp, err := synth.Record(rs.tenprint)
	if err != nil {
		return fmt.Errorf("demo: tenprint of record %d: %w", i, err)
	}
	maker := s.actor("registrar1")
	for _, up := range []struct {
		kind, format, provenance string
		data                     []byte
	}{
		{nsor.BiometricFingerprint, nsor.FormatISO2005, "Tenprint taken at conviction, PFSA (synthetic)", fp},
		{nsor.BiometricDNA, nsor.FormatDNAProfile, "Reference sample typed at conviction, PFSA DNA unit (synthetic)", profileJSON("reference", rs.profile)},
	} {
		sm, err := s.svc.UploadSample(s.ctx, maker, up.kind, up.format, up.data, nsor.SampleMeta{})
		if nsor.ErrorCode(err) == "sample.unavailable" {
			return errNoSamples
		} else if err != nil {
			return fmt.Errorf("demo: upload %s of record %d: %w", up.kind, i, describe(err))
		}
		in.Biometrics = append(in.Biometrics, nsor.Biometric{Kind: up.kind, Reference: nsor.SampleRef(sm.SHA256), Provenance: up.provenance})
	}
	s.samples[i] = rs
	return nil
}

// attachProbes attaches to the forwarded case's request, before it is
// submitted, its first suspect's tenprint (another impression of record 2's
// fingers) and a crime-scene profile (record 2's profile at fewer loci), as
// the officer would from the forensic laboratory's reports.
func (f *flow) attachProbes() *flow {
	rs := f.s.samples[probeRecord]
	if f.err != nil || rs == nil {
		return f
	}
	rnd := sampleRand(1000 + probeRecord)
	fingers := make([]fingerprint.Template, len(rs.tenprint))
	for i, t := range rs.tenprint {
		fingers[i] = synth.Impression(rnd, t)
	}
	fp, err := synth.Record(fingers)
	if err != nil {
		f.err = fmt.Errorf("demo: probe tenprint: %w", err)
		return f
	}
	suspect := f.c.fir.Accused[0].ID
	io := f.s.actor(f.c.io)
	for _, at := range []struct {
		purpose, format string
		data            []byte
	}{
		{"tenprint", nsor.FormatISO2005, fp},
		{"crime_scene", nsor.FormatDNAProfile, profileJSON("crime_scene", CrimeScene(rs.profile, crimeSceneLoc))},
	} {
		if _, err := f.s.svc.AttachRequestSample(f.s.ctx, io, f.r.ID, suspect, at.purpose, at.format, at.data, nsor.SampleMeta{}); err != nil {
			f.err = fmt.Errorf("demo: attach %s to %s: %w", at.purpose, f.r.Ref, describe(err))
			return f
		}
	}
	// Attaching moves the request's version on.
	v, err := f.s.svc.Request(f.s.ctx, io, f.r.ID)
	if err != nil {
		f.err = err
		return f
	}
	f.r.Version = v.Version
	return f
}

// profileJSON is a DNA profile as a stored sample of format dna-profile.
func profileJSON(typ string, loci map[string][]string) []byte {
	b, _ := json.Marshal(struct {
		Type string              `json:"type"`
		Loci map[string][]string `json:"loci"`
	}{typ, loci})
	return b
}
