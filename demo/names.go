package demo

import (
	"fmt"
	"nsor/match"
	"strings"
)

// Common name parts of Punjab. Combined at random they make names that look
// ordinary and belong to nobody in particular.
var (
	maleGiven = []string{"Asif", "Tariq", "Khalid", "Naveed", "Shahid", "Zahid", "Kashif", "Irfan", "Waqas",
		"Bilal", "Usman", "Faisal", "Adnan", "Sajid", "Nadeem", "Rizwan", "Amjad", "Arshad", "Javed", "Akram",
		"Aslam", "Shahzad", "Waseem", "Zubair", "Hamid", "Imran", "Nasir", "Qasim", "Yasir", "Sohail"}
	maleSecond = []string{"Ahmed", "Hussain", "Iqbal", "Ali", "Rehman", "Mehmood", "Akhtar", "Latif", "Rafiq",
		"Saleem", "Nawaz", "Ashraf", "Hanif", "Anwar"}
	compounds = []string{"Abdul Rehman", "Abdul Ghafoor", "Abdul Qadir", "Abdul Majeed", "Abdul Sattar",
		"Ghulam Rasool", "Ghulam Mustafa", "Ghulam Abbas", "Ghulam Murtaza", "Ghulam Haider", "Allah Ditta",
		"Allah Rakha", "Shams ur Rehman", "Ata ullah", "Noor Muhammad"}
	castes = []string{"Butt", "Awan", "Gujjar", "Arain", "Qureshi", "Bhatti", "Cheema", "Virk", "Sandhu",
		"Mughal", "Khokhar", "Shah", "Khan", "Abbasi", "Satti", "Janjua", "Dogar", "Niazi", "Ansari", "Warraich"}
	femaleGiven = []string{"Nasreen", "Shabana", "Rukhsana", "Samina", "Parveen", "Kausar", "Farzana", "Sadia",
		"Ayesha", "Fatima", "Zainab", "Saima", "Nabila", "Rabia", "Iram", "Sana", "Amna", "Hina", "Kiran", "Shazia"}
	femaleSecond = []string{"Bibi", "Begum", "Akhtar", "Kanwal", "Noreen", "Batool", "Yasmin"}
	maleTitles   = []string{"Ch.", "Malik", "Rana", "Mian", "Syed", "Hafiz", "Haji", "Mirza", "Sheikh"}
	nicknames    = []string{"Kala", "Billa", "Pappu", "Mithu", "Bao", "Guddu", "Lala", "Jani", "Bhola", "Chhota"}
)

// romanisations are spellings of one name part that the register's name
// keys fold together (match.NameKey): the aliases a record carries because
// officers write the same name differently.
var romanisations = map[string][]string{
	"Muhammad": {"Mohammad", "Mohd.", "M."}, "Ahmed": {"Ahmad"}, "Rehman": {"Rahman"},
	"Hussain": {"Husain", "Hussein"}, "Iqbal": {"Ikbal"}, "Qasim": {"Kasim"}, "Abdul": {"Abd-ul", "Abdur"},
}

// person is a synthetic person: a name with its titles kept apart (as the
// register keeps them), and the father's name for the parentage.
type person struct {
	title  string
	name   string
	father string
	female bool
}

// full is the name as written on a form, title first.
func (p person) full() string {
	if p.title == "" {
		return p.name
	}
	return p.title + " " + p.name
}

func (s *seeder) maleName() string {
	switch s.rnd.IntN(5) {
	case 0:
		return "Muhammad " + s.pick(maleGiven)
	case 1:
		return s.pick(maleGiven) + " " + s.pick(maleSecond)
	case 2:
		return s.pick(compounds)
	case 3:
		return "Muhammad " + s.pick(maleGiven) + " " + s.pick(castes)
	}
	return s.pick(maleGiven) + " " + s.pick(castes)
}

func (s *seeder) femaleName() string {
	if s.chance(30) {
		return s.pick(femaleGiven)
	}
	if s.chance(50) {
		return s.pick(femaleGiven) + " " + s.pick(femaleSecond)
	}
	return s.pick(femaleGiven) + " " + s.pick(castes)
}

// personName is a name for a staff account, different from every other, so
// that a history read as names is unambiguous.
func (s *seeder) personName(female bool) string {
	for {
		name := s.maleName()
		if female {
			name = s.femaleName()
		}
		if key := "staff/" + name; !s.used[key] {
			s.used[key] = true
			return name
		}
	}
}

// newPerson draws a person; men sometimes carry a title.
func (s *seeder) newPerson(female bool) person {
	p := person{father: s.maleName(), female: female}
	if female {
		p.name = s.femaleName()
		return p
	}
	p.name = s.maleName()
	if s.chance(20) {
		p.title = s.pick(maleTitles)
	}
	return p
}

// freshPerson draws a man whose name is not in the register, so that an
// accused meant to be unknown to it finds no candidate.
func (s *seeder) freshPerson() person {
	for {
		p := s.newPerson(false)
		if !s.nameKeys[match.NameKey(p.name)] {
			return p
		}
	}
}

// variant respells one part of name the way another officer might, keeping
// its name key; "" when no part has a known variant.
func (s *seeder) variant(name string) string {
	words := strings.Fields(name)
	var idx []int
	for i, w := range words {
		if _, ok := romanisations[w]; ok {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return ""
	}
	i := idx[s.rnd.IntN(len(idx))]
	words[i] = s.pick(romanisations[words[i]])
	v := strings.Join(words, " ")
	if match.NameKey(v) != match.NameKey(name) {
		return "" // a respelling the register would not fold is a different name
	}
	return v
}

// spelling is how an FIR writes a known person: title and all, and half the
// time in another romanisation.
func (s *seeder) spelling(p person) string {
	name := p.name
	if v := s.variant(p.name); v != "" && s.chance(50) {
		name = v
	}
	return strings.TrimSpace(p.title + " " + name)
}

// cnic draws an unused synthetic CNIC: 9 first, which no province carries,
// and the last digit odd for a man and even for a woman, as NADRA issues
// them.
func (s *seeder) cnic(female bool) string {
	for {
		b := []byte{'9'}
		for range 11 {
			b = append(b, byte('0'+s.rnd.IntN(10)))
		}
		last := 2*s.rnd.IntN(5) + 1
		if female {
			last--
		}
		c := string(append(b, byte('0'+last)))
		if !s.used[c] && c != "9999999999999" {
			s.used[c] = true
			return c
		}
	}
}

// oneDigitOff returns an unused CNIC that differs from c in one middle digit:
// a lead, never an identifier (docs/rules.md#r7).
func (s *seeder) oneDigitOff(c string) string {
	for {
		b := []byte(c)
		i := 1 + s.rnd.IntN(11)
		b[i] = byte('0' + (int(b[i]-'0')+1+s.rnd.IntN(9))%10)
		if d := string(b); !s.used[d] {
			s.used[d] = true
			return d
		}
	}
}

// dashed writes a CNIC as printed on the card, as officers type it.
func dashed(c string) string { return fmt.Sprintf("%s-%s-%s", c[:5], c[5:12], c[12:]) }
