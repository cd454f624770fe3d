package demo

import (
	"fmt"
	"strings"

	"nsor"
)

// accusedSpec is an accused as an FIR names them, and what the register
// holds of them.
type accusedSpec struct {
	in    nsor.AccusedInput
	match *record    // their own record: the analyst finds it as likely
	basis nsor.Basis // the strong identifier the FIR gives for match
	alike *record    // a record that only shares the name: a possible candidate
}

// caseSpec is one FIR of the demo and the request filed on it.
type caseSpec struct {
	io       string
	district string
	sections []string // as officers write them; the service reads them into codes
	accused  []accusedSpec
	grounds  string
	fir      *nsor.FIR
	station  *nsor.Jurisdiction
}

var groundsTexts = []string{
	"The accused is named by the victim in the FIR and was arrested near the scene. His prior record is needed to oppose bail and to establish any pattern of offending.",
	"Local inquiries indicate that the accused faced a similar case in another district. Any prior conviction must be verified to direct the investigation.",
	"The manner of the offence matches earlier offences in the area. The suspects' criminal history is needed to direct the investigation and the forensic comparison.",
}

// planCases names the people of each FIR. The first four records are named
// so that R7 (docs/rules.md#r7) identifies them (CNIC, or name, parentage and full date of
// birth); two more only share a name with an accused, one with a CNIC a
// digit off, which is a lead and no identifier.
func (s *seeder) planCases() []*caseSpec {
	r := s.records
	lhr, rwp := "PB-LHR-LHR", "PB-RWP-RWP"
	return []*caseSpec{
		caseAcknowledged: {io: "io.lahore1", district: lhr, sections: []string{"376 PPC", "506 PPC"},
			accused: []accusedSpec{s.known(r[0], nsor.BasisCNIC), s.unknown()}},
		caseSubmitted: {io: "io.lahore1", district: lhr, sections: []string{"377-B PPC"},
			accused: []accusedSpec{s.unknown()}},
		caseAnswered: {io: "io.lahore2", district: lhr, sections: []string{"376/511 PPC", "354 PPC"},
			accused: []accusedSpec{s.known(r[1], nsor.BasisNameParentDOB)}},
		caseForwarded: {io: "io.lahore2", district: lhr, sections: []string{"377 PPC", "34 PPC"},
			accused: []accusedSpec{s.known(r[2], nsor.BasisCNIC), s.alike(r[3], true)}},
		caseReleased: {io: "io.rawalpindi1", district: rwp, sections: []string{"376 PPC"},
			accused: []accusedSpec{s.unknown(), s.alike(r[4], false)}},
		caseReturned: {io: "io.rawalpindi1", district: rwp, sections: []string{"292-A PPC", "22 PECA"},
			accused: []accusedSpec{s.unknown()}},
		caseDraft: {io: "io.lahore2", district: lhr, sections: []string{"376 PPC", "342 PPC"},
			accused: []accusedSpec{s.unknown(), s.unknown()}},
	}
}

// known names a record's person as an FIR would: their name (perhaps in
// another spelling, with their title), parentage and last known address,
// and the strong identifier basis needs.
func (s *seeder) known(r *record, basis nsor.Basis) accusedSpec {
	in := nsor.AccusedInput{Name: s.spelling(r.p), Parentage: &nsor.Parentage{Relation: "S/O", Name: r.p.father},
		Gender: string(nsor.GenderMale), Address: r.in.Addresses[len(r.in.Addresses)-1].Address}
	if basis == nsor.BasisCNIC {
		in.CNIC, in.Age = dashed(r.in.CNIC), s.today.Year()-r.born.Year()
	} else {
		in.DOB = r.in.DOB
	}
	return accusedSpec{in: in, match: r, basis: basis}
}

// alike is another man of the same name as a record's, with another father
// and address; with cnicOff his CNIC is one digit off the record's.
func (s *seeder) alike(r *record, cnicOff bool) accusedSpec {
	other := s.freshPerson()
	in := nsor.AccusedInput{Name: r.p.name, Parentage: &nsor.Parentage{Relation: "S/O", Name: other.father},
		Gender: string(nsor.GenderMale), Address: s.address(s.today).Address, Age: 20 + s.rnd.IntN(30)}
	if cnicOff {
		in.CNIC = dashed(s.oneDigitOff(r.in.CNIC))
	}
	return accusedSpec{in: in, alike: r}
}

// unknown is an accused the register does not know.
func (s *seeder) unknown() accusedSpec {
	p := s.freshPerson()
	in := nsor.AccusedInput{Name: p.full(), Parentage: &nsor.Parentage{Relation: "S/O", Name: p.father},
		Gender: string(nsor.GenderMale), Address: s.address(s.today).Address}
	if s.chance(50) {
		in.Age = 18 + s.rnd.IntN(40)
	} else {
		in.DOB = string(day(s.birthday(false)))
	}
	if s.chance(50) {
		in.CNIC = dashed(s.cnic(false))
	}
	return accusedSpec{in: in}
}

// victim draws the protected particulars (PPC s.376A): a boy for the
// sections on sodomy and child abuse, else a girl or woman.
func (s *seeder) victim(sections []string) *nsor.Victim {
	if strings.Contains(strings.Join(sections, " "), "377") {
		return &nsor.Victim{Name: s.pick(maleGiven) + " " + s.pick(castes), Age: 8 + s.rnd.IntN(8), Gender: nsor.GenderMale}
	}
	return &nsor.Victim{Name: s.femaleName(), Age: 9 + s.rnd.IntN(22), Gender: nsor.GenderFemale}
}

func (s *seeder) enterFIRs() error {
	s.cases = s.planCases()
	for _, c := range s.cases {
		c.grounds = s.pick(groundsTexts)
		if err := s.enterFIR(c); err != nil {
			return err
		}
	}
	return nil
}

// enterFIR enters an FIR as its officer, registered in the last six weeks at
// a station of their district, and attaches its copy.
func (s *seeder) enterFIR(c *caseSpec) error {
	io := s.actor(c.io)
	sts := s.stations[c.district]
	c.station = sts[s.rnd.IntN(len(sts))]
	on := s.today.AddDate(0, 0, -3-s.rnd.IntN(40))
	in := nsor.FIRInput{StationID: c.station.ID, Number: s.firNumber(c.station, on.Year()), Year: on.Year(),
		RegisteredOn: string(day(on)), Sections: c.sections, Victim: s.victim(c.sections)}
	for _, a := range c.accused {
		in.Accused = append(in.Accused, a.in)
	}
	f, _, err := s.svc.CreateFIR(s.ctx, io, in, nsor.Idempotency{})
	if err != nil {
		return fmt.Errorf("demo: create FIR %s/%d: %w", in.Number, in.Year, describe(err))
	}
	c.fir = f
	if _, err := s.svc.PutFIRCopy(s.ctx, io, f.ID, 0, s.firCopy(c)); err != nil {
		return fmt.Errorf("demo: attach copy of FIR %d: %w", f.ID, describe(err))
	}
	s.out.FIRs = append(s.out.FIRs, f.ID)
	for i, a := range c.accused {
		switch {
		case a.match != nil:
			s.out.Matches = append(s.out.Matches, Match{FIRID: f.ID, AccusedID: f.Accused[i].ID, RecordID: a.match.id, Band: nsor.BandLikely, Basis: a.basis})
		case a.alike != nil:
			s.out.Matches = append(s.out.Matches, Match{FIRID: f.ID, AccusedID: f.Accused[i].ID, RecordID: a.alike.id, Band: nsor.BandPossible})
		}
	}
	return nil
}

// firNumber draws a number not yet used at the station in that year.
func (s *seeder) firNumber(st *nsor.Jurisdiction, year int) string {
	for {
		n := fmt.Sprint(100 + s.rnd.IntN(2900))
		if key := fmt.Sprintf("fir/%d/%s/%d", st.ID, n, year); !s.used[key] {
			s.used[key] = true
			return n
		}
	}
}

// firCopy is the scanned copy an officer attaches: here a one-page PDF that
// says it is synthetic, with the particulars the prosecutor checks against
// (number, station, sections, each accused).
func (s *seeder) firCopy(c *caseSpec) []byte {
	f := c.fir
	lines := []string{
		"SYNTHETIC FIR COPY - demo only; it describes no real event or person.",
		fmt.Sprintf("First Information Report No. %s/%d", f.Number, f.Year),
		fmt.Sprintf("Police Station %s, District %s", c.station.Name, s.juris[c.district].Name),
		fmt.Sprintf("Registered on %s under sections %s", f.RegisteredOn, strings.Join(c.sections, ", ")),
		"Accused:",
	}
	for i, a := range c.accused {
		lines = append(lines, fmt.Sprintf("  %d. %s S/O %s, %s", i+1, a.in.Name, a.in.Parentage.Name, a.in.Address))
	}
	return pdf(lines)
}
