package service

import (
	"fmt"
	"nsor"
	"slices"
)

// scored is a candidate with its fit.
type scored struct {
	r     *rendered
	m     nsor.MarkMatch
	bound float64
}

// traceText reads the marks in copied text and weighs them against every
// recipient of every disclosure.
func (s *Service) traceText(tx nsor.Tx, text string) (*nsor.Trace, error) {
	if s.marks == nil {
		return nil, nsor.Internalf(nil, "no disclosure marker is configured")
	}
	ev := s.marks.Read(text)
	rs, err := renderings(tx, "")
	if err != nil {
		return nil, err
	}
	e := &nsor.TraceEvidence{VisibleNumbers: ev.Numbers, HiddenFrames: len(ev.Hidden), Variants: len(ev.Observations),
		Candidates: len(rs), FalseMatchBound: 1}
	if e.VisibleNumbers == nil {
		e.VisibleNumbers = []string{}
	}
	for _, o := range ev.Observations {
		if !o.Fragile {
			e.RobustVariants++
		}
	}
	var hidden, textual []scored
	numbers := map[int64]string{} // request -> disclosure number
	for _, r := range rs {
		sc, err := s.score(tx, ev, r, len(rs), numbers)
		if err != nil {
			return nil, err
		}
		if sc.m.HiddenVerified {
			hidden = append(hidden, sc)
		}
		if sc.bound <= nsor.FalseMatchLimit {
			textual = append(textual, sc)
		}
	}
	return s.verdict(tx, e, hidden, textual)
}

func (s *Service) score(tx nsor.Tx, ev *nsor.MarkEvidence, r *rendered, m int, numbers map[int64]string) (scored, error) {
	if numbers[r.requestID] == "" {
		rel, err := tx.ReleaseOf(r.requestID)
		if err != nil {
			return scored{}, err
		}
		numbers[r.requestID] = rel.Number
	}
	key, _, err := s.markKey(numbers[r.requestID], r.userID, r.keyVersion)
	if err != nil {
		return scored{}, err
	}
	mm := s.marks.Match(ev, nsor.MarkCandidate{ReleaseID: r.releaseID, UserID: r.userID, Key: key})
	return scored{r: r, m: mm, bound: nsor.FalseMatchBound(mm, m)}, nil
}

// verdict names a recipient only when the evidence agrees on one.
func (s *Service) verdict(tx nsor.Tx, e *nsor.TraceEvidence, hidden, textual []scored) (*nsor.Trace, error) {
	who := map[[2]int64]scored{}
	for _, sc := range append(slices.Clone(hidden), textual...) {
		k := [2]int64{sc.r.releaseID, sc.r.userID}
		if old, ok := who[k]; !ok || sc.bound < old.bound || sc.m.HiddenVerified {
			who[k] = sc
		}
	}
	t := &nsor.Trace{Recipients: []nsor.TracedRecipient{}, Evidence: e}
	switch len(who) {
	case 0:
		t.Verdict = nsor.TraceNotEnough
		t.Message = fmt.Sprintf("Not enough evidence to name anyone: %d textual variants and %d hidden marks were read; "+
			"paste more of the copy, or trace by the disclosure number if it is visible.", e.Variants, e.HiddenFrames)
		return t, nil
	case 1:
	default:
		t.Verdict = nsor.TraceConflicting
		t.Message = "The marks in this text point at more than one recipient (a copy pieced together from several, or altered); nobody is named."
		return t, nil
	}
	var sc scored
	for _, v := range who {
		sc = v
	}
	sc.m.HiddenVerified = len(hidden) > 0
	return s.identified(tx, t, sc)
}

func (s *Service) identified(tx nsor.Tx, t *nsor.Trace, sc scored) (*nsor.Trace, error) {
	rel, err := tx.ReleaseOf(sc.r.requestID)
	if err != nil {
		return nil, err
	}
	t.Verdict, t.Disclosure = nsor.TraceIdentified, traced(rel)
	e := t.Evidence
	e.HiddenVerified, e.Mismatches, e.RobustMismatches, e.FalseMatchBound = sc.m.HiddenVerified, sc.m.Mismatches, sc.m.RobustMismatches, sc.bound
	if sc.m.HiddenVerified {
		e.FalseMatchBound = 0
	}
	r := nsor.TracedRecipient{UserID: sc.r.userID, RenderedAt: sc.r.at}
	if err := fillUser(tx, &r); err != nil {
		return nil, err
	}
	acks, err := tx.Acknowledgements(rel.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range acks {
		if k.UserID == r.UserID {
			r.AcknowledgedAt = k.At
		}
	}
	t.Recipients = append(t.Recipients, r)
	how := fmt.Sprintf("textual marks: %d of %d variants agree; the chance that anyone else fits as well is below %.1g",
		e.Variants-e.Mismatches, e.Variants, max(e.FalseMatchBound, 1e-300))
	if sc.m.HiddenVerified {
		how = "a hidden mark with a valid keyed checksum"
	}
	t.Message = fmt.Sprintf("This is disclosure %s, rendered to %s; the evidence is %s.", rel.Number, recipientOf(&nsor.User{Name: r.Name, Rank: r.Rank}), how)
	return t, nil
}
