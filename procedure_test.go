package nsor

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestProcedureRowsAgree: the rows of one act share who may do it and the
// words that name it, and no two rows of an act start from the same state,
// so that StepOf finds one row or none.
func TestProcedureRowsAgree(t *testing.T) {
	for _, act := range ActionOrder {
		first := firstStep(act)
		from := map[State]bool{}
		for _, st := range Steps {
			if st.Act != act {
				continue
			}
			if !slices.Equal(st.Roles, first.Roles) || st.Past != first.Past || st.Verb != first.Verb ||
				st.Route != first.Route || funcName(st.Who) != funcName(first.Who) {
				t.Errorf("%s: rows disagree on roles, relation or words", act)
			}
			for _, f := range st.From {
				if from[f] {
					t.Errorf("%s: two rows from %s", act, f)
				}
				from[f] = true
			}
			if st.Past == "" || st.Verb == "" || len(st.From) == 0 || len(st.Roles) == 0 {
				t.Errorf("%s: a row without roles, states or words", act)
			}
		}
	}
}

func funcName(f func(*Actor, *Request) error) string {
	if f == nil {
		return ""
	}
	return fmt.Sprint(reflect.ValueOf(f).Pointer())
}

// TestUnknownActRefused: an act with no row in the table is refused, never
// a self-loop.
func TestUnknownActRefused(t *testing.T) {
	io := &Actor{User: &User{ID: 7, Role: RoleIO}}
	r := &Request{ID: 1, IOUserID: 7, State: StateDraft}
	for _, act := range []Action{"frobnicate", ActCreate} {
		if err := Authorize(io, act, r); ErrorCode(err) != "request.unknown_act" {
			t.Errorf("Authorize(%s) = %v, want request.unknown_act", act, err)
		}
	}
	if err := Authorize(io, ActSubmit, r); err != nil {
		t.Errorf("Authorize(submit) of the officer's draft = %v, want nil (the control)", err)
	}
}

// TestAcknowledgeOfferedOnce: once the officer holding the case has
// acknowledged the release, acknowledge is no longer offered to them; an
// officer to whom the case passed is offered it.
func TestAcknowledgeOfferedOnce(t *testing.T) {
	r := &Request{ID: 1, IOUserID: 7, State: StateReleased, Submissions: 1}
	io := &Actor{User: &User{ID: 7, Role: RoleIO}}
	if !slices.Contains(Allowed(io, r), ActAcknowledge) {
		t.Fatalf("Allowed(released) = %v, want acknowledge", Allowed(io, r))
	}
	r.State, r.AcknowledgedBy = StateAcknowledged, 7
	if got := Allowed(io, r); slices.Contains(got, ActAcknowledge) {
		t.Errorf("Allowed after acknowledging = %v, want no acknowledge", got)
	}
	r.IOUserID = 8
	next := &Actor{User: &User{ID: 8, Role: RoleIO}}
	if got := Allowed(next, r); !slices.Contains(got, ActAcknowledge) {
		t.Errorf("Allowed to the officer the case passed to = %v, want acknowledge", got)
	}
}

// TestStateDiagramMatchesTable: the diagram of docs/procedure.md is the
// table's edges, so that the document cannot drift from the code.
func TestStateDiagramMatchesTable(t *testing.T) {
	b, err := os.ReadFile("docs/procedure.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "<!-- states:begin -->")
	block, _, ok2 := strings.Cut(block, "<!-- states:end -->")
	if !ok || !ok2 {
		t.Fatal("docs/procedure.md has no states:begin/end markers")
	}
	var got []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); strings.Contains(l, "-->") {
			got = append(got, l)
		}
	}
	var want []string
	for _, tr := range Transitions {
		want = append(want, fmt.Sprintf("%s --> %s : %s", tr.From, tr.To, tr.Action))
	}
	if !slices.Equal(got, want) {
		t.Errorf("docs/procedure.md's diagram is not the table's; put these lines between the markers:\n%s", strings.Join(want, "\n"))
	}
}

// TestProcedureTableDocumented: docs/procedure.md shows the procedure table
// row for row, so that a reader sees what the code enforces.
func TestProcedureTableDocumented(t *testing.T) {
	b, err := os.ReadFile("docs/procedure.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "<!-- table:begin -->\n")
	block, _, ok2 := strings.Cut(block, "<!-- table:end -->")
	if !ok || !ok2 {
		t.Fatal("docs/procedure.md has no table:begin/end markers")
	}
	if want := procedureTable(); block != want {
		t.Errorf("docs/procedure.md's table is not the code's; put this between the markers:\n%s", want)
	}
}

// procedureTable renders Steps as a markdown table.
func procedureTable() string {
	var b strings.Builder
	b.WriteString("| act | roles | relation to the request | from | to | reason | guard |\n|---|---|---|---|---|---|---|\n")
	for _, st := range Steps {
		var roles, from []string
		for _, r := range st.Roles {
			roles = append(roles, string(r))
		}
		for _, f := range st.From {
			from = append(from, string(f))
		}
		if slices.Equal(st.From, States) {
			from = []string{"any"}
		}
		to, reason := string(st.To), ""
		if st.To == Stays {
			to = "(stays)"
		}
		if st.Reason {
			reason = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", st.Act, strings.Join(roles, ", "), fnName(st.Who),
			strings.Join(from, ", "), to, reason, fnName(st.Guard))
	}
	return b.String()
}

func fnName(f func(*Actor, *Request) error) string {
	if f == nil {
		return ""
	}
	n := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return "`" + strings.TrimPrefix(n, "nsor.") + "`"
}
