package demo

import (
	"fmt"
	"slices"
	"time"

	"nsor"
)

// offence is a set of sections a judgment convicts under and the terms of
// imprisonment courts give for it (25 years being imprisonment for life).
type offence struct {
	sections []string
	terms    []int
}

var (
	courtForms   = []string{"Sessions Court %s", "Special Court (Anti-Rape) %s", "Additional Sessions Judge, %s"}
	stationForms = []string{"City", "Saddar", "Civil Lines", "Kotwali", "Cantt", "Factory Area"}
	appeals      = []string{"No appeal filed", "Appeal dismissed by the Lahore High Court",
		"Appeal pending before the Lahore High Court", "Sentence upheld by the Lahore High Court"}
	fines = []string{"50,000", "100,000", "200,000", "500,000", "1,000,000"}
	// Eligible provisions (nsor.DefaultEligibleSections) with the
	// companions judgments often cite: 506 (intimidation), 34 (common
	// intention), 511 (attempt).
	maleOffences = []offence{{[]string{"PPC-376"}, []int{10, 14, 25}}, {[]string{"PPC-376", "PPC-506"}, []int{10, 14, 25}},
		{[]string{"PPC-376", "PPC-34"}, []int{14, 25}}, {[]string{"PPC-376/511"}, []int{5, 7, 10}},
		{[]string{"PPC-377"}, []int{3, 5, 7, 10}}, {[]string{"PPC-377B"}, []int{14, 20}},
		{[]string{"PPC-377A", "PPC-377B"}, []int{14, 20}}, {[]string{"PPC-292B", "PECA-22"}, []int{14}},
		{[]string{"PPC-371A"}, []int{7, 10}}}
	femaleOffences = []offence{{[]string{"PPC-371A"}, []int{7, 10}}, {[]string{"PPC-371B"}, []int{7, 10}},
		{[]string{"PPC-292A"}, []int{3, 5}}, {[]string{"PPC-292B", "PECA-21"}, []int{14}}}
)

// maxFreeTerm is the longest term drawn for an offender who must be free
// today: the FIRs name them as accused of a recent offence.
const maxFreeTerm = 10

// convictions draws a criminal history: one conviction, or for about a third
// of offenders two or three (serial offenders), each after release from the
// one before. With free, every term has ended before today.
func (s *seeder) convictions(born time.Time, female, free bool) []nsor.Conviction {
	want := 1
	if s.chance(35) {
		want = 2 + s.rnd.IntN(2)
	}
	from := born.AddDate(19, 0, 0)
	var out []nsor.Conviction
	for len(out) < want {
		o, years := s.offence(female, free)
		end := s.today.AddDate(0, 0, -90)
		if free {
			end = s.today.AddDate(-years-1, 0, 0)
		}
		if end.Before(from) {
			break
		}
		share := end.Sub(from) / time.Duration(want-len(out))
		c, until := s.conviction(s.between(from, from.Add(share)), o, years)
		out = append(out, c)
		from = until.AddDate(0, 1, 0)
	}
	return out
}

// offence draws what a conviction was for and its term; with free, a term
// of at most maxFreeTerm years.
func (s *seeder) offence(female, free bool) (offence, int) {
	list := maleOffences
	if female {
		list = femaleOffences
	}
	for {
		o := list[s.rnd.IntN(len(list))]
		if years := o.terms[s.rnd.IntN(len(o.terms))]; !free || years <= maxFreeTerm {
			return o, years
		}
	}
}

// conviction is one conviction on the given day; it returns the day the
// offender was, or will be, free again.
func (s *seeder) conviction(on time.Time, o offence, years int) (nsor.Conviction, time.Time) {
	town := s.pick(towns)
	sentence := fmt.Sprintf("Rigorous imprisonment for %d years and fine Rs. %s", years, s.pick(fines))
	if years >= 25 {
		sentence = "Imprisonment for life and fine Rs. " + s.pick(fines)
	}
	c := nsor.Conviction{
		Court:      fmt.Sprintf(s.pick(courtForms), town),
		CaseNumber: fmt.Sprintf("Sessions Case %d/%d", 10+s.rnd.IntN(900), on.Year()),
		// The trial ends about a year after the FIR.
		FIR:          fmt.Sprintf("FIR %d/%d, PS %s %s", 100+s.rnd.IntN(2900), on.Year()-1, s.pick(stationForms), town),
		Sections:     slices.Clone(o.sections),
		ConvictedOn:  day(on),
		Sentence:     sentence,
		AppealStatus: s.pick(appeals),
	}
	free := on.AddDate(years, 0, 0)
	if !free.After(s.today) {
		c.ReleasedOn = day(free)
	}
	return c, free
}
