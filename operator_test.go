package nsor_test

import (
	"strings"
	"testing"

	"nsor"
)

// TestAtConsole: the console is an actor carrying an operator and no
// token; a Source of "cli" alone no longer makes one
// (docs/adr/0019-console-operator.md).
func TestAtConsole(t *testing.T) {
	op := nsor.Operator{Name: "amina", Host: "bureau-1"}
	withToken := nsor.ConsoleActor(op)
	withToken.Token = &nsor.Token{ID: 7}
	tests := []struct {
		name string
		a    *nsor.Actor
		want bool
	}{
		{"ConsoleActor", nsor.ConsoleActor(op), true},
		{"unnamed console", nsor.ConsoleActor(nsor.Operator{}), true},
		{"source cli alone", &nsor.Actor{Source: "cli"}, false},
		{"operator with a token", withToken, false},
		{"nil", nil, false},
	}
	for _, tc := range tests {
		if got := tc.a.AtConsole(); got != tc.want {
			t.Errorf("%s: AtConsole() = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := op.String(); got != "amina@bureau-1" {
		t.Errorf("Operator.String() = %q, want amina@bureau-1", got)
	}
}

// TestOperatorValid: a name of printable characters without spaces, short.
func TestOperatorValid(t *testing.T) {
	tests := []struct {
		op   nsor.Operator
		want bool
	}{
		{nsor.Operator{Name: "amina", Host: "bureau-1"}, true},
		{nsor.Operator{Name: "amina"}, true},
		{nsor.Operator{Host: "bureau-1"}, false},
		{nsor.Operator{Name: "two words", Host: "h"}, false},
		{nsor.Operator{Name: "a\x1b[2J", Host: "h"}, false},
		{nsor.Operator{Name: strings.Repeat("a", 129)}, false},
	}
	for _, tc := range tests {
		if got := tc.op.Valid(); got != tc.want {
			t.Errorf("Operator%+v.Valid() = %v, want %v", tc.op, got, tc.want)
		}
	}
}
