package dna

import (
	"cmp"
	"context"
	"fmt"
	"sync"

	"nsor"
)

// RegisterIndex is the register's DNA profiles as nsor.DNASearcher: an Index
// whose profiles are each a register record's DNA reference, with the
// population tables a hit's statistics are taken from. The statistics are
// the most conservative of the tables (Conservative), and each candidate
// says which table and which θ they came from.
//
// Put replaces a record's profiles and Delete removes them, so that the
// index can follow the register (a record corrected, removed or no longer
// active); a removed profile is left out of every result and of the
// database size at once, and dropped from the Index when it is rebuilt
// (once removed profiles outnumber the live ones). Its methods may be
// called concurrently.
type RegisterIndex struct {
	mu      sync.Mutex // the Index is not safe for Add beside Search
	ix      *Index
	records []recordRef
	byID    map[int64][]int // record ID -> its positions in records
	dead    int
	tables  []*Table
	opts    Options
}

type recordRef struct {
	id      int64 // 0 once removed
	ref     string
	profile *Profile
}

// NewRegisterIndex returns an empty register index whose statistics use
// tables and o.
func NewRegisterIndex(tables []*Table, o Options) *RegisterIndex {
	return &RegisterIndex{ix: NewIndex(), byID: map[int64][]int{}, tables: tables, opts: o}
}

// Add adds the profile p of register record id under its biometric
// reference ref, beside any the record has.
func (ri *RegisterIndex) Add(id int64, ref string, p *Profile) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.add(id, ref, p)
}

func (ri *RegisterIndex) add(id int64, ref string, p *Profile) {
	ri.ix.Add(p)
	ri.byID[id] = append(ri.byID[id], len(ri.records))
	ri.records = append(ri.records, recordRef{id, ref, p})
}

// RegisterProfile is one profile of a record, under its biometric
// reference.
type RegisterProfile struct {
	Ref     string
	Profile *Profile
}

// Put holds ps as record id's profiles, replacing what it had; no profile
// removes the record.
func (ri *RegisterIndex) Put(id int64, ps []RegisterProfile) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.drop(id)
	for _, p := range ps {
		ri.add(id, p.Ref, p.Profile)
	}
	ri.compact()
}

// Delete removes record id's profiles.
func (ri *RegisterIndex) Delete(id int64) { ri.Put(id, nil) }

// Len is the number of profiles held: the database size of the
// statistics.
func (ri *RegisterIndex) Len() int {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return len(ri.records) - ri.dead
}

func (ri *RegisterIndex) drop(id int64) {
	for _, i := range ri.byID[id] {
		ri.records[i].id = 0
		ri.dead++
	}
	delete(ri.byID, id)
}

// compact rebuilds the Index from the live profiles once removed ones
// outnumber them.
func (ri *RegisterIndex) compact() {
	if ri.dead < 64 || ri.dead <= len(ri.records)-ri.dead {
		return
	}
	old := ri.records
	ri.ix, ri.records, ri.byID, ri.dead = NewIndex(), nil, map[int64][]int{}, 0
	for _, r := range old {
		if r.id != 0 {
			ri.add(r.id, r.ref, r.profile)
		}
	}
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
	ri.mu.Lock()
	defer ri.mu.Unlock()
	hits, err := ri.ix.Search(Query{Probe: p, Stringency: Stringency(pr.Stringency), MinLoci: pr.MinLoci, Mismatch: pr.Mismatch})
	if err != nil {
		return nil, AsProblem(err)
	}
	size := len(ri.records) - ri.dead
	stats := "a mixture: no single-source random match probability"
	if !p.Mixture() {
		r, err := Conservative(p, ri.tables, ri.opts)
		if err != nil {
			return nil, AsProblem(err)
		}
		stats = fmt.Sprintf("random match probability %s (NRC II %s, θ = %v, table %s, %d loci); expected chance matches in %d profiles: %.3g",
			OneIn(r.Log10), ri.opts.Formula, ri.opts.Theta, r.Population, len(r.Loci), size, pow10(DatabaseLog10(size, r.Log10)))
	}
	out := make([]nsor.BiometricCandidate, 0, len(hits))
	for _, h := range hits {
		rr := ri.records[h.Index]
		if rr.id == 0 {
			continue // removed
		}
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

// BiometricKind says the index holds DNA profiles (nsor.BiometricIndex).
func (ri *RegisterIndex) BiometricKind() string { return nsor.BiometricDNA }

// PutRecord holds the record's stored DNA profiles (nsor.BiometricIndex),
// each read by ReadStored, replacing what it had. A profile that cannot be
// read is refused (the others are held).
func (ri *RegisterIndex) PutRecord(id int64, samples []nsor.StoredBiometric) error {
	var ps []RegisterProfile
	var first error
	for _, s := range samples {
		p, err := ReadStored(s.Ref, s.Format, s.Data)
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		ps = append(ps, RegisterProfile{Ref: s.Ref, Profile: p})
	}
	ri.Put(id, ps)
	return first
}
