package nsor

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFalseMatchBound: the chance that an unrelated key fits the marks as
// well, over m candidates and the better of two tests, each at half the
// level (docs/disclosure-marks.md); never above 1.
func TestFalseMatchBound(t *testing.T) {
	tests := []struct {
		name string
		mm   MarkMatch
		m    int
		want float64
	}{
		{"nothing observed", MarkMatch{}, 5, 1},
		{"all 40 agree, one candidate", MarkMatch{Observed: 40, RobustObserved: 40}, 1, 2 * math.Pow(2, -40)},
		{"all 40 agree, 10 candidates", MarkMatch{Observed: 40, RobustObserved: 40}, 10, 20 * math.Pow(2, -40)},
		// P(X <= 1), X ~ B(3, 1/2) = 4/8; two tests, one candidate: 1.
		{"3 with 1 mismatch", MarkMatch{Observed: 3, Mismatches: 1, RobustObserved: 3, RobustMismatches: 1}, 1, 1},
		// P(X <= 1), X ~ B(20, 1/2) = 21/2^20, the robust test is the better.
		{"robust test better", MarkMatch{Observed: 30, Mismatches: 15, RobustObserved: 20, RobustMismatches: 1}, 1, 2 * 21 / math.Pow(2, 20)},
		{"every variant mismatched", MarkMatch{Observed: 10, Mismatches: 10, RobustObserved: 10, RobustMismatches: 10}, 1, 1},
	}
	for _, tt := range tests {
		got := FalseMatchBound(tt.mm, tt.m)
		if math.Abs(got-tt.want) > 1e-9*math.Max(tt.want, 1e-300) {
			t.Errorf("%s: FalseMatchBound = %g, want %g", tt.name, got, tt.want)
		}
	}
	if FalseMatchBound(MarkMatch{Observed: 64, RobustObserved: 64}, 1000) > FalseMatchLimit {
		t.Error("64 agreeing variants among 1000 candidates do not clear the limit")
	}
	if FalseMatchBound(MarkMatch{Observed: 16, RobustObserved: 16}, 1000) <= FalseMatchLimit {
		t.Error("16 agreeing variants among 1000 candidates clear the limit")
	}
}

// TestReferences: requests, disclosures and cases are referred to by year
// and number; a disclosure number reads back as the request it names.
func TestReferences(t *testing.T) {
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, time.FixedZone("PKT", 5*3600)) // 18:30 UTC
	if got := RequestRef(12, at); got != "NSOR-2026-000012" {
		t.Errorf("RequestRef = %s", got)
	}
	if got := CaseRef(7, time.Date(2027, 1, 1, 2, 0, 0, 0, time.FixedZone("PKT", 5*3600))); got != "MC-2026-000007" {
		t.Errorf("CaseRef at 02:00 PKT on 1 January (UTC still the old year) = %s", got)
	}
	dn := DisclosureNumber(1234567, at)
	if dn != "DN-2026-1234567" {
		t.Errorf("DisclosureNumber = %s", dn)
	}
	for _, tt := range []struct {
		in   string
		n    string
		id   int64
		code string
	}{
		{dn, dn, 1234567, ""},
		{"  dn-2026-000012 ", "DN-2026-000012", 12, ""},
		{"DN-2026-00012", "", 0, "disclosure.malformed"},  // fewer than six digits
		{"DN-26-000012", "", 0, "disclosure.malformed"},   // two-digit year
		{"DN-1999-000012", "", 0, "disclosure.malformed"}, // before the register
		{"DN-2026-000000", "", 0, "disclosure.malformed"},
		{"DN-2026-00001x", "", 0, "disclosure.malformed"},
		{"NSOR-2026-000012", "", 0, "disclosure.malformed"},
		{"DN-2026-000012-1", "", 0, "disclosure.malformed"},
		{"", "", 0, "disclosure.malformed"},
	} {
		n, id, err := ParseDisclosureNumber("number", tt.in)
		if n != tt.n || id != tt.id || ErrorCode(err) != tt.code {
			t.Errorf("ParseDisclosureNumber(%q) = %q, %d, %v; want %q, %d, %q", tt.in, n, id, err, tt.n, tt.id, tt.code)
		}
		if err != nil && !slices.Equal(fieldCodes(err), []string{"number disclosure.malformed"}) {
			t.Errorf("ParseDisclosureNumber(%q) names fields %v", tt.in, fieldCodes(err))
		}
	}
}

// TestDates: a full date or a year alone, from 1900; its year; whether it
// is after a day, and whether it is a placeholder birthday.
func TestDates(t *testing.T) {
	for _, tt := range []struct {
		in   string
		ok   bool
		year int
	}{
		{"", true, 0}, {"1987", true, 1987}, {"1900", true, 1900}, {"2200", true, 2200}, {"1987-02-28", true, 1987},
		{"1899", false, 0}, {"2201", false, 0}, {"19a7", false, 0}, {"1987-02-29", false, 0}, {"1899-12-31", false, 0},
		{"28-02-1987", false, 0}, {"1987-2-28", false, 0},
	} {
		d, err := ParseDate("dob", tt.in)
		if (err == nil) != tt.ok || d.Year() != tt.year {
			t.Errorf("ParseDate(%q) = %q (year %d), %v; want ok %v, year %d", tt.in, d, d.Year(), err, tt.ok, tt.year)
		}
		if err != nil && !slices.Equal(fieldCodes(err), []string{"dob date.malformed"}) {
			t.Errorf("ParseDate(%q) refused as %v", tt.in, fieldCodes(err))
		}
	}
	now := time.Date(2026, 11, 2, 23, 0, 0, 0, time.FixedZone("PKT", 5*3600)) // 18:00 UTC on the 2nd
	for _, tt := range []struct {
		d           Date
		after, plac bool
	}{
		{"", false, true}, {"2026", false, true}, {"2027", true, true}, {"2026-11-02", false, false},
		{"2026-11-03", true, false}, {"1990-01-01", false, true}, {"1990-05-17", false, false},
	} {
		if tt.d.After(now) != tt.after || tt.d.Placeholder() != tt.plac {
			t.Errorf("%q: After = %v, Placeholder = %v; want %v, %v", tt.d, tt.d.After(now), tt.d.Placeholder(), tt.after, tt.plac)
		}
	}
}

// TestCNICForms: a CNIC's printed form, its province and the gender its
// last digit implies; and the genders a form may state.
func TestCNICForms(t *testing.T) {
	for _, tt := range []struct {
		c                   CNIC
		formatted, province string
		gender              Gender
	}{
		{"9123456789013", "91234-5678901-3", "synthetic", GenderMale},
		{"3520212345672", "35202-1234567-2", "Punjab", GenderFemale},
		{"", "", "", ""},
		{"12345", "12345", "", ""},
	} {
		if tt.c.Formatted() != tt.formatted || tt.c.Province() != tt.province || tt.c.ImpliedGender() != tt.gender {
			t.Errorf("%q: %q, %q, %q", tt.c, tt.c.Formatted(), tt.c.Province(), tt.c.ImpliedGender())
		}
	}
	for in, want := range map[string]Gender{"": "", " MALE ": GenderMale, "Female": GenderFemale, "transgender": GenderOther} {
		if g, err := ParseGender(in); err != nil || g != want {
			t.Errorf("ParseGender(%q) = %q, %v", in, g, err)
		}
	}
	if _, err := ParseGender("m"); ErrorCode(err) != "gender.unknown" {
		t.Errorf("ParseGender(m) = %v, want gender.unknown", err)
	}
	if w := CNICGenderWarning("cnic", "9123456789013", GenderOther); w != nil {
		t.Errorf("no warning is given for a gender the digit does not encode: %v", w)
	}
}

// TestJurisdictionPaths: a node covers itself and what lies beneath, never
// a sibling whose ID begins with its own; the hierarchy's levels.
func TestJurisdictionPaths(t *testing.T) {
	pk := &Jurisdiction{ID: 1, Kind: KindCountry, Path: "/1/"}
	pb := &Jurisdiction{ID: 2, Kind: KindProvince, Path: pk.ChildPath(2)}
	lhr := &Jurisdiction{ID: 5, Kind: KindDistrict, Path: pb.ChildPath(5)}
	other := &Jurisdiction{ID: 51, Kind: KindDistrict, Path: pb.ChildPath(51)}
	if lhr.Path != "/1/2/5/" || !slices.Equal(lhr.AncestorIDs(), []int64{1, 2, 5}) {
		t.Errorf("path %q, ancestors %v", lhr.Path, lhr.AncestorIDs())
	}
	for _, tt := range []struct {
		j, o *Jurisdiction
		want bool
	}{
		{pk, lhr, true}, {pb, lhr, true}, {lhr, lhr, true}, {lhr, pb, false}, {lhr, other, false}, {nil, lhr, false}, {lhr, nil, false},
	} {
		if got := tt.j.Covers(tt.o); got != tt.want {
			t.Errorf("%v covers %v = %v", tt.j, tt.o, got)
		}
		if tt.o != nil && tt.j.CoversPath(tt.o.Path) != tt.want {
			t.Errorf("CoversPath disagrees with Covers for %v, %v", tt.j, tt.o)
		}
	}
	valid := map[[2]JurisdictionKind]bool{
		{KindCountry, KindProvince}: true, {KindProvince, KindRegion}: true, {KindProvince, KindDistrict}: true,
		{KindRegion, KindDistrict}: true, {KindDistrict, KindStation}: true,
	}
	kinds := []JurisdictionKind{KindCountry, KindProvince, KindRegion, KindDistrict, KindStation}
	for _, p := range kinds {
		for _, c := range kinds {
			if ValidChild(p, c) != valid[[2]JurisdictionKind{p, c}] {
				t.Errorf("ValidChild(%s, %s) = %v", p, c, ValidChild(p, c))
			}
		}
	}
}

// TestErrors: refusals and faults, as the service and the API read them.
func TestErrors(t *testing.T) {
	cause := errors.New("disk full")
	in := Internalf(cause, "write %s", "request")
	un := Unavailable(cause)
	nf := NotFound("case")
	inv := Invalid("name", "record.name_required", "Give the name.")
	for _, tt := range []struct {
		err   error
		kind  ErrorKind
		code  string
		fault bool
	}{
		{in, KindInternal, "internal", true},
		{un, KindUnavailable, "store.unavailable", true},
		{nf, KindNotFound, "case.not_found", false},
		{inv, KindInvalid, "record.name_required", false},
		{cause, KindInternal, "internal", true},
		{nil, KindInternal, "", true},
	} {
		if KindOf(tt.err) != tt.kind || ErrorCode(tt.err) != tt.code || IsFault(tt.err) != tt.fault {
			t.Errorf("%v: kind %v code %q fault %v", tt.err, KindOf(tt.err), ErrorCode(tt.err), IsFault(tt.err))
		}
	}
	if !errors.Is(in, cause) || !errors.Is(un, cause) || in.Unwrap() == nil {
		t.Error("a fault does not wrap its cause")
	}
	if s := in.Error(); !strings.Contains(s, "write request: disk full") || strings.Contains(in.Message, "disk") {
		t.Errorf("internal error %q: the cause belongs in the log, not in the message %q", s, in.Message)
	}
	if s := inv.Error(); s != "record.name_required: Give the name.; name: record.name_required" {
		t.Errorf("Invalid.Error() = %q", s)
	}
	if AsError(nil) != nil || AsError(nf) != nf {
		t.Error("AsError does not return an *Error as it is")
	}
	var p Problems
	if p.Err() != nil {
		t.Error("no problems is not an error")
	}
	p.Add("a", "x.one", "One.")
	p.AddErr("b", inv)
	p.AddErr("c", nf)
	p.AddErr("d", nil)
	err := p.Err()
	if !slices.Equal(fieldCodes(err), []string{"a x.one", "b.name record.name_required", "c case.not_found"}) ||
		ErrorCode(err) != "x.one" || !strings.Contains(AsError(err).Message, "and 2 more problems") {
		t.Errorf("Problems.Err() = %v %v", err, fieldCodes(err))
	}
}

// TestConfigDefaults: sign-in's guards are bounded even in a configuration
// written before they existed, and what is set is kept.
func TestConfigDefaults(t *testing.T) {
	c := Config{}.WithSignInDefaults()
	if c.LockoutAfter != 5 || c.LockoutKnownAfter != 20 || c.LockoutUnknownAfter != 20 || c.SignInHashers < 1 ||
		c.SignInBurst != 10 || c.LockoutFor != 10*time.Minute || c.SignInWait != time.Second || c.SignInEvery != 6*time.Second {
		t.Errorf("defaults = %+v", c)
	}
	c = Config{LockoutAfter: 3, LockoutFor: time.Hour, SignInBurst: 2}.WithSignInDefaults()
	if c.LockoutAfter != 3 || c.LockoutKnownAfter != 12 || c.LockoutFor != time.Hour || c.SignInBurst != 2 {
		t.Errorf("set values not kept: %+v", c)
	}
	d := DefaultConfig()
	if d.Deadlines.Prosecutor != 48*time.Hour || d.SessionTTL != 12*time.Hour || d.MaxUpload != 10<<20 || d.SignInBurst == 0 {
		t.Errorf("DefaultConfig = %+v", d)
	}
}
