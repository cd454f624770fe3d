package nsor

import (
	"nsor/match"
	"slices"
)

// Identifies checks R7 (docs/rules.md#r7): a "record found" needs a strong identifier, never
// a name alone. It returns nil when acc is identified with rec on basis:
//
//   - cnic: the FIR gives the suspect's CNIC, it equals the record's, and the
//     names are compatible. A CNIC one digit off is a lead, not an identifier.
//   - name_parentage_dob: the name, the parentage name and a full date of
//     birth that is not a placeholder (a year alone, 1 January) all agree.
//   - biometric: an examiner's recorded comparison c with one of the record's
//     biometric references, concluding identification, and for DNA with its
//     confirmation sample (docs/rules.md#r33; ComparisonBasis checks that c
//     is this suspect's and that its examiner is not the one answering).
func Identifies(acc *Accused, rec *OffenderRecord, basis Basis, c *Comparison) error {
	if acc == nil {
		return Invalid("suspect_id", "answer.suspect_unknown", "No such suspect.")
	}
	switch basis {
	case BasisCNIC:
		return identifiesByCNIC(acc, rec)
	case BasisNameParentDOB:
		return identifiesByParticulars(acc, rec)
	case BasisBiometric:
		return identifiesByComparison(rec, c)
	}
	return Invalid("basis", "answer.basis_required",
		"A record found rests on a strong identifier: basis cnic, name_parentage_dob or biometric. A name alone never identifies anyone.")
}

func identifiesByComparison(rec *OffenderRecord, c *Comparison) error {
	switch {
	case c == nil:
		return weak("comparison_id", "A biometric basis names the examiner's recorded comparison; a search's candidate is a lead, not an identification.")
	case !slices.ContainsFunc(rec.Biometrics, func(b Biometric) bool { return b.Kind == c.Kind && b.Reference == c.RecordRef }):
		return weak("comparison_id", "The comparison is not with one of the record's biometric references.")
	case c.Conclusion != ConclusionIdentification:
		return weak("comparison_id", "The examiner's conclusion was "+string(c.Conclusion)+", not identification.")
	case c.Kind == BiometricDNA && c.ConfirmationSample == "":
		return weak("comparison_id", "A DNA hit is released only after a confirmation sample from the suspect has been typed and recorded.")
	}
	return nil
}

func identifiesByCNIC(acc *Accused, rec *OffenderRecord) error {
	switch {
	case acc.CNIC == "" || rec.CNIC == "":
		return weak("basis", "The FIR or the record has no CNIC, so the CNIC cannot be the basis.")
	case DigitsApart(acc.CNIC, rec.CNIC) == 1:
		return weak("basis", "The CNICs are one digit apart: that is a lead, not an identifier. Ask for more identifiers (possible match).")
	case acc.CNIC != rec.CNIC:
		return weak("basis", "The suspect's CNIC is not the record's.")
	case !NameMatchesRecord(acc.Name, rec, match.NamesCompatible):
		return weak("basis", "The CNIC agrees but the names are not compatible; check for a mis-entered CNIC.")
	}
	return nil
}

func identifiesByParticulars(acc *Accused, rec *OffenderRecord) error {
	sameKey := func(a, b string) bool { return match.NameKey(a) == match.NameKey(b) }
	switch {
	case !NameMatchesRecord(acc.Name, rec, sameKey):
		return weak("basis", "The suspect's name is not the record's name or one of its aliases.")
	case acc.Parentage == nil || !slices.ContainsFunc(rec.Parentage, func(p Parentage) bool { return sameKey(p.Name, acc.Parentage.Name) }):
		return weak("basis", "The parentage does not agree with the record's.")
	case acc.DOB.Placeholder() || rec.DOB.Placeholder():
		return weak("basis", "A year alone, or 1 January, is a placeholder and no evidence of identity; a full date of birth is needed.")
	case acc.DOB != rec.DOB:
		return weak("basis", "The dates of birth differ.")
	}
	return nil
}

// NameMatchesRecord reports whether name agrees, by same, with the record's
// name or any alias.
func NameMatchesRecord(name string, rec *OffenderRecord, same func(a, b string) bool) bool {
	if same(name, rec.Name) {
		return true
	}
	return slices.ContainsFunc(rec.Aliases, func(al string) bool { return same(name, al) })
}

func weak(field, msg string) error {
	return Invalid(field, "answer.identification_insufficient", msg)
}

// Band is how strongly a candidate matches a suspect.
type Band string

// The bands shown to analysts (docs/rules.md#r25, docs/identity.md).
const (
	BandLikely   Band = "likely"   // a strong identifier agrees
	BandPossible Band = "possible" // something agrees; needs review and more identifiers
	BandNoMatch  Band = "no_match"
)

// Agreement explains one field of a candidate: how it compared and what it
// contributed.
type Agreement struct {
	Field   string  `json:"field"`
	Result  string  `json:"result"` // exact, compatible, one_digit_apart, year_only, differs, missing
	Weight  string  `json:"weight"` // strong, supporting, weak, none, against
	Points  float64 `json:"points"` // the matching engine's log2 likelihood ratio; a candidate's add up to its score
	Explain string  `json:"explain"`
}

// Candidate is a register record found for a suspect, with why.
type Candidate struct {
	RecordID int64          `json:"record_id"`
	Band     Band           `json:"band"`
	Score    float64        `json:"score"` // the engine's score, the sum of the points of Why; 0 for an exact lookup's
	Why      []Agreement    `json:"why"`
	Record   OffenderRecord `json:"record"`
	Serial   bool           `json:"serial_offender"`
	Status   RecordStatus   `json:"status"`
	Version  int            `json:"version"`
}

// Explain compares a suspect with a register record, field by field, and
// bands the result. It is the exact-lookup explanation; the identity
// matching work replaces it with weighted evidence.
func Explain(acc *Accused, o *Offender) Candidate {
	rec := &o.Record
	c := Candidate{RecordID: o.ID, Record: o.Record, Serial: rec.Serial(), Status: o.Status, Version: o.CurrentVersion}
	cnic := explainCNIC(acc, rec)
	name := explainName(acc, rec)
	parent, dob := explainParentage(acc, rec), explainDOB(acc, rec)
	c.Why = []Agreement{cnic, name, parent, dob}
	switch {
	case Identifies(acc, rec, BasisCNIC, nil) == nil, Identifies(acc, rec, BasisNameParentDOB, nil) == nil:
		c.Band = BandLikely
	case cnic.Result != "differs" && cnic.Result != "missing", name.Result != "differs":
		c.Band = BandPossible
	default:
		c.Band = BandNoMatch
	}
	return c
}

func explainCNIC(acc *Accused, rec *OffenderRecord) Agreement {
	a := Agreement{Field: "cnic"}
	switch d := DigitsApart(acc.CNIC, rec.CNIC); {
	case d < 0:
		a.Result, a.Weight, a.Explain = "missing", "none", "The FIR or the record has no CNIC."
	case d == 0:
		a.Result, a.Weight, a.Explain = "exact", "strong", "The CNICs are identical."
	case d == 1:
		a.Result, a.Weight, a.Explain = "one_digit_apart", "weak", "The CNICs differ in one digit: a lead, not an identifier."
	default:
		a.Result, a.Weight, a.Explain = "differs", "against", "The CNICs differ."
	}
	return a
}

func explainName(acc *Accused, rec *OffenderRecord) Agreement {
	a := Agreement{Field: "name"}
	switch {
	case NameMatchesRecord(acc.Name, rec, func(x, y string) bool { return match.NameKey(x) == match.NameKey(y) }):
		a.Result, a.Weight, a.Explain = "exact", "supporting", "The names agree (spelling variants folded). A name alone never identifies."
	case NameMatchesRecord(acc.Name, rec, match.NamesCompatible):
		a.Result, a.Weight, a.Explain = "compatible", "weak", "The names share their distinctive parts."
	default:
		a.Result, a.Weight, a.Explain = "differs", "against", "The names differ."
	}
	return a
}

func explainParentage(acc *Accused, rec *OffenderRecord) Agreement {
	a := Agreement{Field: "parentage", Result: "missing", Weight: "none", Explain: "No parentage to compare."}
	if acc.Parentage == nil || len(rec.Parentage) == 0 {
		return a
	}
	for _, p := range rec.Parentage {
		if match.NameKey(p.Name) == match.NameKey(acc.Parentage.Name) {
			return Agreement{Field: "parentage", Result: "exact", Weight: "supporting", Explain: "The parentage names agree."}
		}
	}
	return Agreement{Field: "parentage", Result: "differs", Weight: "against", Explain: "The parentage names differ."}
}

func explainDOB(acc *Accused, rec *OffenderRecord) Agreement {
	a := Agreement{Field: "date_of_birth", Result: "missing", Weight: "none", Explain: "No date of birth to compare."}
	switch {
	case acc.DOB == "" || rec.DOB == "":
	case acc.DOB == rec.DOB && !acc.DOB.Placeholder():
		a.Result, a.Weight, a.Explain = "exact", "supporting", "The full dates of birth agree."
	case acc.DOB.Year() == rec.DOB.Year():
		a.Result, a.Weight, a.Explain = "year_only", "weak", "Only the year of birth agrees (or a date is a placeholder)."
	default:
		a.Result, a.Weight, a.Explain = "differs", "against", "The dates of birth differ."
	}
	return a
}
