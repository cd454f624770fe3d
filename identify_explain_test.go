package nsor

import "testing"

// TestExplainAgreements: each field's agreement between a suspect and a
// record, as the analyst sees it beside a candidate.
func TestExplainAgreements(t *testing.T) {
	rec := OffenderRecord{Name: "Bilal Ahmed", CNIC: "9123456789013", DOB: "1990-05-17",
		Parentage: []Parentage{{Relation: "S/O", Name: "Ahmed Din"}}}
	base := Accused{Name: "Bilal Ahmed", CNIC: "9123456789013", DOB: "1990-05-17", Parentage: &Parentage{Relation: "S/O", Name: " AHMED  din "}}
	tests := []struct {
		name   string
		edit   func(*Accused, *OffenderRecord)
		field  int // index in Why: cnic, name, parentage, date_of_birth
		result string
		weight string
	}{
		{"cnic identical", nil, 0, "exact", "strong"},
		{"cnic one digit apart", func(a *Accused, _ *OffenderRecord) { a.CNIC = "9123456789015" }, 0, "one_digit_apart", "weak"},
		{"cnic differs", func(a *Accused, _ *OffenderRecord) { a.CNIC = "9555556789015" }, 0, "differs", "against"},
		{"cnic missing", func(a *Accused, _ *OffenderRecord) { a.CNIC = "" }, 0, "missing", "none"},
		{"name exact", nil, 1, "exact", "supporting"},
		{"name differs", func(a *Accused, _ *OffenderRecord) { a.Name = "Kashif Mehmood" }, 1, "differs", "against"},
		{"parentage in other case and spacing", nil, 2, "exact", "supporting"},
		{"parentage differs", func(a *Accused, _ *OffenderRecord) { a.Parentage = &Parentage{Relation: "S/O", Name: "Noor Khan"} }, 2, "differs", "against"},
		{"parentage missing in the FIR", func(a *Accused, _ *OffenderRecord) { a.Parentage = nil }, 2, "missing", "none"},
		{"parentage missing in the record", func(_ *Accused, r *OffenderRecord) { r.Parentage = nil }, 2, "missing", "none"},
		{"dob exact", nil, 3, "exact", "supporting"},
		{"dob placeholder", func(a *Accused, r *OffenderRecord) { a.DOB, r.DOB = "1990-01-01", "1990-01-01" }, 3, "year_only", "weak"},
		{"dob year only", func(a *Accused, _ *OffenderRecord) { a.DOB = "1990" }, 3, "year_only", "weak"},
		{"dob differs", func(a *Accused, _ *OffenderRecord) { a.DOB = "1991-05-17" }, 3, "differs", "against"},
		{"dob missing", func(_ *Accused, r *OffenderRecord) { r.DOB = "" }, 3, "missing", "none"},
	}
	for _, tt := range tests {
		a, r := base, rec
		r.Parentage = append([]Parentage(nil), rec.Parentage...)
		if tt.edit != nil {
			tt.edit(&a, &r)
		}
		c := Explain(&a, &Offender{ID: 4, Record: r})
		if len(c.Why) != 4 {
			t.Fatalf("%s: %d agreements, want 4", tt.name, len(c.Why))
		}
		if g := c.Why[tt.field]; g.Result != tt.result || g.Weight != tt.weight || g.Explain == "" {
			t.Errorf("%s: %s = %s/%s, want %s/%s", tt.name, g.Field, g.Result, g.Weight, tt.result, tt.weight)
		}
	}
}
