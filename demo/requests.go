package demo

import (
	"fmt"
	"slices"

	"nsor"
)

// The cases of the demo, one request each, named by the state the request is
// left in.
const (
	caseAcknowledged = iota // record found, confirmed, released, acknowledged
	caseSubmitted           // waiting for the prosecutor; the 48-hour clock runs
	caseAnswered            // record found, waiting for a second analyst
	caseForwarded           // at the bureau, assigned: a likely and a possible candidate
	caseReleased            // no record and a possible match, released, not yet acknowledged
	caseReturned            // returned by the prosecutor with a reason
	caseDraft               // not yet submitted
)

// completeChecklist is a prosecutor's verification with every item held.
var completeChecklist = nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true,
	GroundsSubstantiated: true, Note: "FIR copy, sections and accused verified against the particulars entered."}

// driveRequests takes each case's request as far as its state, every step by
// the person the procedure gives it to; separation of duties decides who.
func (s *seeder) driveRequests() error {
	flows := []*flow{
		s.open(caseAcknowledged, "io.lahore1 reads the release; auditor1 traces its disclosure").
			submit().forward("dpp.lahore1").assign("analyst1", "analyst1").answer("analyst1").
			confirm("analyst2").release("dpp.lahore2").acknowledge(),
		s.open(caseSubmitted, "dpp.lahore1 or dpp.lahore2 verifies it within 48 hours").submit(),
		s.open(caseAnswered, "analyst1 confirms (or reopens) the record found").
			submit().forward("dpp.lahore2").assign("supervisor1", "analyst2").answer("analyst2"),
		s.open(caseForwarded, "analyst1 searches: one likely and one possible candidate, and a fingerprint and DNA lead").
			attachProbes().submit().forward("dpp.lahore1").assign("analyst1", "analyst1"),
		s.open(caseReleased, "io.rawalpindi1 acknowledges the advisory to read the answer").
			submit().forward("dpp.rawalpindi1").assign("supervisor1", "analyst2").answer("analyst2").release("dpp.rawalpindi1"),
		s.open(caseReturned, "io.rawalpindi1 answers the return and resubmits").
			submit().giveBack("dpp.rawalpindi1"),
		s.open(caseDraft, "io.lahore2 submits it to the prosecutors"),
	}
	for _, f := range flows {
		if f.err != nil {
			return f.err
		}
		s.out.Requests[f.r.State] = append(s.out.Requests[f.r.State], f.r.ID)
		s.lines = append(s.lines, requestLine{r: f.r, c: f.c, next: f.next})
	}
	return nil
}

// flow is one request on its way through the procedure. A step after a
// refused one does nothing, so that a chain reports its first refusal.
type flow struct {
	s    *seeder
	c    *caseSpec
	r    *nsor.Request
	next string // what a demo user can do with it now
	err  error
}

// open files a draft request for every accused of the case's FIR.
func (s *seeder) open(i int, next string) *flow {
	c := s.cases[i]
	f := &flow{s: s, c: c, next: next}
	in := nsor.RequestInput{FIRID: c.fir.ID, Grounds: c.grounds, Declaration: true}
	for _, a := range c.fir.Accused {
		in.Suspects = append(in.Suspects, a.ID)
	}
	v, err := s.svc.CreateRequest(s.ctx, s.actor(c.io), in, nsor.Idempotency{})
	if err != nil {
		f.err = fmt.Errorf("demo: file request on FIR %d: %w", c.fir.ID, describe(err))
		return f
	}
	f.r = &v.Request
	return f
}

// step runs one act by who on the version of the request last seen.
func (f *flow) step(act nsor.Action, who string, fn func(a *nsor.Actor, id int64, version int) (*nsor.RequestView, error)) *flow {
	if f.err != nil {
		return f
	}
	v, err := fn(f.s.actor(who), f.r.ID, f.r.Version)
	if err != nil {
		f.err = fmt.Errorf("demo: %s %s by %s: %w", act, f.r.Ref, who, describe(err))
		return f
	}
	f.r.State, f.r.Version = v.State, v.Version
	return f
}

func (f *flow) submit() *flow {
	return f.step(nsor.ActSubmit, f.c.io, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Submit(f.s.ctx, a, id, v)
	})
}

func (f *flow) forward(dpp string) *flow {
	return f.step(nsor.ActForward, dpp, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Forward(f.s.ctx, a, id, v, completeChecklist)
	})
}

// giveBack returns the request: the prosecutor could not match the copy to
// the particulars, and says so.
func (f *flow) giveBack(dpp string) *flow {
	c := completeChecklist
	c.FIRCopyMatches, c.Note = false, "The second page of the FIR copy is missing."
	reason := "The FIR copy attached has only its first page; attach the complete copy so that the accused can be checked against it."
	return f.step(nsor.ActReturn, dpp, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Return(f.s.ctx, a, id, v, &c, nil, reason)
	})
}

// assign gives the request to analyst: by the analyst themselves, or by
// the supervisor.
func (f *flow) assign(by, analyst string) *flow {
	return f.step(nsor.ActAssign, by, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Assign(f.s.ctx, a, id, v, f.s.out.Users[analyst].User.ID)
	})
}

func (f *flow) confirm(analyst string) *flow {
	return f.step(nsor.ActConfirm, analyst, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Confirm(f.s.ctx, a, id, v)
	})
}

func (f *flow) release(dpp string) *flow {
	return f.step(nsor.ActRelease, dpp, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Release(f.s.ctx, a, id, v)
	})
}

func (f *flow) acknowledge() *flow {
	return f.step(nsor.ActAcknowledge, f.c.io, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		return f.s.svc.Acknowledge(f.s.ctx, a, id, v, true, "")
	})
}

// answer searches the register for every suspect, as the analyst would,
// and answers from what the search shows.
func (f *flow) answer(analyst string) *flow {
	return f.step(nsor.ActAnswer, analyst, func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
		var outs []nsor.OutcomeInput
		for _, sp := range f.r.Suspects {
			o, err := f.outcome(a, sp)
			if err != nil {
				return nil, err
			}
			outs = append(outs, o)
		}
		return f.s.svc.Answer(f.s.ctx, a, id, v, outs)
	})
}

// outcome answers for one suspect from the search: record found on the
// strong identifier the FIR gives when the suspect's own record is a likely
// candidate; a possible match asking for more identifiers when a record
// only resembles them; no record otherwise.
func (f *flow) outcome(a *nsor.Actor, sp nsor.Suspect) (nsor.OutcomeInput, error) {
	cands, err := f.s.svc.SearchRegister(f.s.ctx, a, f.r.ID, sp.ID, nsor.SearchTerms{})
	if err != nil {
		return nsor.OutcomeInput{}, err
	}
	spec := f.c.accused[slices.IndexFunc(f.c.fir.Accused, func(x nsor.Accused) bool { return x.ID == sp.AccusedID })]
	out := nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomeNoRecord, Note: "No record of this person in the register."}
	for _, c := range cands {
		switch {
		case spec.match != nil && c.RecordID == spec.match.id && c.Band == nsor.BandLikely:
			return nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomeRecordFound, RecordID: c.RecordID, Basis: spec.basis,
				Note: "Identified on " + string(spec.basis) + "."}, nil
		case c.Band == nsor.BandPossible:
			out = nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomePossibleMatch, RecordID: c.RecordID,
				Needed: []string{"cnic", "fingerprints"}, Note: "A record of the same name; the other particulars do not establish identity."}
		}
	}
	if spec.match != nil {
		return out, fmt.Errorf("demo: the search did not show record %d as a likely candidate", spec.match.id)
	}
	return out, nil
}
