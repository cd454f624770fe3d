package nsor

import (
	"fmt"
	"nsor/match"
	"slices"
	"strings"
	"time"
)

// RecordInput is a register record as a registrar enters it.
type RecordInput struct {
	Name        string       `json:"name" text:"name"`
	Aliases     []string     `json:"aliases,omitempty" text:"name"`
	Parentage   []Parentage  `json:"parentage,omitempty"`
	CNIC        string       `json:"cnic,omitempty" text:"cnic"`
	Gender      string       `json:"gender,omitempty"`
	DOB         string       `json:"date_of_birth,omitempty" text:"id"`
	BirthPlace  string       `json:"place_of_birth,omitempty"`
	Description string       `json:"description,omitempty" text:"free"`
	Marks       string       `json:"identifying_marks,omitempty" text:"free"`
	Biometrics  []Biometric  `json:"biometrics,omitempty"`
	Convictions []Conviction `json:"convictions"`
	Addresses   []Address    `json:"addresses,omitempty"`
	Referrals   []Referral   `json:"referrals,omitempty"`
}

// ValidateRecord checks a register record entry and returns its canonical
// form, with warnings. The register holds convicted offenders only, so a
// record has at least one conviction under a readable section.
func ValidateRecord(in RecordInput, now time.Time) (OffenderRecord, []Warning, error) {
	if err := CheckFields(in); err != nil {
		return OffenderRecord{}, nil, err
	}
	var p Problems
	var warn []Warning
	n := match.SplitTitles(strings.TrimSpace(in.Name))
	rec := OffenderRecord{Name: n.Given, Titles: n.Titles, BirthPlace: in.BirthPlace, Description: in.Description,
		Marks: in.Marks, Biometrics: in.Biometrics, Referrals: in.Referrals}
	if rec.Name == "" {
		p.Add("name", "record.name_required", "Give the offender's name (at most 200 characters).")
	}
	for _, al := range in.Aliases {
		if al = strings.TrimSpace(al); al != "" && !slices.Contains(rec.Aliases, al) {
			rec.Aliases = append(rec.Aliases, al)
		}
	}
	rec.Parentage = validParentage(in.Parentage, &p)
	var err error
	if rec.CNIC, err = ParseCNIC(in.CNIC); err != nil {
		p.AddErr("", err)
	}
	if rec.Gender, err = ParseGender(in.Gender); err != nil {
		p.AddErr("", err)
	}
	if rec.DOB, err = ParseDate("date_of_birth", in.DOB); err != nil {
		p.AddErr("", err)
	} else if rec.DOB.After(now) {
		p.Add("date_of_birth", "date.future", "A date of birth cannot be in the future.")
	}
	if w := CNICGenderWarning("cnic", rec.CNIC, rec.Gender); w != nil {
		warn = append(warn, *w)
	}
	rec.Convictions = validConvictions(in.Convictions, now, &p)
	rec.Addresses = validAddresses(in.Addresses, now, &p)
	validBiometrics(rec.Biometrics, &p)
	validReferrals(rec.Referrals, now, &p)
	return rec, warn, p.Err()
}

// validReferrals requires each referral's date: a real calendar date from
// 1900 on, not in the future, and the professional referred to.
func validReferrals(in []Referral, now time.Time, p *Problems) {
	for i, r := range in {
		field := fmt.Sprintf("referrals[%d]", i)
		if _, err := ParseDate(field+".referred_on", string(r.ReferredOn)); err != nil || r.ReferredOn == "" {
			p.Add(field+".referred_on", "date.malformed", "Write the date of the referral as YYYY-MM-DD.")
		} else if r.ReferredOn.After(now) {
			p.Add(field+".referred_on", "date.future", "A referral date cannot be in the future.")
		}
		if strings.TrimSpace(r.Professional) == "" {
			p.Add(field+".professional", "record.referral_incomplete", "A referral names the professional referred to.")
		}
	}
}

func validParentage(in []Parentage, p *Problems) []Parentage {
	var out []Parentage
	for i, pa := range in {
		rel := strings.ToUpper(strings.ReplaceAll(pa.Relation, " ", ""))
		if !slices.Contains(ParentageRelations, rel) || strings.TrimSpace(pa.Name) == "" {
			p.Add(fmt.Sprintf("parentage[%d]", i), "record.parentage_invalid", "Parentage is S/O, D/O or W/O with a name.")
			continue
		}
		out = append(out, Parentage{Relation: rel, Name: strings.TrimSpace(pa.Name)})
	}
	return out
}

func validConvictions(in []Conviction, now time.Time, p *Problems) []Conviction {
	if len(in) == 0 {
		p.Add("convictions", "record.conviction_required", "The register holds convicted offenders: enter at least one conviction.")
	}
	out := make([]Conviction, 0, len(in))
	for i, c := range in {
		field := fmt.Sprintf("convictions[%d]", i)
		if strings.TrimSpace(c.Court) == "" || strings.TrimSpace(c.CaseNumber) == "" {
			p.Add(field, "record.conviction_incomplete", "A conviction names its court and case number.")
		}
		codes, err := ParseSections(c.Sections)
		if err != nil {
			p.AddErr(field, err)
		}
		c.Sections = codes
		for _, d := range []struct {
			name string
			v    Date
			need bool
		}{{"convicted_on", c.ConvictedOn, true}, {"released_on", c.ReleasedOn, false}} {
			if _, err := ParseDate(field+"."+d.name, string(d.v)); err != nil || (d.need && d.v == "") || d.v.After(now) {
				p.Add(field+"."+d.name, "date.malformed", "Write the date as YYYY-MM-DD, not in the future.")
			}
		}
		if c.ReleasedOn != "" && c.ConvictedOn != "" && c.ReleasedOn < c.ConvictedOn {
			p.Add(field+".released_on", "record.release_before_conviction", "A release cannot come before the conviction.")
		}
		out = append(out, c)
	}
	return out
}

func validAddresses(in []Address, now time.Time, p *Problems) []Address {
	for i, a := range in {
		field := fmt.Sprintf("addresses[%d]", i)
		if strings.TrimSpace(a.Address) == "" {
			p.Add(field+".address", "record.address_required", "An address entry needs the address.")
		}
		for name, d := range map[string]Date{"from": a.From, "to": a.To} {
			if _, err := ParseDate(field+"."+name, string(d)); err != nil {
				p.AddErr("", err)
			} else if d.After(now) {
				p.Add(field+"."+name, "date.future", "An address date cannot be in the future.")
			}
		}
		if a.From != "" && a.To != "" && a.To < a.From {
			p.Add(field+".to", "record.address_dates", "An address ends after it starts.")
		}
	}
	return in
}

func validBiometrics(in []Biometric, p *Problems) {
	for i, b := range in {
		if (b.Kind != "fingerprint" && b.Kind != "dna") || b.Reference == "" || b.Provenance == "" {
			p.Add(fmt.Sprintf("biometrics[%d]", i), "record.biometric_invalid",
				"A biometric entry is a fingerprint or dna reference with its provenance.")
		}
	}
}
