package dna

import (
	"context"
	"fmt"

	"nsor"
)

// RegisterIndex is the register's DNA profiles as nsor.DNASearcher: an Index
// whose profiles are each a register record's DNA reference, with the
// population tables a hit's statistics are taken from. The statistics are
// the most conservative of the tables (Conservative), and each candidate
// says which table and which θ they came from.
type RegisterIndex struct {
	ix      *Index
	records []recordRef
	tables  []*Table
	opts    Options
}

type recordRef struct {
	id  int64
	ref string
}

// NewRegisterIndex returns an empty register index whose statistics use
// tables and o.
func NewRegisterIndex(tables []*Table, o Options) *RegisterIndex {
	return &RegisterIndex{ix: NewIndex(), tables: tables, opts: o}
}

// Add adds the profile p of register record id under its biometric
// reference ref.
func (ri *RegisterIndex) Add(id int64, ref string, p *Profile) {
	ri.ix.Add(p)
	ri.records = append(ri.records, recordRef{id, ref})
}

// SearchDNA runs the probe: it parses the profile (refusing what NewProfile
// refuses), searches at the probe's stringency, and explains each
// candidate with the probe's random match probability and the chance
// matches expected in a database of this size. A mixture has no RMP: its
// candidates say so.
func (ri *RegisterIndex) SearchDNA(_ context.Context, pr nsor.DNAProbe) ([]nsor.BiometricCandidate, error) {
	p, err := NewProfile("probe", SampleType(pr.Type), pr.Loci)
	if err != nil {
		return nil, AsProblem(err)
	}
	hits, err := ri.ix.Search(Query{Probe: p, Stringency: Stringency(pr.Stringency), MinLoci: pr.MinLoci, Mismatch: pr.Mismatch})
	if err != nil {
		return nil, AsProblem(err)
	}
	stats := "a mixture: no single-source random match probability"
	if !p.Mixture() {
		r, err := Conservative(p, ri.tables, ri.opts)
		if err != nil {
			return nil, AsProblem(err)
		}
		stats = fmt.Sprintf("random match probability %s (NRC II %s, θ = %v, table %s, %d loci); expected chance matches in %d profiles: %.3g",
			OneIn(r.Log10), ri.opts.Formula, ri.opts.Theta, r.Population, len(r.Loci), ri.ix.Len(), pow10(DatabaseLog10(ri.ix.Len(), r.Log10)))
	}
	out := make([]nsor.BiometricCandidate, 0, len(hits))
	for _, h := range hits {
		rr := ri.records[h.Index]
		why := fmt.Sprintf("%s stringency, %d loci shared", pr.Stringency, h.Shared)
		if h.Mismatch != "" {
			why += ", one allele differs at " + string(h.Mismatch)
		}
		out = append(out, nsor.BiometricCandidate{RecordID: rr.id, Kind: nsor.BiometricDNA, RecordRef: rr.ref,
			Score: float64(h.Shared), Explain: why + "; " + stats + ". A lead for an examiner, not an identification."})
	}
	return out, nil
}

// AsProblem turns the package's refusals into the register's (nsor.Invalid,
// with the same codes, listed in docs/errors.md), each field under
// "loci"; any other error is returned as it is.
func AsProblem(err error) error {
	var p nsor.Problems
	switch e := err.(type) {
	case *Error:
		p.Add(fieldOf(e), e.Code, e.Message)
	case Errors:
		for _, x := range e {
			p.Add(fieldOf(x), x.Code, x.Message)
		}
	default:
		return err
	}
	return p.Err()
}

func fieldOf(e *Error) string {
	switch e.Field {
	case "stringency", "min_loci", "type", "probe":
		return e.Field
	}
	return "loci." + e.Field
}
