package nsor

// The procedure in one table (docs/procedure.md). A row is one act from a set
// of states: who may do it (roles, and their relation to the request), the
// state it leads to or that it stays, whether a reason is required, its guard,
// and the words that name it. The state machine (Transitions), authorisation
// (Authorize), the acts a view offers (Allowed), the refusals' wording and the
// API's act routes all derive from it; an act with no row is refused.

// Stays is the To of a row whose act leaves the request's state as it is.
const Stays State = ""

// Step is one row of the procedure table.
type Step struct {
	Act   Action
	Roles []Role
	// Who is the actor's relation to the request (or separation of duties)
	// that the act needs; nil when the role suffices.
	Who  func(a *Actor, r *Request) error
	From []State
	// To is the state the act leads to, or Stays.
	To     State
	Reason bool
	// Guard is what else must hold of the request; nil when nothing.
	Guard func(a *Actor, r *Request) error
	// Past names the act in "a request that is draft cannot be released";
	// Verb in "your role may not forward this request".
	Past, Verb string
	// Route says the API serves the act at POST /requests/{id}/{act}.
	Route bool
}

var (
	everyState = States
	atRelease  = []State{StateReleased, StateAcknowledged, StateClosed}
	bureau     = []Role{RoleAnalyst, RoleSupervisor}
)

// Steps is the table. Its order is the order in which acts are offered.
var Steps = []Step{
	{Act: ActView, Roles: []Role{RoleIO, RoleDPO, RoleDPP, RoleAnalyst, RoleSupervisor}, From: everyState, To: Stays, Past: "viewed", Verb: "view"},
	{Act: ActEdit, Roles: []Role{RoleIO}, From: []State{StateDraft, StateReturned}, To: Stays, Past: "edited", Verb: "edit"},
	{Act: ActSubmit, Roles: []Role{RoleIO}, From: []State{StateDraft}, To: StateSubmitted, Past: "submitted", Verb: "submit", Route: true},
	{Act: ActResubmit, Roles: []Role{RoleIO}, From: []State{StateReturned}, To: StateSubmitted, Past: "resubmitted", Verb: "resubmit", Route: true},
	{Act: ActWithdraw, Roles: []Role{RoleIO}, From: []State{StateDraft}, To: StateWithdrawn, Past: "withdrawn", Verb: "withdraw", Route: true},
	{Act: ActWithdraw, Roles: []Role{RoleIO}, From: []State{StateSubmitted, StateReturned}, To: StateWithdrawn, Reason: true, Past: "withdrawn", Verb: "withdraw", Route: true},
	{Act: ActReturn, Roles: []Role{RoleDPP}, Who: notFiler, From: []State{StateSubmitted}, To: StateReturned, Reason: true, Past: "returned", Verb: "return", Route: true},
	{Act: ActReject, Roles: []Role{RoleDPP}, Who: notFiler, From: []State{StateSubmitted}, To: StateRejected, Reason: true, Past: "rejected", Verb: "reject", Route: true},
	{Act: ActForward, Roles: []Role{RoleDPP}, Who: notFiler, From: []State{StateSubmitted}, To: StateForwarded, Past: "forwarded", Verb: "forward", Route: true},
	{Act: ActAssign, Roles: bureau, Who: claimable, From: []State{StateForwarded}, To: Stays, Past: "assigned", Verb: "assign", Route: true},
	{Act: ActSearch, Roles: []Role{RoleAnalyst}, Who: assignedAnalyst, From: []State{StateForwarded}, To: Stays, Past: "searched", Verb: "search"},
	{Act: ActAnswer, Roles: []Role{RoleAnalyst}, Who: assignedAnalyst, From: []State{StateForwarded}, To: StateAnswered, Past: "answered", Verb: "answer", Route: true},
	{Act: ActReopen, Roles: []Role{RoleAnalyst}, Who: confirmer, From: []State{StateAnswered}, To: StateForwarded, Reason: true, Past: "reopened", Verb: "reopen", Route: true},
	{Act: ActConfirm, Roles: []Role{RoleAnalyst}, Who: confirmer, From: []State{StateAnswered}, To: StateConfirmed, Guard: recordFound, Past: "confirmed", Verb: "confirm", Route: true},
	{Act: ActRelease, Roles: []Role{RoleDPP}, Who: notFiler, From: []State{StateAnswered}, To: StateReleased, Guard: nothingToConfirm, Past: "released", Verb: "release", Route: true},
	{Act: ActRelease, Roles: []Role{RoleDPP}, Who: notFiler, From: []State{StateConfirmed}, To: StateReleased, Past: "released", Verb: "release", Route: true},
	{Act: ActAcknowledge, Roles: []Role{RoleIO}, From: []State{StateReleased}, To: StateAcknowledged, Past: "acknowledged", Verb: "acknowledge", Route: true},
	// An officer to whom the case was transferred after the release
	// acknowledges the advisory afresh before reading it.
	{Act: ActAcknowledge, Roles: []Role{RoleIO}, From: []State{StateAcknowledged, StateClosed}, To: Stays, Guard: notYetAcknowledged, Past: "acknowledged", Verb: "acknowledge", Route: true},
	{Act: ActReadRelease, Roles: []Role{RoleIO, RoleDPP}, From: atRelease, To: Stays, Past: "read", Verb: "read the released records of"},
	{Act: ActClose, Roles: []Role{RoleIO}, From: []State{StateAcknowledged}, To: StateClosed, Past: "closed", Verb: "close", Route: true},
	{Act: ActViewFIRCopy, Roles: []Role{RoleIO, RoleDPP, RoleAnalyst}, Who: actsOnVictim, From: everyState, To: Stays, Past: "viewed", Verb: "see the FIR copy of"},
	{Act: ActTransfer, Roles: []Role{RoleDPO}, From: everyState, To: Stays, Past: "transferred", Verb: "transfer"},
}

// Transition is one edge of the state machine: a row of the table that
// leads to another state.
type Transition struct {
	From   State
	Action Action
	To     State
	Reason bool
}

// Transitions are the table's edges, in its order.
var Transitions = transitions()

func transitions() []Transition {
	var out []Transition
	for _, st := range Steps {
		if st.To == Stays {
			continue
		}
		for _, from := range st.From {
			out = append(out, Transition{From: from, Action: st.Act, To: st.To, Reason: st.Reason})
		}
	}
	return out
}

// ActionOrder is every act of the table once, in the table's order: the
// order in which acts are offered and tabled.
var ActionOrder = actionOrder()

func actionOrder() []Action {
	var out []Action
	seen := map[Action]bool{}
	for _, st := range Steps {
		if !seen[st.Act] {
			seen[st.Act] = true
			out = append(out, st.Act)
		}
	}
	return out
}

// StepOf returns the row of act from state. ok is false when no row has the
// act from that state; known is false when no row has the act at all.
func StepOf(act Action, from State) (st Step, ok, known bool) {
	for _, s := range Steps {
		if s.Act != act {
			continue
		}
		known = true
		for _, f := range s.From {
			if f == from {
				return s, true, true
			}
		}
	}
	return Step{}, false, known
}

// Routed lists the acts the API serves at POST /requests/{id}/{act}.
func Routed() []Action {
	var out []Action
	for _, act := range ActionOrder {
		if st := firstStep(act); st.Route {
			out = append(out, act)
		}
	}
	return out
}

// firstStep is act's first row, whose roles and words every row of the act
// shares (TestProcedureRowsAgree).
func firstStep(act Action) Step {
	for _, s := range Steps {
		if s.Act == act {
			return s
		}
	}
	return Step{Act: act, Past: string(act), Verb: string(act)}
}

// NextState is the state act leads r to, and whether it needs a reason; for
// an act that stays, r's own state.
func NextState(act Action, from State) (State, bool) {
	st, ok, _ := StepOf(act, from)
	if !ok || st.To == Stays {
		return from, st.Reason
	}
	return st.To, st.Reason
}
