package demo

import (
	"errors"
	"fmt"
	"nsor/match"
	"time"

	"nsor"
)

// The register: recordCount records, the last pendingCount left for a
// second registrar to check (maker-checker on screen). The first
// strongCount carry a CNIC and a real full date of birth, so that FIRs can
// name them in ways R7 (docs/rules.md#r7) accepts.
const (
	recordCount  = 40
	pendingCount = 3
	strongCount  = 5
)

// record is a generated register record and what the FIRs need of it.
type record struct {
	p    person
	born time.Time
	in   nsor.RecordInput
	id   int64
}

var (
	towns = []string{"Lahore", "Kasur", "Sheikhupura", "Gujranwala", "Sialkot", "Faisalabad", "Jhang", "Sargodha",
		"Okara", "Sahiwal", "Rawalpindi", "Jhelum", "Chakwal", "Attock", "Multan", "Bahawalpur", "Narowal",
		"Hafizabad", "Chiniot", "Toba Tek Singh"}
	localities = []string{"Islampura", "Rehmanpura", "Farooq Colony", "Gulshan Colony", "Nishatabad",
		"Madina Town", "Bilal Colony", "Ittehad Colony", "Mohalla Chah Miran", "Dhoke Hassu", "Ghaziabad"}
	builds      = []string{"slim", "medium", "heavy", "athletic"}
	complexions = []string{"fair", "wheatish", "dark"}
	marks       = []string{"Scar above the left eyebrow", "Mole on the right cheek", "Burn mark on the left forearm",
		"Missing upper front tooth", "Birthmark on the neck", "Scar on the chin"}
)

// enterRecords enters every record as registrar1 (the maker) and checks all
// but the last few as registrar2 (the checker).
func (s *seeder) enterRecords() error {
	maker, checker := s.actor("registrar1"), s.actor("registrar2")
	for i := range recordCount {
		r := s.newRecord(i, i < strongCount)
		if i < sampleRecords && !s.noSamples {
			if err := s.storeSamples(i, &r.in); errors.Is(err, errNoSamples) {
				s.noSamples = true
			} else if err != nil {
				return err
			}
		}
		v, _, err := s.svc.ProposeRecord(s.ctx, maker, r.in, "Entered from the certified copy of the judgment.", nsor.Idempotency{})
		if err != nil {
			return fmt.Errorf("demo: propose record %d: %w", i, describe(err))
		}
		r.id = v.OffenderID
		s.records = append(s.records, r)
		if i >= recordCount-pendingCount {
			s.out.PendingRecords = append(s.out.PendingRecords, r.id)
			continue
		}
		if _, err := s.svc.CheckChange(s.ctx, checker, r.id, v.N, true, "Checked against the judgment."); err != nil {
			return fmt.Errorf("demo: check record %d: %w", r.id, describe(err))
		}
		s.out.Records = append(s.out.Records, r.id)
	}
	return nil
}

// newRecord draws record i. A strong record is a man with a CNIC and a full
// date of birth that is not a placeholder, free today: FIRs name him.
func (s *seeder) newRecord(i int, strong bool) *record {
	female := !strong && s.chance(8)
	r := &record{p: s.newPerson(female), born: s.birthday(strong)}
	in := nsor.RecordInput{Name: r.p.full(), Parentage: s.parentage(r.p), Gender: string(nsor.GenderMale),
		DOB: s.dob(r.born, strong), BirthPlace: s.pick(towns), Description: s.description(female),
		Convictions: s.convictions(r.born, female, strong), Addresses: s.addresses(r.born), Biometrics: s.biometrics(i)}
	if female {
		in.Gender = string(nsor.GenderFemale)
	}
	if strong || s.chance(90) {
		in.CNIC = s.cnic(female)
	}
	if v := s.variant(r.p.name); v != "" && s.chance(60) {
		in.Aliases = append(in.Aliases, v)
	}
	if !female && s.chance(20) {
		in.Aliases = append(in.Aliases, s.pick(nicknames))
	}
	if s.chance(40) {
		in.Marks = s.pick(marks)
	}
	in.Referrals = s.referrals(in.Convictions)
	r.in = in
	for _, n := range append([]string{r.p.name}, in.Aliases...) {
		s.nameKeys[match.NameKey(n)] = true
	}
	return r
}

// birthday is a day 22 to 60 years ago, never 1 January (a placeholder);
// with older, at least 35 years ago, old enough to have served a sentence.
func (s *seeder) birthday(older bool) time.Time {
	youngest := 22
	if older {
		youngest = 35
	}
	b := time.Date(s.today.Year()-youngest-s.rnd.IntN(61-youngest), time.Month(1+s.rnd.IntN(12)), 1+s.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
	if b.Month() == time.January && b.Day() == 1 {
		b = b.AddDate(0, 0, 1)
	}
	return b
}

// dob is the date of birth as the register knows it: mostly the full date,
// sometimes the year alone or the 1 January that registrars write when only
// the year is known (no evidence of identity, docs/rules.md#r7).
func (s *seeder) dob(born time.Time, strong bool) string {
	switch n := s.rnd.IntN(100); {
	case strong || n < 75:
		return string(day(born))
	case n < 90:
		return fmt.Sprint(born.Year())
	}
	return fmt.Sprintf("%d-01-01", born.Year())
}

// parentage is S/O or D/O the father; some women are also recorded W/O
// their husband.
func (s *seeder) parentage(p person) []nsor.Parentage {
	if !p.female {
		return []nsor.Parentage{{Relation: "S/O", Name: p.father}}
	}
	out := []nsor.Parentage{{Relation: "D/O", Name: p.father}}
	if s.chance(50) {
		out = append(out, nsor.Parentage{Relation: "W/O", Name: s.maleName()})
	}
	return out
}

func (s *seeder) description(female bool) string {
	ft, in := 5, 3+s.rnd.IntN(9)
	if female {
		in = s.rnd.IntN(6)
	}
	return fmt.Sprintf("Height %d'%d\", %s build, %s complexion", ft, in, s.pick(builds), s.pick(complexions))
}

// addresses gives one or two addresses with dates; the last is open, so it is
// the last known address.
func (s *seeder) addresses(born time.Time) []nsor.Address {
	first := s.address(born.AddDate(18, 0, 0))
	if s.chance(55) {
		return []nsor.Address{first}
	}
	moved := s.between(born.AddDate(20, 0, 0), s.today.AddDate(0, -1, 0))
	first.To = day(moved)
	return []nsor.Address{first, s.address(moved.AddDate(0, 0, 1))}
}

func (s *seeder) address(from time.Time) nsor.Address {
	town := s.pick(towns)
	text := fmt.Sprintf("House %d, Street %d, %s, %s", 1+s.rnd.IntN(400), 1+s.rnd.IntN(30), s.pick(localities), town)
	if s.chance(25) {
		text = fmt.Sprintf("Chak No. %d, Tehsil and District %s", 10+s.rnd.IntN(600), town)
	}
	return nsor.Address{Address: text, District: town, From: day(from)}
}

// biometrics gives some records a fingerprint, and fewer a DNA profile,
// referenced under a synthetic forensic case number; i keeps them unique.
func (s *seeder) biometrics(i int) []nsor.Biometric {
	var out []nsor.Biometric
	if s.chance(30) {
		out = append(out, nsor.Biometric{Kind: "fingerprint", Reference: fmt.Sprintf("SYN-FP-%05d", 10000+i),
			Provenance: fmt.Sprintf("PFSA report %d/%d (synthetic)", 100+s.rnd.IntN(9000), s.today.Year()-1-s.rnd.IntN(8))})
	}
	if s.chance(10) {
		out = append(out, nsor.Biometric{Kind: "dna", Reference: fmt.Sprintf("SYN-DNA-%05d", 10000+i),
			Provenance: fmt.Sprintf("PFSA DNA unit report %d/%d (synthetic)", 100+s.rnd.IntN(9000), s.today.Year()-1-s.rnd.IntN(8))})
	}
	return out
}

// referrals track some serial offenders' psychological evaluation.
func (s *seeder) referrals(cs []nsor.Conviction) []nsor.Referral {
	if len(cs) < 2 || !s.chance(60) {
		return nil
	}
	last, _ := time.Parse(time.DateOnly, string(cs[len(cs)-1].ConvictedOn))
	until := last.AddDate(0, 6, 0)
	if until.After(s.today) {
		until = s.today
	}
	on := s.between(last, until)
	outcome := s.pick([]string{"Evaluated; treatment programme recommended", "Evaluated; no disorder found", ""})
	return []nsor.Referral{{ReferredOn: day(on), Professional: "Clinical psychologist, Central Jail " + s.pick(towns), Outcome: outcome}}
}
