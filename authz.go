package nsor

import "slices"

// Authorisation of acts on requests (docs/adr/0006-authorisation.md). Deny
// by default: an act not in policy is refused. The answer to an actor
// outside the request's reach is "not found", so that existence is never
// revealed; to an actor who sees the request but may not do the act it is
// 403; to one who may do it, but not in this state, 409.

// rule is what an act needs: one of roles, the condition who (a relation to
// the request, or separation of duties), and one of states.
type rule struct {
	roles  []Role
	who    func(a *Actor, r *Request) error
	states []State
}

// stateless lists every state: the act does not depend on it.
var stateless = States

// policy is the authorisation table. It is checked against the committed
// matrix in web/testdata/authz-matrix.tsv by the end-to-end tests.
var policy = map[Action]rule{
	ActView:        {roles: []Role{RoleIO, RoleDPO, RoleDPP, RoleAnalyst, RoleSupervisor}, states: stateless},
	ActEdit:        {roles: []Role{RoleIO}, states: []State{StateDraft, StateReturned}},
	ActSubmit:      {roles: []Role{RoleIO}, states: []State{StateDraft}},
	ActResubmit:    {roles: []Role{RoleIO}, states: []State{StateReturned}},
	ActWithdraw:    {roles: []Role{RoleIO}, states: []State{StateDraft, StateSubmitted, StateReturned}},
	ActReturn:      {roles: []Role{RoleDPP}, who: notFiler, states: []State{StateSubmitted}},
	ActReject:      {roles: []Role{RoleDPP}, who: notFiler, states: []State{StateSubmitted}},
	ActForward:     {roles: []Role{RoleDPP}, who: notFiler, states: []State{StateSubmitted}},
	ActAssign:      {roles: []Role{RoleAnalyst, RoleSupervisor}, who: claimable, states: []State{StateForwarded}},
	ActSearch:      {roles: []Role{RoleAnalyst}, who: assignedAnalyst, states: []State{StateForwarded}},
	ActAnswer:      {roles: []Role{RoleAnalyst}, who: assignedAnalyst, states: []State{StateForwarded}},
	ActReopen:      {roles: []Role{RoleAnalyst}, who: confirmer, states: []State{StateAnswered}},
	ActConfirm:     {roles: []Role{RoleAnalyst}, who: confirmer, states: []State{StateAnswered}},
	ActRelease:     {roles: []Role{RoleDPP}, who: notFiler, states: []State{StateAnswered, StateConfirmed}},
	ActAcknowledge: {roles: []Role{RoleIO}, states: []State{StateReleased, StateAcknowledged, StateClosed}},
	ActReadRelease: {roles: []Role{RoleIO, RoleDPP}, states: []State{StateReleased, StateAcknowledged, StateClosed}},
	ActClose:       {roles: []Role{RoleIO}, states: []State{StateAcknowledged}},
	ActViewFIRCopy: {roles: []Role{RoleIO, RoleDPP, RoleAnalyst}, who: actsOnVictim, states: stateless},
	ActTransfer:    {roles: []Role{RoleDPO}, states: stateless},
}

// visible reports whether the request exists for the actor at all: its
// officer; the district's DPO; the district's prosecutors once it was
// submitted; the bureau once it was forwarded. Nobody else.
func visible(a *Actor, r *Request) bool {
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

// authorize decides whether a may do act on r: nil, or the refusal.
func authorize(a *Actor, act Action, r *Request) error {
	if !visible(a, r) {
		return NotFound("request")
	}
	p, ok := policy[act]
	if !ok || !slices.Contains(p.roles, a.User.Role) {
		return Errorf(KindForbidden, "request.forbidden", "Your role may not %s this request.", verb(act))
	}
	if err := byPerson(a, act); err != nil {
		return err
	}
	if p.who != nil {
		if err := p.who(a, r); err != nil {
			return err
		}
	}
	if !slices.Contains(p.states, r.State) {
		return Errorf(KindConflict, "request.wrong_state", "A request that is %s cannot be %s.", r.State, pastTense(act))
	}
	if act == ActRelease && r.State == StateAnswered && r.AnyRecordFound() {
		return Errorf(KindConflict, "request.confirmation_required",
			"A record was found: a second bureau officer must confirm the answer before it can be released.")
	}
	if act == ActConfirm && !r.AnyRecordFound() {
		return Errorf(KindConflict, "request.confirmation_not_needed",
			"No record was found, so there is nothing to confirm; the prosecutor can release the answer.")
	}
	return nil
}

// Allowed lists the acts a may do on r now, for clients to offer.
func Allowed(a *Actor, r *Request) []Action {
	out := []Action{}
	for _, act := range ActionOrder {
		if act != ActView && authorize(a, act, r) == nil {
			out = append(out, act)
		}
	}
	return out
}

// ActionOrder is the order in which acts are offered and tabled.
var ActionOrder = []Action{ActView, ActEdit, ActSubmit, ActResubmit, ActWithdraw, ActReturn, ActReject, ActForward,
	ActAssign, ActSearch, ActAnswer, ActReopen, ActConfirm, ActRelease, ActAcknowledge, ActReadRelease, ActClose,
	ActViewFIRCopy, ActTransfer}

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
		"A machine client's account may not %s a request: a prosecutor or a bureau officer does this in person.", verb(act))
}

// notFiler: the prosecutor who acts is not the officer who filed, nor the
// officer who holds the case now (separation of duties; a user whose role
// changed keeps their ID, and a case may have been transferred to them).
func notFiler(a *Actor, r *Request) error {
	if a.ID() == r.FiledBy || a.ID() == r.IOUserID {
		return separation("filed")
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
		return separation("answered")
	case r.FiledBy, r.IOUserID, r.ForwardedBy:
		return separation("filed or forwarded")
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

func separation(what string) error {
	return Errorf(KindForbidden, "request.separation_of_duties",
		"You %s this request; a different officer must do this (separation of duties).", what)
}

func verb(a Action) string {
	switch a {
	case ActReadRelease:
		return "read the released records of"
	case ActViewFIRCopy:
		return "see the FIR copy of"
	}
	return string(a)
}

var pastTenses = map[Action]string{
	ActEdit: "edited", ActSubmit: "submitted", ActResubmit: "resubmitted", ActWithdraw: "withdrawn",
	ActReturn: "returned", ActReject: "rejected", ActForward: "forwarded", ActAssign: "assigned",
	ActSearch: "searched", ActAnswer: "answered", ActReopen: "reopened", ActConfirm: "confirmed",
	ActRelease: "released", ActAcknowledge: "acknowledged", ActReadRelease: "read", ActClose: "closed",
	ActViewFIRCopy: "viewed", ActTransfer: "transferred", ActView: "viewed",
}

func pastTense(a Action) string {
	if s, ok := pastTenses[a]; ok {
		return s
	}
	return string(a)
}
