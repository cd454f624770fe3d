package nsor

import (
	"fmt"
	"testing"
)

// TestTransitions holds the state machine to the procedure of docs/procedure.md,
// written out independently: every (state, action) pair not listed here is
// refused.
func TestTransitions(t *testing.T) {
	legal := map[string]State{
		"draft submit": StateSubmitted, "draft withdraw": StateWithdrawn,
		"submitted withdraw": StateWithdrawn, "returned withdraw": StateWithdrawn,
		"submitted return": StateReturned, "submitted reject": StateRejected,
		"returned resubmit": StateSubmitted, "submitted forward": StateForwarded,
		"forwarded answer": StateAnswered, "answered reopen": StateForwarded,
		"answered confirm": StateConfirmed, "answered release": StateReleased,
		"confirmed release": StateReleased, "released acknowledge": StateAcknowledged,
		"acknowledged close": StateClosed,
	}
	for _, from := range States {
		for _, act := range ActionOrder {
			key := fmt.Sprintf("%s %s", from, act)
			st, ok, _ := StepOf(act, from)
			moves := ok && st.To != Stays
			want, legalOK := legal[key]
			if moves != legalOK || (moves && st.To != want) {
				t.Errorf("StepOf(%s, %s) = %q, %v, want %q, %v", act, from, st.To, moves, want, legalOK)
			}
		}
	}
}

func TestOpenStates(t *testing.T) {
	open := map[State]bool{StateDraft: true, StateSubmitted: true, StateReturned: true, StateForwarded: true,
		StateAnswered: true, StateConfirmed: true}
	for _, s := range States {
		if got := s.Open(); got != open[s] {
			t.Errorf("State(%s).Open() = %v, want %v", s, got, open[s])
		}
	}
}
