package web_test

import (
	"strings"
	"testing"
)

// allowedAtAll lists, from docs/roles.md, who may ever do each act on a
// request; "role/relation". Written from the documented roles, not from the
// policy code, it checks the committed matrix independently.
var allowedAtAll = map[string][]string{
	"view":          {"io/owner", "dpo/in", "dpp/in", "npb_analyst/assigned", "npb_analyst/other", "npb_supervisor/national"},
	"edit":          {"io/owner"},
	"submit":        {"io/owner"},
	"resubmit":      {"io/owner"},
	"withdraw":      {"io/owner"},
	"return":        {"dpp/in"},
	"reject":        {"dpp/in"},
	"forward":       {"dpp/in"},
	"assign":        {"npb_analyst/assigned", "npb_analyst/other", "npb_supervisor/national"},
	"search":        {"npb_analyst/assigned"},
	"answer":        {"npb_analyst/assigned"},
	"reopen":        {"npb_analyst/other"},
	"confirm":       {"npb_analyst/other"},
	"release":       {"dpp/in"},
	"acknowledge":   {"io/owner"},
	"read_release":  {"io/owner", "dpp/in"},
	"close":         {"io/owner"},
	"view_fir_copy": {"io/owner", "dpp/in", "npb_analyst/assigned"},
	"transfer":      {"dpo/in"},
}

// TestMatrixInvariants checks the committed matrix against statements of
// docs/roles.md and docs/rules.md#r12: who may ever act; that nothing outside a jurisdiction, and
// nothing for roles that never see requests, is anything but "not found";
// and that only the listed states ever allow a transition.
func TestMatrixInvariants(t *testing.T) {
	cells := readMatrix(t)
	if len(cells) == 0 {
		t.Fatal("the matrix is empty")
	}
	for k, v := range cells {
		parts := strings.Fields(k) // act role/relation state
		act, who, state := parts[0], parts[1], parts[2]
		if v == "allow" && !contains(allowedAtAll[act], who) {
			t.Errorf("matrix allows %s to %s (in %s); docs/roles.md does not", who, act, state)
		}
		never := strings.HasSuffix(who, "/outside") || who == "io/peer" || strings.HasPrefix(who, "npb_registrar") ||
			strings.HasPrefix(who, "oversight") || strings.HasPrefix(who, "auditor") || strings.HasPrefix(who, "admin")
		if never && v != "404" {
			t.Errorf("matrix cell %s = %s; a request is never visible to %s", k, v, who)
		}
		if v == "allow" && !allowedIn(act, state) {
			t.Errorf("matrix allows %s in state %s", act, state)
		}
	}
}

// transitionsFrom lists, from the procedure diagram of docs/procedure.md, the
// states each transition may start from.
var transitionsFrom = map[string][]string{
	"edit": {"draft", "returned"}, "submit": {"draft"}, "resubmit": {"returned"},
	"withdraw": {"draft", "submitted", "returned"}, "return": {"submitted"}, "reject": {"submitted"},
	"forward": {"submitted"}, "assign": {"forwarded"}, "search": {"forwarded"}, "answer": {"forwarded"},
	"reopen": {"answered", "answered_none"}, "confirm": {"answered"}, "release": {"answered_none", "confirmed"},
	"acknowledge": {"released", "acknowledged", "closed"}, "close": {"acknowledged"},
	"read_release": {"released", "acknowledged", "closed"},
}

func allowedIn(act, state string) bool {
	from, ok := transitionsFrom[act]
	return !ok || contains(from, state)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
