package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"nsor"
	"nsor/demo"
	"nsor/dna"
	"nsor/fingerprint"
	"nsor/fingerprint/afis"
)

// fpRegister is the register's fingerprint index as the service takes it
// (nsor.FingerprintSearcher and nsor.BiometricIndex): afis.RegisterIndex,
// which reads every format ReadFingers reads, under the domain's types. The
// fingerprint packages know nothing of the domain, so the two meet here.
type fpRegister struct {
	ri *afis.RegisterIndex
}

// newFPRegister is an empty index whose candidates are at or below the
// fused false-match rate docs/fingerprints.md states (1 in 10,000).
func newFPRegister() *fpRegister { return &fpRegister{ri: afis.NewRegisterIndex(1e-4)} }

// BiometricKind says the index holds fingerprints.
func (f *fpRegister) BiometricKind() string { return nsor.BiometricFingerprint }

// PutRecord holds the fingers of the record's stored fingerprint samples,
// replacing what it had. The fingers of all its samples are held together,
// one per position (the first sample's finger when two give the same
// position); a sample that cannot be read is refused and the others held.
func (f *fpRegister) PutRecord(id int64, samples []nsor.StoredBiometric) error {
	var fingers []afis.Finger
	var refs []string
	var first error
	seen := map[fingerprint.Position]bool{}
	for _, s := range samples {
		fs, err := readStored(s)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("record %d sample %s: %w", id, s.Ref, err)
			}
			continue
		}
		for _, x := range fs {
			if p := x.Template.Position; p >= 1 && p <= 10 && !seen[p] {
				seen[p] = true
				fingers = append(fingers, x)
			}
		}
		refs = append(refs, s.Ref)
	}
	if len(fingers) == 0 {
		f.ri.Delete(id)
		return first
	}
	if err := f.ri.Put(id, strings.Join(refs, " "), fingers); err != nil {
		return err
	}
	return first
}

// readStored reads a stored sample's fingers: from what was derived and
// kept (Derive) when there is that, else from its bytes; kept fingers that
// cannot be read are read from the bytes again. A file of one finger that
// does not say which takes the position its uploader stated.
func readStored(s nsor.StoredBiometric) ([]afis.Finger, error) {
	fs, err := afis.DecodeFingers(s.Derived)
	if s.Derived == nil || err != nil {
		if fs, err = afis.ReadFingers(s.Data, s.PPI); err != nil {
			return nil, err
		}
	}
	if len(fs) == 1 && fs[0].Template.Position == 0 && s.Position >= 1 && s.Position <= 10 {
		fs[0].Template.Position = fingerprint.Position(s.Position)
	}
	return fs, nil
}

// Derivation is the extractor's version (nsor.Deriver): fingers kept under
// another are extracted again.
func (f *fpRegister) Derivation() string { return afis.ExtractorVersion }

// Derive reads a sample's fingers and gives them encoded when some were
// extracted from an image (nsor.Deriver); a template's are nothing to keep.
func (f *fpRegister) Derive(s nsor.StoredBiometric) ([]byte, error) {
	fs, err := afis.ReadFingers(s.Data, s.PPI)
	if err != nil || !afis.NeedsExtraction(fs) {
		return nil, err
	}
	return afis.EncodeFingers(fs)
}

// SearchFingerprints reads the probe's fingers (each file in any format
// ReadFingers reads; a file of one finger takes the position the probe
// gives it) and searches the register: the records at the stated fused
// false-match rate, each explained finger by finger.
func (f *fpRegister) SearchFingerprints(_ context.Context, p nsor.FingerprintProbe) ([]nsor.BiometricCandidate, error) {
	var probe []afis.Finger
	for i, pf := range p.Fingers {
		fs, err := readStored(nsor.StoredBiometric{Data: pf.Data, PPI: pf.PPI, Derived: pf.Derived})
		if err != nil {
			return nil, nsor.Invalid(fmt.Sprintf("fingers.%d", i), afis.CodeOf(err), "Finger "+fmt.Sprint(i+1)+": "+strings.TrimPrefix(err.Error(), "afis: ")+".")
		}
		if len(fs) == 1 && pf.Position != 0 {
			fs[0].Template.Position = fingerprint.Position(pf.Position)
		}
		probe = append(probe, fs...)
	}
	cs, err := f.ri.Search(probe)
	if err != nil {
		if code := afis.CodeOf(err); code != "" {
			return nil, nsor.Invalid("fingers", code, strings.TrimPrefix(err.Error(), "afis: ")+".")
		}
		return nil, err
	}
	out := make([]nsor.BiometricCandidate, len(cs))
	for i, c := range cs {
		out[i] = nsor.BiometricCandidate{RecordID: c.RecordID, Kind: nsor.BiometricFingerprint, RecordRef: firstRef(c.Ref),
			Score: c.Score, Explain: explainFingers(c, f.ri.TargetFMR())}
	}
	return out, nil
}

// firstRef is the first of a record's sample references (the one an
// examiner names in a comparison).
func firstRef(refs string) string {
	r, _, _ := strings.Cut(refs, " ")
	return r
}

// explainFingers says which fingers agreed, with their scores and rates, the
// fused rate against the threshold, and the calibration.
func explainFingers(c afis.RegisterCandidate, target float64) string {
	var b strings.Builder
	for i, f := range c.Fingers {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "finger %d (%s) score %.1f, false-match rate %.2g", f.Position, positionName(f.Position), f.Score, f.FMR)
	}
	fmt.Fprintf(&b, ". Fused false-match rate %.2g over %d fingers (Fisher's method), at or below the threshold of %g; calibration: %s. A lead for an examiner, not an identification.",
		c.FusedFMR, len(c.Fingers), target, c.Calibration)
	return b.String()
}

// biometricIndexes are the register's biometric indexes serve gives the
// service: the fingerprint index always (it needs no data of its own), the
// DNA index when there are allele frequencies for its statistics (the file
// freqs names, every table in it, the most conservative taken; with --demo
// and no file, the demo's synthetic table, whose population "SYN" each
// candidate names).
func biometricIndexes(freqs string, demoData bool) (nsor.DNASearcher, nsor.FingerprintSearcher, error) {
	var tables map[string]*dna.Table
	var err error
	switch {
	case freqs != "":
		if tables, err = readFile(freqs, dna.ReadFrequencies); err != nil {
			return nil, nil, fmt.Errorf("--dna-frequencies: %w", err)
		}
	case demoData:
		if tables, err = dna.ReadFrequencies(strings.NewReader(demo.SyntheticFrequencies)); err != nil {
			return nil, nil, err
		}
	default:
		return nil, newFPRegister(), nil
	}
	names := slices.Sorted(maps.Keys(tables))
	ts := make([]*dna.Table, len(names))
	for i, n := range names {
		ts[i] = tables[n]
	}
	return dna.NewRegisterIndex(ts, dna.DefaultOptions()), newFPRegister(), nil
}
