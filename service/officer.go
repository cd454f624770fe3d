package service

import (
	"context"
	"encoding/json"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"slices"
)

// Submit sends a draft to the district's prosecutors, with a copy to the
// DPO, and starts the prosecutor's 48-hour clock. The Annexure A must be
// complete (docs/rules.md#r3) and is kept as an immutable version.
func (s *Service) Submit(ctx context.Context, a *nsor.Actor, id int64, version int) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActSubmit, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		return s.submit(tx, a, r, f, rec)
	})
}

// Resubmit answers a return with a clarification and submits again; the
// prosecutor's clock starts again from this submission.
func (s *Service) Resubmit(ctx context.Context, a *nsor.Actor, id int64, version int, clarification string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActResubmit, clarification, func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if err := nsor.RequireReason(clarification); err != nil {
			e := nsor.AsError(err)
			return nsor.Invalid("clarification", "clarification.required", "Answer the prosecutor's return: say what you clarified or changed. "+e.Message)
		}
		r.Clarification = clarification
		return s.submit(tx, a, r, f, rec)
	})
}

func (s *Service) submit(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
	ann, err := s.annexure(tx, a, r, f)
	if err != nil {
		return err
	}
	body, err := json.Marshal(ann)
	if err != nil {
		return nsor.Internalf(err, "encode annexure")
	}
	now := s.now()
	r.Submissions++
	r.SubmittedAt = now
	sub := &nsor.Submission{RequestID: r.ID, N: r.Submissions, At: now, Annexure: body, SHA256: nsor.SHA256Hex(body)}
	if err := tx.AddSubmission(sub); err != nil {
		return err
	}
	detail(rec, "submission", sub.N)
	detail(rec, "annexure_sha256", sub.SHA256)
	to, err := districtUsers(tx, r.DistrictID, true)
	if err != nil {
		return err
	}
	return s.notify(tx, to, nsor.NoteSubmitted, r.ID, fmt.Sprintf("Request %s was submitted for your verification (submission %d). It must be forwarded or returned within 48 hours.", r.Ref, sub.N))
}

// annexure builds Annexure A and refuses an incomplete one, naming every
// missing particular (docs/rules.md#r3).
func (s *Service) annexure(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, f *nsor.FIR) (*nsor.AnnexureA, error) {
	var p nsor.Problems
	ann := &nsor.AnnexureA{Ref: r.Ref, Grounds: r.Grounds, Clarification: r.Clarification}
	s.annexOfficer(tx, a, ann, &p)
	if err := s.annexFIR(tx, f, ann, &p); err != nil {
		return nil, err
	}
	for i, sp := range r.Suspects {
		acc := findAccused(f, sp.AccusedID)
		if acc == nil {
			p.Add(fmt.Sprintf("suspects[%d]", i), "request.suspect_not_on_fir", "This suspect is no longer an accused of the FIR.")
			continue
		}
		checkSuspectComplete(*acc, fmt.Sprintf("suspects[%d]", i), &p)
		ann.Suspects = append(ann.Suspects, *acc)
	}
	if len(r.Grounds) < 20 {
		p.Add("grounds", "request.grounds_required", "State the grounds: why this suspect's prior record is needed for the investigation.")
	}
	if !r.Declaration {
		p.Add("declaration", "request.declaration_required", "Make the declaration: the request concerns only named suspects, and the information is for this investigation alone.")
	}
	ann.Declaration = nsor.DeclarationText
	return ann, p.Err()
}

func (s *Service) annexOfficer(tx nsor.Tx, a *nsor.Actor, ann *nsor.AnnexureA, p *nsor.Problems) {
	u := a.User
	ann.Officer.Name, ann.Officer.Rank, ann.Officer.BeltNumber = u.Name, u.Rank, u.BeltNumber
	if j, err := s.jurisdiction(tx, u.JurisdictionID); err == nil {
		ann.Officer.Posting = j.Name
	}
	if u.Rank == "" || u.BeltNumber == "" {
		p.Add("officer", "request.officer_incomplete", "Your rank and belt number are missing from your account; ask the administrator to add them.")
	}
}

func (s *Service) annexFIR(tx nsor.Tx, f *nsor.FIR, ann *nsor.AnnexureA, p *nsor.Problems) error {
	d, err := s.jurisdiction(tx, f.DistrictID)
	if err != nil {
		return err
	}
	st, err := s.jurisdiction(tx, f.StationID)
	if err != nil {
		return err
	}
	x := &ann.FIR
	x.District, x.Station, x.Number, x.Year, x.RegisteredOn, x.Sections = d.Name, st.Name, f.Number, f.Year, f.RegisteredOn, f.Sections
	if f.Copy == nil {
		p.Add("fir.copy", "request.fir_copy_missing", "Attach the copy of the FIR (PDF, JPEG or PNG) before submitting.")
	} else {
		x.CopySHA256 = f.Copy.SHA256
	}
	if len(nsor.EligibleSections(f.Sections, s.cfg.EligibleSections)) == 0 {
		p.Add("fir.sections", "fir.no_eligible_section", "The FIR cites no section under which the register may be consulted.")
	}
	return nil
}

// checkSuspectComplete requires what Annexure A asks of each suspect: name,
// parentage, address, and age or date of birth (the CNIC if known).
func checkSuspectComplete(acc nsor.Accused, field string, p *nsor.Problems) {
	if acc.Parentage == nil {
		p.Add(field+".parentage", "suspect.parentage_required", "Add the suspect's parentage (S/O, D/O or W/O) to the FIR's accused before submitting.")
	}
	if acc.Address == "" {
		p.Add(field+".address", "suspect.address_required", "Add the suspect's address to the FIR's accused before submitting.")
	}
	if acc.Age == 0 && acc.DOB == "" {
		p.Add(field+".age", "suspect.age_required", "Add the suspect's age or date of birth to the FIR's accused before submitting.")
	}
}

// Withdraw withdraws a request that has not reached the bureau (its
// officer); once submitted, with a reason.
func (s *Service) Withdraw(ctx context.Context, a *nsor.Actor, id int64, version int, reason string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActWithdraw, reason, func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if r.Submissions == 0 {
			return nil
		}
		to, err := districtUsers(tx, r.DistrictID, true)
		if err != nil {
			return err
		}
		return s.notify(tx, to, nsor.NoteWithdrawn, r.ID, fmt.Sprintf("Request %s was withdrawn by its officer.", r.Ref))
	})
}

// Acknowledge records that the officer holding the case accepted the
// advisory; only then may they read the release. After a transfer the new
// officer acknowledges afresh. The acknowledgement records the SHA-256 of
// the advisory's text; advisorySHA256, when given, is the one the officer
// was shown (ReleaseSummary), and must be the release's.
func (s *Service) Acknowledge(ctx context.Context, a *nsor.Actor, id int64, version int, accept bool, advisorySHA256 string) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActAcknowledge, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		if !accept {
			return nsor.Invalid("accept_advisory", "release.advisory_not_accepted", "Accept the advisory to see the released information: "+nsor.Advisory)
		}
		rel, acks, err := tx.ReleaseWithAcks(r.ID)
		if err != nil {
			return err
		}
		if acknowledgedBy(acks, a.ID()) { // once, before the case passed to another and back
			return nsor.Errorf(nsor.KindConflict, "release.already_acknowledged", "You have already acknowledged this release.")
		}
		r.AcknowledgedBy = a.ID()
		rec.Object = object("release", rel.ID)
		h, err := acceptAdvisory(rel, advisorySHA256)
		if err != nil {
			return err
		}
		detail(rec, "advisory_sha256", h)
		return tx.AddAcknowledgement(&nsor.Acknowledgement{ReleaseID: rel.ID, UserID: a.ID(), At: s.now(), AdvisorySHA256: h})
	})
}

// acknowledgedBy reports whether the user is among those who acknowledged.
func acknowledgedBy(acks []*nsor.Acknowledgement, userID int64) bool {
	return slices.ContainsFunc(acks, func(k *nsor.Acknowledgement) bool { return k.UserID == userID })
}

// Close closes an acknowledged request (its officer).
func (s *Service) Close(ctx context.Context, a *nsor.Actor, id int64, version int) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActClose, "", nil)
}
