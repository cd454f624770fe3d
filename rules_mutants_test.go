package nsor

import (
	"errors"
	"nsor/match"
	"slices"
	"testing"
	"time"
)

// The tests in this file are the rules' own tests that .ci/mutants relies
// on: each fails when the rule it names is broken in the way the mutant of
// the same rule breaks it.

// TestIdentifyByParticulars: name, parentage and date of birth identify
// only with a full date of birth that is not a placeholder, agreeing to the
// day (docs/rules.md#r7). Both sides carrying the same placeholder is no evidence:
// the registrars write 1 January, or the year alone, for everyone whose
// birthday they do not know.
func TestIdentifyByParticulars(t *testing.T) {
	rec := func(dob Date) *OffenderRecord {
		return &OffenderRecord{Name: "Zarghun Tarqeel", Parentage: []Parentage{{"S/O", "Gulzar Tarqeel"}}, DOB: dob}
	}
	acc := func(dob Date) *Accused {
		return &Accused{Name: "Zarghun Tarqeel", Parentage: &Parentage{"S/O", "Gulzar Tarqeel"}, DOB: dob}
	}
	for _, tt := range []struct {
		what     string
		acc, rec Date
		ok       bool
	}{
		{"the same full date", "1988-04-17", "1988-04-17", true},
		{"the same 1 January on both", "1988-01-01", "1988-01-01", false},
		{"the same year alone on both", "1988", "1988", false},
		{"1 January against a year alone", "1988-01-01", "1988", false},
		{"the same year, another day", "1988-04-17", "1988-09-30", false},
		{"the same year and day, another month", "1988-04-17", "1988-05-17", false},
		{"another year, the same day", "1988-04-17", "1989-04-17", false},
		{"no date on either", "", "", false},
	} {
		err := Identifies(acc(tt.acc), rec(tt.rec), BasisNameParentDOB, nil)
		if tt.ok {
			if err != nil {
				t.Errorf("Identifies(name, parentage, %s: %q and %q) = %v, want nil", tt.what, tt.acc, tt.rec, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != "answer.identification_insufficient" {
			t.Errorf("Identifies(name, parentage, %s: %q and %q) = %v, want answer.identification_insufficient", tt.what, tt.acc, tt.rec, err)
		}
	}
}

// TestDefaultBureauDeadlines: unless configured otherwise, the bureau
// answers within 72 hours of the forwarding, a second officer confirms a
// record found within 24 hours, and the prosecutor releases within 24 hours.
// A request is overdue from the exact instant, never before.
func TestDefaultBureauDeadlines(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	found := []Suspect{{Outcome: OutcomeRecordFound}}
	none := []Suspect{{Outcome: OutcomeNoRecord}}
	for _, tt := range []struct {
		r     *Request
		kind  DeadlineKind
		limit time.Duration
	}{
		{&Request{State: StateForwarded}, DeadlineAnswer, 72 * time.Hour},
		{&Request{State: StateAnswered, Suspects: found}, DeadlineConfirm, 24 * time.Hour},
		{&Request{State: StateAnswered, Suspects: none}, DeadlineRelease, 24 * time.Hour},
		{&Request{State: StateConfirmed, Suspects: found}, DeadlineRelease, 24 * time.Hour},
	} {
		tt.r.StageStarted = t0
		before := DefaultDeadlines.DeadlineOf(tt.r, t0.Add(tt.limit-time.Second))
		at := DefaultDeadlines.DeadlineOf(tt.r, t0.Add(tt.limit))
		if before == nil || at == nil {
			t.Fatalf("DeadlineOf(%s) = nil, want the %s clock", tt.r.State, tt.kind)
		}
		if before.Kind != tt.kind || !before.DueAt.Equal(t0.Add(tt.limit)) || before.Overdue || before.Remaining != 1 {
			t.Errorf("DeadlineOf(%s, 1 s before %v) = %+v, want %s due at %v, not overdue, 1 s left", tt.r.State, tt.limit, before, tt.kind, t0.Add(tt.limit))
		}
		if !at.Overdue || at.Remaining != 0 {
			t.Errorf("DeadlineOf(%s, at %v) = %+v, want overdue", tt.r.State, tt.limit, at)
		}
		jobs := DefaultDeadlines.JobsFor(tt.r)
		if len(jobs) != 1 || jobs[0].Kind != JobOverdue || !jobs[0].RunAt.Equal(t0.Add(tt.limit)) {
			t.Errorf("jobsFor(%s) = %+v, want one overdue job at %v", tt.r.State, jobs, t0.Add(tt.limit))
		}
	}
}

// TestExplainDateOfBirth: the analyst's explanation says the dates of birth
// agree only when they are the same full date and no placeholder; the same
// year is said to be only the year; different dates are said to differ.
func TestExplainDateOfBirth(t *testing.T) {
	for _, tt := range []struct {
		acc, rec       Date
		result, weight string
	}{
		{"1988-04-17", "1988-04-17", "exact", "supporting"},
		{"1988-04-17", "1991-11-02", "differs", "against"},
		{"1988-04-17", "1989-04-17", "differs", "against"},
		{"1988", "1991-11-02", "differs", "against"},
		{"1988-04-17", "1988-09-30", "year_only", "weak"},
		{"1988-01-01", "1988-01-01", "year_only", "weak"},
		{"1988", "1988", "year_only", "weak"},
		{"", "1988-04-17", "missing", "none"},
	} {
		o := &Offender{ID: 1, Record: OffenderRecord{Name: "Zarghun Tarqeel", DOB: tt.rec}}
		c := Explain(&Accused{Name: "Zarghun Tarqeel", DOB: tt.acc}, o)
		i := slices.IndexFunc(c.Why, func(a Agreement) bool { return a.Field == "date_of_birth" })
		if i < 0 {
			t.Fatalf("Explain(%q, %q).Why = %+v, want a date_of_birth line", tt.acc, tt.rec, c.Why)
		}
		if got := c.Why[i]; got.Result != tt.result || got.Weight != tt.weight {
			t.Errorf("Explain(DOB %q, record %q) = %s/%s (%q), want %s/%s", tt.acc, tt.rec, got.Result, got.Weight, got.Explain, tt.result, tt.weight)
		}
	}
}

// TestNameKeyEdgeConnectives: a connective joins two parts of a compound
// name ("Shams ur Rehman"), and only there is it dropped; at the start or
// the end of a name it is a part of the name ("Al Hassan" is not "Hassan").
func TestNameKeyEdgeConnectives(t *testing.T) {
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"Al Hassan", []string{"al", "hassan"}},
		{"El Amin", []string{"el", "amin"}},
		{"Hassan Ul", []string{"hassan", "ul"}},
		{"Shams ur Rehman", []string{"shams", "rahman"}},
	} {
		if got := match.NameParts(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("match.NameParts(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, pair := range [][2]string{{"Al Hassan", "Hassan"}, {"Hassan Ul", "Hassan"}, {"El Amin", "Amin"}} {
		if match.NameKey(pair[0]) == match.NameKey(pair[1]) {
			t.Errorf("match.NameKey(%q) = match.NameKey(%q) = %q, want different keys", pair[0], pair[1], match.NameKey(pair[0]))
		}
	}
	if match.NameKey("Shams ur Rehman") != match.NameKey("Shams Rehman") {
		t.Errorf("match.NameKey(Shams ur Rehman) = %q, match.NameKey(Shams Rehman) = %q, want the same", match.NameKey("Shams ur Rehman"), match.NameKey("Shams Rehman"))
	}
}
