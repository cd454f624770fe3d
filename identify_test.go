package nsor

import "testing"

func TestIdentifies(t *testing.T) {
	rec := &OffenderRecord{Name: "Zarghun Tarqeel", Aliases: []string{"Zarghoon Tarqeel"}, CNIC: "9123456789013",
		Parentage: []Parentage{{"S/O", "Gulzar Tarqeel"}}, DOB: "1988-04-17",
		Biometrics: []Biometric{{Kind: "fingerprint", Reference: "FP-1", Provenance: "NADRA (synthetic)"},
			{Kind: "dna", Reference: "DNA-1", Provenance: "PFSA (synthetic)"}}}
	cmp := func(kind, ref string, c Conclusion, sample string) *Comparison {
		return &Comparison{Kind: kind, RecordRef: ref, Conclusion: c, ConfirmationSample: sample}
	}
	acc := func(f func(*Accused)) *Accused {
		a := &Accused{Name: "Zarghun Tarqeel", CNIC: "9123456789013", Parentage: &Parentage{"S/O", "Gulzar Tarqeel"}, DOB: "1988-04-17"}
		f(a)
		return a
	}
	tests := []struct {
		name  string
		a     *Accused
		basis Basis
		ref   *Comparison
		ok    bool
	}{
		{"exact CNIC, same name", acc(func(*Accused) {}), BasisCNIC, nil, true},
		{"exact CNIC, alias", acc(func(a *Accused) { a.Name = "Zarghoon Tarqeel" }), BasisCNIC, nil, true},
		{"CNIC one digit off", acc(func(a *Accused) { a.CNIC = "9123456789015" }), BasisCNIC, nil, false},
		{"exact CNIC, another name", acc(func(a *Accused) { a.Name = "Muhammad Ali" }), BasisCNIC, nil, false},
		{"no CNIC", acc(func(a *Accused) { a.CNIC = "" }), BasisCNIC, nil, false},
		{"name, parentage, full DOB", acc(func(a *Accused) { a.CNIC = "" }), BasisNameParentDOB, nil, true},
		{"DOB a year alone", acc(func(a *Accused) { a.DOB = "1988" }), BasisNameParentDOB, nil, false},
		{"DOB 1 January", acc(func(a *Accused) { a.DOB = "1988-01-01" }), BasisNameParentDOB, nil, false},
		{"parentage differs", acc(func(a *Accused) { a.Parentage = &Parentage{"S/O", "Someone Else"} }), BasisNameParentDOB, nil, false},
		{"no parentage", acc(func(a *Accused) { a.Parentage = nil }), BasisNameParentDOB, nil, false},
		{"fingerprint identification on the record", acc(func(*Accused) {}), BasisBiometric, cmp("fingerprint", "FP-1", ConclusionIdentification, ""), true},
		{"fingerprint not on the record", acc(func(*Accused) {}), BasisBiometric, cmp("fingerprint", "FP-9", ConclusionIdentification, ""), false},
		{"a DNA reference named as a fingerprint", acc(func(*Accused) {}), BasisBiometric, cmp("fingerprint", "DNA-1", ConclusionIdentification, ""), false},
		{"no comparison recorded", acc(func(*Accused) {}), BasisBiometric, nil, false},
		{"comparison inconclusive", acc(func(*Accused) {}), BasisBiometric, cmp("fingerprint", "FP-1", ConclusionInconclusive, ""), false},
		{"comparison excludes", acc(func(*Accused) {}), BasisBiometric, cmp("fingerprint", "FP-1", ConclusionExclusion, ""), false},
		{"DNA hit without confirmation sample", acc(func(*Accused) {}), BasisBiometric, cmp("dna", "DNA-1", ConclusionIdentification, ""), false},
		{"DNA hit with confirmation sample", acc(func(*Accused) {}), BasisBiometric, cmp("dna", "DNA-1", ConclusionIdentification, "LAB-9-2026"), true},
		{"name alone", acc(func(*Accused) {}), "", nil, false},
	}
	for _, tt := range tests {
		err := Identifies(tt.a, rec, tt.basis, tt.ref)
		if (err == nil) != tt.ok {
			t.Errorf("Identifies(%s) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestExplainBands(t *testing.T) {
	o := &Offender{ID: 1, Record: OffenderRecord{Name: "Zarghun Tarqeel", CNIC: "9123456789013", DOB: "1988-04-17"}}
	if c := Explain(&Accused{Name: "Zarghun Tarqeel", CNIC: "9123456789013"}, o); c.Band != BandLikely {
		t.Errorf("Explain(CNIC and name) band = %s, want likely", c.Band)
	}
	if c := Explain(&Accused{Name: "Zarghun Tarqeel"}, o); c.Band != BandPossible {
		t.Errorf("Explain(name alone) band = %s, want possible", c.Band)
	}
	if c := Explain(&Accused{Name: "Other Person", CNIC: "9123456789015"}, o); c.Band != BandPossible || c.Why[0].Result != "one_digit_apart" {
		t.Errorf("Explain(CNIC one digit off) = %s %+v, want possible, one_digit_apart", c.Band, c.Why[0])
	}
	if c := Explain(&Accused{Name: "Other Person", CNIC: "9999999999998"}, o); c.Band != BandNoMatch {
		t.Errorf("Explain(nothing agrees) band = %s, want no_match", c.Band)
	}
}

func TestLastKnownAddress(t *testing.T) {
	r := OffenderRecord{Addresses: []Address{{Address: "old", From: "2001-01-01", To: "2010-01-01"},
		{Address: "current", From: "2015-01-01"}, {Address: "later ended", From: "2016-01-01", To: "2017-01-01"}}}
	if got := r.LastKnownAddress(); got == nil || got.Address != "current" {
		t.Errorf("LastKnownAddress() = %+v, want the one not ended", got)
	}
}
