package nsor

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The kinds of biometric a register record holds and an examiner compares.
const (
	BiometricFingerprint = "fingerprint"
	BiometricDNA         = "dna"
)

// Conclusion is an examiner's conclusion from a biometric comparison, in the
// three the fingerprint (ACE-V) and DNA laboratories report.
type Conclusion string

// The conclusions.
const (
	ConclusionIdentification Conclusion = "identification" // the same source
	ConclusionExclusion      Conclusion = "exclusion"      // not the same source
	ConclusionInconclusive   Conclusion = "inconclusive"   // neither can be said
)

// Comparison is an examiner's recorded comparison of a request's suspect
// with one biometric sample of a register record: who, when, which fingers
// or loci, and the conclusion (docs/rules.md#r33). A search's candidate is a
// lead; only a comparison concluding identification may be the basis of a
// record found, and a DNA database hit only once a confirmation sample has
// been typed.
type Comparison struct {
	ID         int64      `json:"id"`
	RequestID  int64      `json:"request_id"`
	SuspectID  int64      `json:"suspect_id"`
	RecordID   int64      `json:"record_id"`
	Kind       string     `json:"kind"`       // fingerprint or dna
	RecordRef  string     `json:"record_ref"` // the record's biometric reference compared
	Fingers    []int      `json:"fingers,omitempty"`
	Loci       []string   `json:"loci,omitempty"`
	Conclusion Conclusion `json:"conclusion"`
	Note       string     `json:"note,omitempty"`
	ExaminerID int64      `json:"examiner_id"`
	At         time.Time  `json:"at"`
	// ConfirmationSample is, for DNA, the laboratory reference of a fresh
	// reference sample taken from the suspect after the hit and typed again
	// with the same result; ConfirmedBy recorded it at ConfirmedAt.
	ConfirmationSample string    `json:"confirmation_sample,omitempty"`
	ConfirmedBy        int64     `json:"confirmed_by,omitempty"`
	ConfirmedAt        time.Time `json:"confirmed_at,omitzero"`
}

// ComparisonInput is what an examiner records.
type ComparisonInput struct {
	SuspectID  int64      `json:"suspect_id"`
	RecordID   int64      `json:"record_id"`
	Kind       string     `json:"kind"`
	RecordRef  string     `json:"record_ref" text:"line"` // a stored sample's reference is 71 characters
	Fingers    []int      `json:"fingers,omitempty"`
	Loci       []string   `json:"loci,omitempty"`
	Conclusion Conclusion `json:"conclusion"`
	Note       string     `json:"note,omitempty" text:"reason"`
}

// minIdentificationLoci is the fewest loci a DNA identification rests on:
// a partial profile of fewer loci is a lead, not an identification (the
// FBI's NDIS accepts forensic profiles of eight core loci at least).
const minIdentificationLoci = 8

// CheckComparison checks an examiner's comparison against the record it
// names: a known kind and conclusion; the record's biometric reference of
// that kind; the fingers compared (positions 1 to 10, ANSI/NIST-ITL Table 8,
// none twice) or the loci (none twice, at least eight for an
// identification). Every problem is named at once.
func CheckComparison(in *ComparisonInput, rec *OffenderRecord) error {
	var p Problems
	switch in.Kind {
	case BiometricFingerprint, BiometricDNA:
	default:
		p.Add("kind", "comparison.kind", "The kind is fingerprint or dna.")
	}
	switch in.Conclusion {
	case ConclusionIdentification, ConclusionExclusion, ConclusionInconclusive:
	default:
		p.Add("conclusion", "comparison.conclusion", "The conclusion is identification, exclusion or inconclusive.")
	}
	if !slices.ContainsFunc(rec.Biometrics, func(b Biometric) bool { return b.Kind == in.Kind && b.Reference == in.RecordRef }) {
		p.Add("record_ref", "comparison.record_ref", "Name the record's "+in.Kind+" reference that was compared.")
	}
	switch in.Kind {
	case BiometricFingerprint:
		checkFingers(in.Fingers, &p)
		if len(in.Loci) > 0 {
			p.Add("loci", "comparison.detail", "A fingerprint comparison names fingers, not loci.")
		}
	case BiometricDNA:
		checkLoci(in.Loci, in.Conclusion, &p)
		if len(in.Fingers) > 0 {
			p.Add("fingers", "comparison.detail", "A DNA comparison names loci, not fingers.")
		}
	}
	return p.Err()
}

func checkFingers(fs []int, p *Problems) {
	if len(fs) == 0 {
		p.Add("fingers", "comparison.detail", "Name the fingers compared (positions 1 right thumb to 10 left little).")
	}
	for i, f := range fs {
		if f < 1 || f > 10 || slices.Contains(fs[:i], f) {
			p.Add("fingers", "comparison.detail", "Finger positions are 1 (right thumb) to 10 (left little), each once.")
			return
		}
	}
}

func checkLoci(ls []string, c Conclusion, p *Problems) {
	for i, l := range ls {
		if strings.TrimSpace(l) == "" || len(l) > 16 || slices.Contains(ls[:i], l) {
			p.Add("loci", "comparison.detail", "Name each locus compared once (D3S1358, vWA, ...).")
			return
		}
	}
	if c == ConclusionIdentification && len(ls) < minIdentificationLoci {
		p.Add("loci", "comparison.detail", "A DNA identification rests on at least eight loci compared; fewer is a lead.")
	}
}

// ComparisonBasis checks R33 (docs/rules.md#r33) for an answer of record
// found on a biometric basis, beside Identifies (which checks what the
// comparison concluded): the comparison is of this request's suspect with
// this record, and the analyst who answers did not examine it (separation
// of duties: the examiner's conclusion is checked by a second person, and
// confirmed by a third, before it leaves the bureau).
func ComparisonBasis(c *Comparison, requestID, suspectID, recordID, answerer int64) error {
	switch {
	case c == nil || c.RequestID != requestID || c.SuspectID != suspectID:
		return weak("comparison_id", "A biometric basis names the examiner's recorded comparison of this suspect.")
	case c.RecordID != recordID:
		return weak("comparison_id", "The comparison named is with another register record.")
	case c.ExaminerID == answerer:
		return Separation("examined the biometric comparison for")
	}
	return nil
}

// MayExamine checks who may record a comparison or a confirmation sample for
// a request (docs/rules.md#r33): a bureau analyst in person, while the
// request is with the bureau (forwarded), who is not the analyst assigned to
// answer it, nor its filer or forwarder. Outside the bureau the request is
// not found (docs/rules.md#r12).
func MayExamine(a *Actor, r *Request) error {
	switch {
	case a == nil || a.User == nil || !a.User.Role.Bureau():
		return NotFound("request")
	case a.User.Role != RoleAnalyst:
		return Errorf(KindForbidden, "request.forbidden", "Only a bureau analyst records a biometric comparison.")
	case a.User.IsService():
		return Errorf(KindForbidden, "request.person_required", "A machine client's account may not record a comparison: an examiner does this in person.")
	case r.State != StateForwarded:
		return Errorf(KindConflict, "request.wrong_state", "A comparison is recorded while the request is with the bureau, before it is answered.")
	case a.ID() == r.AnalystID:
		return Separation("are the analyst answering")
	case a.ID() == r.FiledBy || a.ID() == r.ForwardedBy || a.ID() == r.IOUserID:
		return Separation("filed or forwarded")
	}
	return nil
}

// BiometricCandidate is a register record a biometric search found for a
// probe: a lead with its strength, never an identification
// (docs/rules.md#r33); an examiner's comparison decides.
type BiometricCandidate struct {
	RecordID  int64   `json:"record_id"`
	Kind      string  `json:"kind"`       // fingerprint or dna
	RecordRef string  `json:"record_ref"` // the record's biometric reference that was found
	Score     float64 `json:"score"`      // fingerprint: the matcher's score; DNA: the loci shared
	// Explain says, for an examiner, how the candidate agrees: for DNA the
	// stringency, the loci shared, any mismatch, the probe's random match
	// probability (its table and θ) and the expected chance matches in a
	// database of this size.
	Explain string `json:"explain"`
}

// DNAProbe is a DNA search of the register: the profile (locus to alleles,
// as the laboratory wrote them), the stringency (high, moderate, low), the
// fewest loci a candidate must share and whether one locus may differ by an
// allele.
type DNAProbe struct {
	Type       string              `json:"type"` // reference or crime_scene
	Loci       map[string][]string `json:"loci"`
	Stringency string              `json:"stringency"`
	MinLoci    int                 `json:"min_loci"`
	Mismatch   bool                `json:"mismatch,omitempty"`
}

// DNASearcher searches the register's DNA profiles; the package dna
// implements it (dna.RegisterIndex), and cmd/nsor gives it to the service.
type DNASearcher interface {
	SearchDNA(ctx context.Context, p DNAProbe) ([]BiometricCandidate, error)
}

// FingerprintProbe is a fingerprint search of the register: the suspect's
// fingers as captured (the format and bytes of each, with its position).
type FingerprintProbe struct {
	Fingers []ProbeFinger `json:"fingers"`
}

// ProbeFinger is one captured finger of a probe.
type ProbeFinger struct {
	Position int    `json:"position"` // 1 right thumb ... 10 left little; 0 unknown
	Format   string `json:"format"`   // iso-19794-2-2005, ansi-378-2004, png, wsq, ...
	Data     []byte `json:"data"`
	PPI      int    `json:"ppi,omitempty"` // an image's resolution when its file states none
	// Derived is what the fingerprint index derived and the store kept
	// from an attached sample (StoredBiometric.Derived); never taken from a
	// caller, who sends the data itself.
	Derived []byte `json:"-"`
}

// FingerprintSearcher searches the register's fingerprints, first stage and
// re-ranking, and returns ranked candidates with scores; the fingerprint
// matcher implements it.
type FingerprintSearcher interface {
	SearchFingerprints(ctx context.Context, p FingerprintProbe) ([]BiometricCandidate, error)
}
