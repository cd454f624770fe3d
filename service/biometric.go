package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"nsor"
	"nsor/auditrec"
)

// RecordComparison records an examiner's comparison of a request's suspect
// with a biometric sample of a register record that a search for that
// suspect showed: which fingers or loci, and the conclusion. The examiner is
// a bureau analyst other than the one assigned to answer (docs/rules.md#r33);
// the record stays within the request's reach (docs/rules.md#r8). The act is
// audited with the request as its purpose, like a register search.
func (s *Service) RecordComparison(ctx context.Context, a *nsor.Actor, reqID int64, in nsor.ComparisonInput) (*nsor.Comparison, error) {
	var c *nsor.Comparison
	err := s.do(ctx, a, "biometric.compare", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = object("record", in.RecordID), reqID, object("request", reqID)
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		if err := nsor.CheckFields(in); err != nil {
			return err
		}
		r, err := tx.Request(reqID)
		if err != nil {
			return err
		}
		if err := nsor.MayExamine(a, r); err != nil {
			return err
		}
		if !slices.ContainsFunc(r.Suspects, func(sp nsor.Suspect) bool { return sp.ID == in.SuspectID }) {
			return nsor.Invalid("suspect_id", "answer.suspect_unknown", "No such suspect in this request.")
		}
		hits, err := tx.SearchHits(r.ID)
		if err != nil {
			return err
		}
		if !nsor.SearchedFor(hits, in.SuspectID, in.RecordID) {
			return nsor.NotFound("record")
		}
		o, err := activeRecord(tx, in.RecordID, "")
		if err != nil {
			return err
		}
		if err := nsor.CheckComparison(&in, &o.Record); err != nil {
			return err
		}
		c = &nsor.Comparison{RequestID: r.ID, SuspectID: in.SuspectID, RecordID: o.ID, Kind: in.Kind, RecordRef: in.RecordRef,
			Fingers: in.Fingers, Loci: in.Loci, Conclusion: in.Conclusion, Note: strings.TrimSpace(in.Note),
			ExaminerID: a.ID(), At: s.now()}
		if err := tx.AddComparison(c); err != nil {
			return err
		}
		detail(rec, "comparison", fmt.Sprintf("%d %s %s %s", c.ID, c.Kind, c.RecordRef, c.Conclusion))
		return nil
	})
	return c, err
}

// maxSampleRef bounds a laboratory's sample reference.
const maxSampleRef = 64

// RecordConfirmationSample records, for a DNA comparison that concluded
// identification, the laboratory reference of the fresh reference sample
// taken from the suspect after the hit and typed with the same result:
// without it a DNA hit is never released (docs/rules.md#r33). Recorded once,
// by a bureau analyst other than the one answering, audited with the
// request as its purpose.
func (s *Service) RecordConfirmationSample(ctx context.Context, a *nsor.Actor, comparisonID int64, sample string) (*nsor.Comparison, error) {
	var c *nsor.Comparison
	err := s.do(ctx, a, "biometric.confirmation_sample", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("comparison", comparisonID)
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		var err error
		if c, err = tx.Comparison(comparisonID); err != nil {
			return err
		}
		rec.RequestID, rec.Purpose = c.RequestID, object("request", c.RequestID)
		r, err := tx.Request(c.RequestID)
		if err != nil {
			return err
		}
		if err := nsor.MayExamine(a, r); err != nil {
			return err
		}
		sample = strings.TrimSpace(sample)
		switch {
		case c.Kind != nsor.BiometricDNA || c.Conclusion != nsor.ConclusionIdentification:
			return nsor.Invalid("comparison_id", "comparison.kind", "A confirmation sample follows a DNA comparison that concluded identification.")
		case sample == "" || len(sample) > maxSampleRef || strings.ContainsFunc(sample, func(r rune) bool { return r < ' ' }):
			return nsor.Invalid("sample", "comparison.sample", "Give the laboratory's reference of the confirmation sample (at most 64 characters).")
		}
		c.ConfirmationSample, c.ConfirmedBy, c.ConfirmedAt = sample, a.ID(), s.now()
		if err := tx.ConfirmComparison(c); err != nil {
			return err
		}
		detail(rec, "confirmation_sample", sample)
		return nil
	})
	return c, err
}

// notExaminer: the analyst who confirms a record found on a biometric basis
// did not examine the comparison it rests on (docs/rules.md#r33).
func notExaminer(tx nsor.Tx, a *nsor.Actor, r *nsor.Request) error {
	for _, sp := range r.Suspects {
		if sp.ComparisonID == 0 {
			continue
		}
		c, err := tx.Comparison(sp.ComparisonID)
		if err != nil {
			return err
		}
		if c.ExaminerID == a.ID() {
			return nsor.Separation("examined the biometric comparison for")
		}
	}
	return nil
}

// SearchDNA searches the register's DNA profiles for one suspect of a
// forwarded request, with a crime-scene profile or the suspect's reference
// profile, by the analyst assigned (as a register search, docs/rules.md#r8).
// The candidates are leads with their statistics, beside the name
// candidates, never an identification (docs/rules.md#r33); the records
// shown are kept with the request as within its reach, and the search is
// recorded with the request as its purpose. A probe without loci is the
// crime-scene profile the officer attached to the request for the suspect
// (AttachedProbe). Without a configured DNA index it is refused
// (biometric.unavailable).
func (s *Service) SearchDNA(ctx context.Context, a *nsor.Actor, reqID, suspectID int64, p nsor.DNAProbe) ([]nsor.BiometricCandidate, error) {
	return s.searchBiometric(ctx, a, reqID, suspectID, nsor.BiometricDNA, func(tx nsor.Tx, r *nsor.Request, rec *auditrec.Record) ([]nsor.BiometricCandidate, error) {
		if s.dna == nil {
			return nil, errNoIndex(nsor.BiometricDNA)
		}
		if len(p.Loci) == 0 {
			sb, err := s.attachedProbe(tx, r, suspectID, nsor.BiometricDNA, nil)
			if err != nil {
				return nil, err
			}
			if p.Type, p.Loci, err = dnaProbeOf(sb); err != nil {
				return nil, err
			}
			detail(rec, "probe", sb.Ref)
		}
		detail(rec, "stringency", p.Stringency)
		return s.dna.SearchDNA(ctx, p)
	})
}

// SearchFingerprints searches the register's fingerprints for one suspect
// of a forwarded request with the suspect's tenprint, by the analyst
// assigned, as SearchDNA does: the candidates are leads at the stated
// false-match rate with each finger's score, never an identification
// (docs/rules.md#r33), kept as within the request's reach, and the search
// is recorded with the request as its purpose. A probe without fingers is
// the tenprint the officer attached to the request for the suspect. Without
// a configured fingerprint index it is refused (biometric.unavailable).
func (s *Service) SearchFingerprints(ctx context.Context, a *nsor.Actor, reqID, suspectID int64, p nsor.FingerprintProbe) ([]nsor.BiometricCandidate, error) {
	return s.searchBiometric(ctx, a, reqID, suspectID, nsor.BiometricFingerprint, func(tx nsor.Tx, r *nsor.Request, rec *auditrec.Record) ([]nsor.BiometricCandidate, error) {
		if s.fp == nil {
			return nil, errNoIndex(nsor.BiometricFingerprint)
		}
		if len(p.Fingers) == 0 {
			d, _ := s.fp.(nsor.Deriver)
			sb, err := s.attachedProbe(tx, r, suspectID, nsor.BiometricFingerprint, d)
			if err != nil {
				return nil, err
			}
			if x, ok := s.fp.(nsor.BiometricIndex); ok {
				*sb = s.deriveStored(x, *sb)
			}
			p.Fingers = []nsor.ProbeFinger{{Position: sb.Position, Format: sb.Format, Data: sb.Data, PPI: sb.PPI, Derived: sb.Derived}}
			detail(rec, "probe", sb.Ref)
		}
		detail(rec, "fingers", len(p.Fingers))
		return s.fp.SearchFingerprints(ctx, p)
	})
}

// searchBiometric is a biometric search of the register for one suspect of
// a request: the assigned analyst's (as a register search), audited with
// the request as its purpose; the index catches up with the register first,
// a candidate no longer active is left out, and the records shown are kept
// with the request as within its reach.
func (s *Service) searchBiometric(ctx context.Context, a *nsor.Actor, reqID, suspectID int64, kind string,
	search func(tx nsor.Tx, r *nsor.Request, rec *auditrec.Record) ([]nsor.BiometricCandidate, error)) ([]nsor.BiometricCandidate, error) {
	var out []nsor.BiometricCandidate
	err := s.do(ctx, a, "biometric.search", func(tx nsor.Tx, rec *auditrec.Record) error {
		out = nil
		rec.Object, rec.RequestID, rec.Purpose = object("request", reqID), reqID, object("request", reqID)
		r, err := s.load(tx, a, reqID, nsor.ActSearch)
		if err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		if _, err := suspectOf(tx, r, suspectID); err != nil {
			return err
		}
		detail(rec, "suspect", suspectID)
		detail(rec, "kind", kind)
		if err := s.catchUpBiometric(tx); err != nil {
			return err
		}
		cs, err := search(tx, r, rec)
		if err != nil {
			return err
		}
		for _, c := range cs {
			o, err := tx.Offender(c.RecordID)
			if nsor.KindOf(err) == nsor.KindNotFound || (err == nil && o.Status != nsor.RecordActive) {
				continue // pending or removed since the index saw it
			} else if err != nil {
				return err
			}
			out = append(out, c)
		}
		ids := make([]int64, len(out))
		for i, c := range out {
			ids[i] = c.RecordID
		}
		detail(rec, "records", ids)
		return tx.AddSearchHits(r.ID, suspectID, ids)
	})
	return out, err
}

// Comparisons lists the examiners' comparisons recorded for a request, for
// the bureau (analysts and supervisors who may view it): which records,
// fingers or loci, conclusions and confirmation samples, so that an answer
// on a biometric basis can name the comparison it rests on. Everyone else
// finds no request (docs/rules.md#r12).
func (s *Service) Comparisons(ctx context.Context, a *nsor.Actor, reqID int64) ([]*nsor.Comparison, error) {
	var out []*nsor.Comparison
	err := s.read(ctx, a, "biometric.comparisons", reqID, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if a == nil || a.User == nil || !a.User.Role.Bureau() {
			return nsor.NotFound("request")
		}
		r, err := s.load(tx, a, reqID, nsor.ActView)
		if err != nil {
			return err
		}
		out, err = tx.Comparisons(r.ID)
		return err
	})
	return out, err
}
