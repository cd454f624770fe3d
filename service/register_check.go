package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"nsor"
	"nsor/auditrec"
	"nsor/match"
)

// CheckRecord checks a record as ProposeRecord would, without writing it:
// the same refusals, the same warnings, and the register's records it may
// duplicate (the same CNIC; the same name, parentage and full date of
// birth; the matching engine's likely band; a namesake), each with its
// reasons, so that the registrar looks before saving rather than after. It
// reveals records, so only a registrar calls it, with a purpose, and it is
// recorded as a register search (register.search) naming the records shown.
func (s *Service) CheckRecord(ctx context.Context, a *nsor.Actor, in nsor.RecordInput, purpose string) (*nsor.RecordCheck, error) {
	var out *nsor.RecordCheck
	err := s.do(ctx, a, "register.search", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := s.registrarPurpose(a, rec, purpose); err != nil {
			return err
		}
		r, warn, err := nsor.ValidateRecord(in, s.now())
		if err != nil {
			return err
		}
		s.tagRecord(rec, &r)
		detail(rec, "check", "before entry")
		if err := s.catchUp(tx); err != nil {
			return err
		}
		cands, err := s.duplicatesOf(tx, &r)
		if err != nil {
			return err
		}
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = strconv.FormatInt(c.RecordID, 10)
		}
		detail(rec, "records", strings.Join(ids, ","))
		if warn == nil {
			warn = []nsor.Warning{}
		}
		if cands == nil {
			cands = []nsor.DuplicateCandidate{}
		}
		out = &nsor.RecordCheck{Warnings: warn, Candidates: cands}
		return nil
	})
	return out, err
}

// duplicatesOf are the records r may duplicate, likeliest first, then by
// ID: those sharing a strong key (CNIC; name, parentage and date of birth)
// or the engine's likely band, then those sharing only a name.
func (s *Service) duplicatesOf(tx nsor.Tx, r *nsor.OffenderRecord) ([]nsor.DuplicateCandidate, error) {
	byID := map[int64]*nsor.DuplicateCandidate{}
	add := func(o *nsor.Offender, reason string) {
		c := byID[o.ID]
		if c == nil {
			c = &nsor.DuplicateCandidate{RecordID: o.ID, Status: o.Status, Name: o.Record.Name}
			byID[o.ID] = c
		}
		if !slices.Contains(c.Reasons, reason) {
			c.Reasons = append(c.Reasons, reason)
		}
	}
	strong, weak := nsor.DuplicateKeys(r, match.NameKey)
	found, err := tx.SearchOffenders(nsor.OffenderQuery{CNIC: r.CNIC, NameKey: match.NameKey(r.Name), AnyStatus: true, Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, o := range found {
		os, ow := nsor.DuplicateKeys(&o.Record, match.NameKey)
		for _, k := range strong {
			if containsKey(os, k) {
				add(o, dupReason(k))
			}
		}
		if nsor.Shares(weak, ow) {
			add(o, nsor.DupName)
		}
	}
	_, likely := s.likelyDuplicates(r, 0)
	for _, id := range likely {
		o, err := tx.Offender(id)
		if err != nil {
			return nil, err
		}
		add(o, nsor.DupEngine)
	}
	out := make([]nsor.DuplicateCandidate, 0, len(byID))
	for _, c := range byID {
		slices.SortFunc(c.Reasons, func(a, b string) int { return dupRank(a) - dupRank(b) })
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b nsor.DuplicateCandidate) int {
		if d := dupRank(a.Reasons[0]) - dupRank(b.Reasons[0]); d != 0 {
			return d
		}
		return int(a.RecordID - b.RecordID)
	})
	return out, nil
}

func dupReason(k string) string {
	if strings.HasPrefix(k, "cnic:") {
		return nsor.DupCNIC
	}
	return nsor.DupNameParentDOB
}

func dupRank(reason string) int {
	return slices.Index([]string{nsor.DupCNIC, nsor.DupNameParentDOB, nsor.DupEngine, nsor.DupName}, reason)
}
