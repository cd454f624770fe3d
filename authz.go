package nsor

import "slices"

// Authorisation of acts on requests (docs/adr/0006-authorisation.md). Deny
// by default: an act not in policy is refused. The answer to an actor
// outside the request's reach is "not found", so that existence is never
// revealed; to an actor who sees the request but may not do the act it is
// 403; to one who may do it, but not in this state, 409.

// Visible reports whether the request exists for the actor at all: its
// officer; the district's DPO; the district's prosecutors once it was
// submitted; the bureau once it was forwarded. Nobody else.
func Visible(a *Actor, r *Request) bool {
	if a == nil || a.User == nil {
		return false
	}
	switch a.User.Role {
	case RoleIO:
		return r.IOUserID == a.ID()
	case RoleDPO:
		return a.Jurisdiction.CoversPath(r.DistrictPath)
	case RoleDPP:
		return a.Jurisdiction.CoversPath(r.DistrictPath) && r.Submissions > 0
	case RoleAnalyst, RoleSupervisor:
		return r.ForwardedBy != 0
	}
	return false
}

// Authorize decides whether a may do act on r: nil, or the refusal. The
// procedure table (procedure.go) says who may do what from which states.
func Authorize(a *Actor, act Action, r *Request) error {
	if !Visible(a, r) {
		return NotFound("request")
	}
	first := firstStep(act)
	st, ok, known := StepOf(act, r.State)
	if !known {
		return Errorf(KindForbidden, "request.unknown_act", "There is no act %q on a request.", act)
	}
	if !slices.Contains(first.Roles, a.User.Role) {
		return Errorf(KindForbidden, "request.forbidden", "Your role may not %s this request.", first.Verb)
	}
	if err := byPerson(a, act); err != nil {
		return err
	}
	if first.Who != nil {
		if err := first.Who(a, r); err != nil {
			return err
		}
	}
	if !ok {
		return Errorf(KindConflict, "request.wrong_state", "A request that is %s cannot be %s.", r.State, first.Past)
	}
	if st.Guard != nil {
		return st.Guard(a, r)
	}
	return nil
}

// Allowed lists the acts a may do on r now, for clients to offer.
func Allowed(a *Actor, r *Request) []Action {
	out := []Action{}
	for _, act := range ActionOrder {
		if act != ActView && Authorize(a, act, r) == nil {
			out = append(out, act)
		}
	}
	return out
}

// recordFound: a confirmation is a second look at a record found; with none
// found there is nothing to confirm.
func recordFound(_ *Actor, r *Request) error {
	if !r.AnyRecordFound() {
		return Errorf(KindConflict, "request.confirmation_not_needed",
			"No record was found, so there is nothing to confirm; the prosecutor can release the answer.")
	}
	return nil
}

// nothingToConfirm: an answer is released unconfirmed only when it found no
// record.
func nothingToConfirm(_ *Actor, r *Request) error {
	if r.AnyRecordFound() {
		return Errorf(KindConflict, "request.confirmation_required",
			"A record was found: a second bureau officer must confirm the answer before it can be released.")
	}
	return nil
}

// notYetAcknowledged: the officer who holds the case acknowledges a
// release once; one to whom the case passed later does so afresh.
func notYetAcknowledged(a *Actor, r *Request) error {
	if r.AcknowledgedBy == a.ID() {
		return Errorf(KindConflict, "release.already_acknowledged", "You have already acknowledged this release.")
	}
	return nil
}

// byPerson: the prosecutor's verification, release and reading of releases,
// and the bureau's search, answer and confirmation are people's judgements
// (separation of duties holds between people). A service account, whose
// token secret the approving administrator alone receives
// (docs/adr/0014-no-impersonation.md), may see a request its role sees, and
// may act as an officer's client (file, acknowledge, read its releases); it
// never stands in for a prosecutor or a bureau officer.
func byPerson(a *Actor, act Action) error {
	if !a.User.IsService() || act == ActView || a.User.Role == RoleIO {
		return nil
	}
	return Errorf(KindForbidden, "request.person_required",
		"A machine client's account may not %s a request: a prosecutor or a bureau officer does this in person.", firstStep(act).Verb)
}

// notFiler: the prosecutor who acts is not the officer who filed, nor the
// officer who holds the case now (separation of duties; a user whose role
// changed keeps their ID, and a case may have been transferred to them).
func notFiler(a *Actor, r *Request) error {
	if a.ID() == r.FiledBy || a.ID() == r.IOUserID {
		return Separation("filed")
	}
	return nil
}

// assignedAnalyst: only the analyst the request is assigned to works it. A
// request nobody has taken is taken first (assign); that is the reason
// given, not another analyst's hold on it.
func assignedAnalyst(a *Actor, r *Request) error {
	if r.AnalystID == 0 {
		return Errorf(KindConflict, "request.unassigned", "No analyst has taken this request yet; take it first (assign it to yourself), then work it.")
	}
	if r.AnalystID != a.ID() {
		return Errorf(KindForbidden, "request.not_assigned", "This request is assigned to another analyst; ask the supervisor to reassign it.")
	}
	return nil
}

// claimable: an analyst takes an unassigned request (or their own again);
// taking one from a colleague is the supervisor's reassignment.
func claimable(a *Actor, r *Request) error {
	if a.User.Role == RoleAnalyst && r.AnalystID != 0 && r.AnalystID != a.ID() {
		return Errorf(KindForbidden, "request.assigned_elsewhere", "This request is assigned to another analyst; only the supervisor reassigns it.")
	}
	return nil
}

// confirmer: a second bureau officer, who neither answered nor had any other
// part in the request.
func confirmer(a *Actor, r *Request) error {
	switch a.ID() {
	case r.AnsweredBy:
		return Separation("answered")
	case r.FiledBy, r.IOUserID, r.ForwardedBy:
		return Separation("filed or forwarded")
	}
	return nil
}

// actsOnVictim: the FIR copy and the victim's particulars are seen only by
// those who must act on the request (PPC s.376A): its officer, the district's
// prosecutors, and the analyst assigned.
func actsOnVictim(a *Actor, r *Request) error {
	if a.User.Role == RoleAnalyst && r.AnalystID != a.ID() {
		return Errorf(KindForbidden, "request.not_assigned", "Only the analyst assigned to this request may see the FIR copy.")
	}
	return nil
}

func Separation(what string) error {
	return Errorf(KindForbidden, "request.separation_of_duties",
		"You %s this request; a different officer must do this (separation of duties).", what)
}
