package nsor

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// fieldCodes lists the field and code of each problem of a refusal.
func fieldCodes(err error) []string {
	e := AsError(err)
	if e == nil {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+" "+f.Code)
	}
	return out
}

// validRecord is a complete, valid register entry (synthetic person).
func validRecord() RecordInput {
	return RecordInput{
		Name:      "  Bilal Ahmed  ",
		Aliases:   []string{" Billu ", "Billu", "", "Bala"},
		Parentage: []Parentage{{Relation: "s / o", Name: " Ahmed Din "}},
		CNIC:      "91234-5678901-3",
		Gender:    "Male",
		DOB:       "1990-05-17",
		Convictions: []Conviction{{Court: "Sessions Court Lahore (synthetic)", CaseNumber: "SC-12/2019",
			Sections: []string{"376 PPC"}, ConvictedOn: "2019-03-01", ReleasedOn: "2024-03-01"}},
		Addresses:  []Address{{Address: "House 1, Street 2, Model Town (synthetic)", From: "2010", To: "2019-02-01"}},
		Biometrics: []Biometric{{Kind: "fingerprint", Reference: "AFIS-9-0001", Provenance: "Punjab Forensic Science Agency"}},
		Referrals:  []Referral{{ReferredOn: "2024-04-01", Professional: "Clinical psychologist (synthetic)"}},
	}
}

// TestValidateRecord: a valid entry comes back canonical (trimmed names,
// aliases without repeats, S/O, the CNIC's digits, lower-case gender), and a
// gender the CNIC's last digit disagrees with is a warning, never a refusal.
func TestValidateRecord(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	rec, warn, err := ValidateRecord(validRecord(), now)
	if err != nil {
		t.Fatalf("ValidateRecord(valid) = %v", err)
	}
	if rec.Name != "Bilal Ahmed" || !slices.Equal(rec.Aliases, []string{"Billu", "Bala"}) || rec.CNIC != "9123456789013" ||
		rec.Gender != GenderMale || rec.DOB != "1990-05-17" || len(rec.Parentage) != 1 || rec.Parentage[0] != (Parentage{"S/O", "Ahmed Din"}) {
		t.Errorf("canonical record = %+v", rec)
	}
	if len(rec.Convictions) != 1 || len(rec.Convictions[0].Sections) != 1 || len(warn) != 0 {
		t.Errorf("convictions %+v, warnings %v", rec.Convictions, warn)
	}
	in := validRecord()
	in.Gender = "female"
	if _, warn, err := ValidateRecord(in, now); err != nil || len(warn) != 1 || warn[0].Code != "cnic.gender_mismatch" {
		t.Errorf("female with an odd last digit = %v, %v; want the mismatch as a warning", warn, err)
	}
}

// TestValidateRecordRefusals: each rule of an entry refuses with its field
// and code, and reports every problem at once.
func TestValidateRecordRefusals(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		edit func(*RecordInput)
		want []string
	}{
		{"no name", func(r *RecordInput) { r.Name = "  " }, []string{"name record.name_required"}},
		{"name over 200", func(r *RecordInput) { r.Name = strings.Repeat("a", 201) }, []string{"name text.too_long"}},
		{"parentage relation", func(r *RecordInput) { r.Parentage[0].Relation = "F/O" }, []string{"parentage[0] record.parentage_invalid"}},
		{"parentage without name", func(r *RecordInput) { r.Parentage[0].Name = " " }, []string{"parentage[0] record.parentage_invalid"}},
		{"cnic", func(r *RecordInput) { r.CNIC = "9123-45" }, []string{"cnic cnic.malformed"}},
		{"gender", func(r *RecordInput) { r.Gender = "unknown" }, []string{"gender gender.unknown"}},
		{"dob malformed", func(r *RecordInput) { r.DOB = "17/05/1990" }, []string{"date_of_birth date.malformed"}},
		{"dob before 1900", func(r *RecordInput) { r.DOB = "1899-12-31" }, []string{"date_of_birth date.malformed"}},
		{"dob in the future", func(r *RecordInput) { r.DOB = "2026-11-03" }, []string{"date_of_birth date.future"}},
		{"dob year in the future", func(r *RecordInput) { r.DOB = "2027" }, []string{"date_of_birth date.future"}},
		{"no conviction", func(r *RecordInput) { r.Convictions = nil }, []string{"convictions record.conviction_required"}},
		{"conviction without court", func(r *RecordInput) { r.Convictions[0].Court = " " }, []string{"convictions[0] record.conviction_incomplete"}},
		{"conviction without case", func(r *RecordInput) { r.Convictions[0].CaseNumber = "" }, []string{"convictions[0] record.conviction_incomplete"}},
		{"conviction without date", func(r *RecordInput) { r.Convictions[0].ConvictedOn = "" }, []string{"convictions[0].convicted_on date.malformed"}},
		{"conviction in the future", func(r *RecordInput) { r.Convictions[0].ConvictedOn = "2026-12-01"; r.Convictions[0].ReleasedOn = "" },
			[]string{"convictions[0].convicted_on date.malformed"}},
		{"release malformed", func(r *RecordInput) { r.Convictions[0].ReleasedOn = "2024-13-01" }, []string{"convictions[0].released_on date.malformed"}},
		{"release before conviction", func(r *RecordInput) { r.Convictions[0].ReleasedOn = "2018-01-01" },
			[]string{"convictions[0].released_on record.release_before_conviction"}},
		{"address empty", func(r *RecordInput) { r.Addresses[0].Address = " " }, []string{"addresses[0].address record.address_required"}},
		{"address date malformed", func(r *RecordInput) { r.Addresses[0].From = "20100" }, []string{"addresses[0].from date.malformed"}},
		{"address in the future", func(r *RecordInput) { r.Addresses[0].To = "2030-01-01" }, []string{"addresses[0].to date.future"}},
		{"address ends before it starts", func(r *RecordInput) { r.Addresses[0].From = "2019-03-01" }, []string{"addresses[0].to record.address_dates"}},
		{"biometric kind", func(r *RecordInput) { r.Biometrics[0].Kind = "iris" }, []string{"biometrics[0] record.biometric_invalid"}},
		{"biometric without provenance", func(r *RecordInput) { r.Biometrics[0].Provenance = "" }, []string{"biometrics[0] record.biometric_invalid"}},
		{"biometric without reference", func(r *RecordInput) { r.Biometrics[0].Reference = "" }, []string{"biometrics[0] record.biometric_invalid"}},
		{"referral without date", func(r *RecordInput) { r.Referrals[0].ReferredOn = "" }, []string{"referrals[0].referred_on date.malformed"}},
		{"referral in the future", func(r *RecordInput) { r.Referrals[0].ReferredOn = "2027-01-01" }, []string{"referrals[0].referred_on date.future"}},
		{"referral without professional", func(r *RecordInput) { r.Referrals[0].Professional = " " }, []string{"referrals[0].professional record.referral_incomplete"}},
		{"several at once", func(r *RecordInput) { r.Name = ""; r.Gender = "x"; r.Biometrics[0].Kind = "" },
			[]string{"name record.name_required", "gender gender.unknown", "biometrics[0] record.biometric_invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validRecord()
			tt.edit(&in)
			_, _, err := ValidateRecord(in, now)
			if got := fieldCodes(err); !slices.Equal(got, tt.want) {
				t.Errorf("ValidateRecord = %v, want %v", got, tt.want)
			}
			if err != nil && (KindOf(err) != KindInvalid || ErrorCode(err) != strings.Fields(tt.want[0])[1]) {
				t.Errorf("refusal %v: want KindInvalid with the first problem's code", err)
			}
		})
	}
}
