package nsor

// State is where a request stands in the procedure (docs/procedure.md,
// whose diagram is also in doc.go).
type State string

// The states of a request.
const (
	StateDraft        State = "draft"
	StateSubmitted    State = "submitted"
	StateReturned     State = "returned"
	StateRejected     State = "rejected"
	StateWithdrawn    State = "withdrawn"
	StateForwarded    State = "forwarded"
	StateAnswered     State = "answered"
	StateConfirmed    State = "confirmed"
	StateReleased     State = "released"
	StateAcknowledged State = "acknowledged"
	StateClosed       State = "closed"
)

// States lists every state in procedure order.
var States = []State{StateDraft, StateSubmitted, StateReturned, StateRejected, StateWithdrawn,
	StateForwarded, StateAnswered, StateConfirmed, StateReleased, StateAcknowledged, StateClosed}

// Open reports whether a request in this state is open: until it is
// released, rejected or withdrawn (docs/rules.md#r4 counts only open requests).
func (s State) Open() bool {
	switch s {
	case StateReleased, StateAcknowledged, StateClosed, StateRejected, StateWithdrawn:
		return false
	}
	return true
}

// AtBureau reports whether the request has reached the bureau.
func (s State) AtBureau() bool {
	switch s {
	case StateForwarded, StateAnswered, StateConfirmed, StateReleased, StateAcknowledged, StateClosed:
		return true
	}
	return false
}

// Action is an act on a request. Transitions change its state; the other acts
// (assign, transfer, read) leave it as it is.
type Action string

// The acts on a request.
const (
	ActCreate      Action = "create"
	ActEdit        Action = "edit"
	ActSubmit      Action = "submit"
	ActResubmit    Action = "resubmit"
	ActWithdraw    Action = "withdraw"
	ActReturn      Action = "return"
	ActReject      Action = "reject"
	ActForward     Action = "forward"
	ActAssign      Action = "assign"
	ActSearch      Action = "search"
	ActAnswer      Action = "answer"
	ActReopen      Action = "reopen"
	ActConfirm     Action = "confirm"
	ActRelease     Action = "release"
	ActAcknowledge Action = "acknowledge"
	ActReadRelease Action = "read_release"
	ActClose       Action = "close"
	ActView        Action = "view"
	ActViewFIRCopy Action = "view_fir_copy"
	ActTransfer    Action = "transfer"
)
