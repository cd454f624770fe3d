package service

import (
	"context"
	"encoding/json"
	"fmt"
	"nsor"
	"strings"

	"nsor/auditrec"
)

// Return sends a submission back to its officer for clarification, with the
// reason shown to them (docs/rules.md#r6), the checklist items that failed (failed, or
// else those c leaves unticked; returnedItems) and the checklist as far as
// it went.
func (s *Service) Return(ctx context.Context, a *nsor.Actor, id int64, version int, c *nsor.Checklist, failed []string, reason string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActReturn, reason, func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		items, err := nsor.ReturnedItems(c, failed)
		if err != nil {
			return err
		}
		r.ReturnedItems = items
		detail(rec, "failed_items", strings.Join(items, ","))
		if c != nil {
			if err := s.recordChecklist(tx, a, r, *c, rec); err != nil {
				return err
			}
		}
		r.LastReason = reason
		return s.notify(tx, []int64{r.IOUserID}, nsor.NoteReturned, r.ID,
			fmt.Sprintf("Request %s was returned by the prosecutor for clarification: %s. The reason is on the request.", r.Ref, nsor.ChecklistFailures(r.ReturnedItems)))
	})
}

// Reject refuses a prohibited request (one that seeks records unrelated to
// the case), with the reason shown to the officer (docs/rules.md#r6). A later request
// for the same suspect shows the prosecutor this rejection (docs/rules.md#r4).
func (s *Service) Reject(ctx context.Context, a *nsor.Actor, id int64, version int, reason string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActReject, reason, func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		r.LastReason = reason
		dpo, err := usersOf(tx, nsor.RoleDPO, r.DistrictID)
		if err != nil {
			return err
		}
		return s.notify(tx, append(dpo, r.IOUserID), nsor.NoteRejected, r.ID,
			fmt.Sprintf("Request %s was rejected by the prosecutor; the reason is on the request.", r.Ref))
	})
}

// Forward sends a verified request to the bureau. Every item of the
// checklist must be ticked; a failed item means a return with its reason.
func (s *Service) Forward(ctx context.Context, a *nsor.Actor, id int64, version int, c nsor.Checklist) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActForward, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if !c.Complete() {
			var p nsor.Problems
			for _, item := range c.Failed() {
				p.Add("checklist."+item, "checklist.incomplete",
					"Every item of the checklist must hold before forwarding; if one fails, return the request with the reason.")
			}
			return p.Err()
		}
		if err := s.recordChecklist(tx, a, r, c, rec); err != nil {
			return err
		}
		r.ForwardedBy = a.ID()
		to, err := bureau(tx, nsor.RoleSupervisor)
		if err != nil {
			return err
		}
		dpo, err := usersOf(tx, nsor.RoleDPO, r.DistrictID)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Request %s was forwarded to the National Police Bureau.", r.Ref)
		if err := s.notify(tx, append(append(to, dpo...), r.IOUserID), nsor.NoteForwarded, r.ID, msg); err != nil {
			return err
		}
		return s.notifyTakers(tx, r)
	})
}

func (s *Service) recordChecklist(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, c nsor.Checklist, rec *auditrec.Record) error {
	if err := nsor.CheckText("checklist.note", c.Note, nsor.LimitReason); err != nil {
		return err
	}
	// The ticks in clear; the note, free text that may name anyone, keyed.
	note := c.Note
	c.Note = ""
	b, _ := json.Marshal(c)
	detail(rec, "checklist", string(b))
	s.tag(rec, "text", note)
	c.Note = note
	return tx.SetChecklist(r.ID, r.Submissions, &c, a.ID())
}

// Release releases the bureau's answer to the officer with the advisory: an
// immutable snapshot of the records as they stood, with its hash and its
// disclosure number. An answer that found a record must have been confirmed.
func (s *Service) Release(ctx context.Context, a *nsor.Actor, id int64, version int) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActRelease, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		rel, err := s.snapshot(tx, r, f)
		if err != nil {
			return err
		}
		rel.ReleasedBy = a.ID()
		if err := tx.CreateRelease(rel); err != nil {
			return err
		}
		r.ReleasedBy = a.ID()
		rec.Object = object("release", rel.ID)
		detail(rec, "disclosure", rel.Number)
		detail(rec, "sha256", rel.SHA256)
		return s.notify(tx, []int64{r.IOUserID}, nsor.NoteReleased, r.ID,
			fmt.Sprintf("The bureau's answer to request %s was released to you (disclosure %s). Acknowledge the advisory to read it.", r.Ref, rel.Number))
	})
}

// snapshot freezes the answer: each suspect, as the prosecutor verified them
// (docs/rules.md#r9), with the outcome, and for a record found the record's checked
// version as it stands now.
func (s *Service) snapshot(tx nsor.Tx, r *nsor.Request, f *nsor.FIR) (*nsor.Release, error) {
	now := s.now()
	snap := nsor.ReleaseSnapshot{DisclosureNumber: nsor.DisclosureNumber(r.ID, r.CreatedAt), RequestRef: r.Ref,
		FIR: fmt.Sprintf("%s/%d", f.Number, f.Year), ReleasedAt: now, Advisory: nsor.Advisory}
	rel := &nsor.Release{RequestID: r.ID, Number: snap.DisclosureNumber, ReleasedAt: now}
	ps, err := particulars(tx, r, f)
	if err != nil {
		return nil, err
	}
	for _, sp := range r.Suspects {
		rs := nsor.ReleasedSuspect{Outcome: sp.Outcome, Basis: sp.Basis, Needed: sp.Needed, Note: sp.Note}
		if acc := ps[sp.AccusedID]; acc != nil {
			rs.Accused = *acc
		}
		if sp.Outcome == nsor.OutcomeRecordFound {
			o, err := tx.Offender(sp.RecordID)
			if err != nil {
				return nil, err
			}
			if o.Status != nsor.RecordActive {
				return nil, nsor.Errorf(nsor.KindConflict, "release.record_changed",
					"Register record %d was removed after the bureau answered; the bureau must answer again before release.", o.ID)
			}
			rs.Record = &nsor.ReleasedRecord{ID: o.ID, Version: o.CurrentVersion, Record: o.Record, Serial: o.Record.Serial(),
				LastKnownAddress: o.Record.LastKnownAddress()}
			rel.RecordIDs = append(rel.RecordIDs, o.ID)
			if sp.ComparisonID != 0 {
				if rs.Comparison, err = releasedComparison(tx, sp.ComparisonID); err != nil {
					return nil, err
				}
			}
		}
		snap.Suspects = append(snap.Suspects, rs)
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return nil, nsor.Internalf(err, "encode release")
	}
	rel.Snapshot, rel.SHA256 = b, nsor.SHA256Hex(b)
	return rel, nil
}

// releasedComparison is the comparison id as the officer receives it: the
// examiner by name, the samples by reference only.
func releasedComparison(tx nsor.Tx, id int64) (*nsor.ReleasedComparison, error) {
	c, err := tx.Comparison(id)
	if err != nil {
		return nil, err
	}
	u, err := tx.User(c.ExaminerID)
	if err != nil {
		return nil, err
	}
	return &nsor.ReleasedComparison{Kind: c.Kind, RecordRef: c.RecordRef, Fingers: c.Fingers, Loci: c.Loci, Conclusion: c.Conclusion,
		Examiner: u.Name, At: c.At, ConfirmationSample: c.ConfirmationSample, ConfirmedAt: c.ConfirmedAt}, nil
}
