package dna

import (
	"maps"
	"slices"
	"strings"
)

// SampleType is where a profile comes from.
type SampleType string

// The sample types: a reference sample is taken from a known person (an
// offender's buccal swab) and is single-source; a crime-scene sample is
// evidence and may be partial or a mixture.
const (
	Reference  SampleType = "reference"
	CrimeScene SampleType = "crime_scene"
)

// maxMixtureAlleles bounds the alleles at one locus: four contributors at
// most give eight; more is a typing error, not a profile.
const maxMixtureAlleles = 8

// Profile is one STR profile: the distinct alleles at each autosomal locus,
// sorted by length (one allele is a homozygote), and the sex and Y-STR
// markers kept apart.
type Profile struct {
	ID    string
	Type  SampleType
	Loci  map[Locus][]Allele
	Other map[Locus][]Allele // Amelogenin and Y-STRs: never in an RMP or a search
}

// NewProfile builds a profile from raw locus and allele strings, normalising
// both and refusing, all at once, every locus or allele that cannot be read,
// a locus given twice under two spellings, and a reference sample with more
// than two alleles at a locus (a reference is one person's).
func NewProfile(id string, typ SampleType, raw map[string][]string) (*Profile, error) {
	p := &Profile{ID: id, Type: typ, Loci: map[Locus][]Allele{}, Other: map[Locus][]Allele{}}
	var errs Errors
	if typ != Reference && typ != CrimeScene {
		errs = append(errs, errorf("dna.sample_type", "type", "sample type %q: write reference or crime_scene", typ))
	}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		if err := p.addLocus(name, raw[name]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(p.Loci) == 0 {
		errs = append(errs, errorf("dna.profile_empty", "loci", "profile %q has no autosomal locus typed", id))
	}
	if typ == Reference && p.Mixture() {
		errs = append(errs, errorf("dna.reference_mixture", "loci", "profile %q is a reference sample but has more than two alleles at a locus: a reference sample comes from one person", id))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

func (p *Profile) addLocus(name string, raw []string) *Error {
	l, err := ParseLocus(name)
	if err != nil {
		return err.(*Error)
	}
	set := []Allele{}
	for _, s := range raw {
		if strings.TrimSpace(s) == "" {
			continue // a column left empty: not typed
		}
		a, err := ParseAllele(s)
		if err != nil {
			e := err.(*Error)
			e.Field = string(l)
			return e
		}
		if (a == "X" || a == "Y") != (l == "Amelogenin") {
			return errorf("dna.allele_invalid", string(l), "allele %s does not belong at %s", a, l)
		}
		if !slices.Contains(set, a) {
			set = append(set, a)
		}
	}
	slices.SortFunc(set, compareAlleles)
	dst := p.Loci
	if !l.Autosomal() {
		dst = p.Other
	}
	switch _, dup := dst[l]; {
	case len(set) == 0:
		return nil
	case dup:
		return errorf("dna.locus_repeated", string(l), "locus %s is given twice (under two spellings)", l)
	case len(set) > maxMixtureAlleles:
		return errorf("dna.allele_count", string(l), "%d alleles at %s: more than four contributors is not a profile", len(set), l)
	}
	dst[l] = set
	return nil
}

// Mixture reports whether the profile has more than two alleles at some
// locus: more than one person's DNA.
func (p *Profile) Mixture() bool {
	for _, as := range p.Loci {
		if len(as) > 2 {
			return true
		}
	}
	return false
}

// Partial reports whether any of the CODIS 20 is missing from the profile.
func (p *Profile) Partial() bool {
	for _, l := range CODIS20 {
		if len(p.Loci[l]) == 0 {
			return true
		}
	}
	return false
}

// Errors is several refusals at once.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}
