// Package synth generates a synthetic register of convicted offenders and
// queries against it, for measuring identity matching (docs/matching-benchmark.md).
//
// Everything is deterministic from a seed and the generator's Version: the
// same seed and version give the same register and the same queries, byte for
// byte, so an evaluation set is committed as its seed. Names are drawn from
// the tables in names.go (invented frequencies, never real people); CNICs
// begin with 9, which no province has (docs/identity.md#cnics).
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"nsor/match"
)

// Version is the generator's version. Change it whenever a change to this
// package changes its output for a given seed, so that a recorded seed keeps
// naming one data set.
const Version = "synth-2"

// Record is a register record with what the generator knows about it.
type Record struct {
	match.Person
	Family  int    // records with the same Family are siblings: same father, same family name
	Title   string // a title written before the name, if any ("Ch.")
	Given   []string
	Surname string // the family name, or "" when the name has none
}

// Register is a generated register.
type Register struct {
	Records []Record
	byCNIC  map[string]int
	seen    map[string]bool // name|father|dob of every record
}

// weighted draws from a table of weights.
type weighted struct{ cum []int }

func newWeighted(ws []int) weighted {
	w := weighted{cum: make([]int, len(ws))}
	t := 0
	for i, x := range ws {
		t += x
		w.cum[i] = t
	}
	return w
}

func (w weighted) draw(r *rand.Rand) int {
	x := r.IntN(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if w.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

func weightsOf(ps []part) weighted {
	ws := make([]int, len(ps))
	for i, p := range ps {
		ws[i] = p.W
	}
	return newWeighted(ws)
}

// tables holds the samplers of the name tables.
type tables struct {
	male, female, second, family, title, nick, comp, district weighted
}

func newTables() *tables {
	cw := make([]int, len(compounds))
	for i, c := range compounds {
		cw[i] = c.W
	}
	dw := make([]int, len(districts))
	for i, d := range districts {
		dw[i] = d.W
	}
	return &tables{
		male: weightsOf(maleGiven), female: weightsOf(femaleGiven), second: weightsOf(femaleSecond),
		family: weightsOf(families), title: weightsOf(titlesWritten), nick: weightsOf(nicknames),
		comp: newWeighted(cw), district: newWeighted(dw),
	}
}

// maleName draws a man's given names: "Muhammad" and a second name half the
// time, one name or a compound otherwise.
func (t *tables) maleName(r *rand.Rand) []string {
	var g []string
	if r.IntN(100) < 45 {
		g = append(g, "Muhammad")
	}
	if r.IntN(100) < 15 {
		c := compounds[t.comp.draw(r)]
		g = append(g, compoundText(c))
	} else {
		g = append(g, maleGiven[t.male.draw(r)].Latin)
	}
	if len(g) == 1 && r.IntN(100) < 20 { // two given names: "Amjad Ali"
		g = append(g, maleGiven[t.male.draw(r)].Latin)
	}
	return g
}

// compoundText is a compound as the register usually writes it: "Abdul
// Rehman", "Sanaullah", "Salah-ud-Din", "Fazal-ur-Rehman".
func compoundText(c compound) string {
	switch {
	case c.Head == "Abdul":
		return c.Head + " " + c.Tail
	case c.Tail == "ullah":
		return c.Head + c.Tail
	default:
		return c.Head + "-" + strings.ReplaceAll(c.Tail, " ", "-")
	}
}

// Generate draws a register of n records from seed.
func Generate(n int, seed uint64) *Register {
	r := rand.New(rand.NewPCG(seed, 0x6e736f72)) // "nsor"
	t := newTables()
	reg := &Register{byCNIC: make(map[string]int, n), seen: make(map[string]bool, n)}
	for fam := 0; len(reg.Records) < n; fam++ {
		reg.family(r, t, fam, n)
	}
	return reg
}

// family adds one father's children to the register: siblings share the
// father's name, the family name and the district.
func (reg *Register) family(r *rand.Rand, t *tables, fam, n int) {
	surname := ""
	if r.IntN(100) < 80 {
		surname = families[t.family.draw(r)].Latin
	}
	father := join(t.maleName(r), surname)
	if r.IntN(100) < 3 && len(reg.Records) > 0 { // a namesake: same name and father's name as someone unrelated
		o := reg.Records[r.IntN(len(reg.Records))]
		if o.Gender == "male" && len(o.Parentage) > 0 {
			reg.add(r, t, fam, o.Surname, o.Parentage[0].Name, &o)
			return
		}
	}
	d := districts[t.district.draw(r)]
	kids := 1
	for kids < 5 && r.IntN(100) < 25 {
		kids++
	}
	yearBase := 1950 + r.IntN(50)
	for i := 0; i < kids && len(reg.Records) < n; i++ {
		reg.child(r, t, fam, surname, father, d, yearBase+i*(1+r.IntN(4)))
	}
}

// add records a namesake of o: the same name and father's name, born
// elsewhere at another time.
func (reg *Register) add(r *rand.Rand, t *tables, fam int, surname, father string, o *Record) {
	d := districts[t.district.draw(r)]
	rec := reg.base(r, fam, d, "male", 1950+r.IntN(55))
	rec.Given, rec.Surname = o.Given, surname
	rec.Name = join(o.Given, surname)
	rec.Parentage = []match.Parent{{Relation: "s/o", Name: father}}
	reg.put(rec)
}

func (reg *Register) child(r *rand.Rand, t *tables, fam int, surname, father string, d district, year int) {
	gender := "male"
	if r.IntN(100) < 9 {
		gender = "female"
	}
	rec := reg.base(r, fam, d, gender, year)
	if gender == "male" {
		rec.Given = t.maleName(r)
		rec.Surname = surname
		rec.Parentage = []match.Parent{{Relation: "s/o", Name: father}}
	} else {
		rec.Given = []string{femaleGiven[t.female.draw(r)].Latin}
		if surname != "" && r.IntN(100) < 50 {
			rec.Surname = surname
		} else {
			rec.Surname = femaleSecond[t.second.draw(r)].Latin
		}
		rec.Parentage = []match.Parent{{Relation: "d/o", Name: father}}
		if r.IntN(100) < 50 {
			husband := join(t.maleName(r), families[t.family.draw(r)].Latin)
			rec.Parentage = append(rec.Parentage, match.Parent{Relation: "w/o", Name: husband})
		}
	}
	rec.Name = join(rec.Given, rec.Surname)
	if r.IntN(100) < 8 {
		rec.Title = titlesWritten[t.title.draw(r)].Latin
		rec.Name = rec.Title + " " + rec.Name
	}
	if r.IntN(100) < 10 {
		nick := nicknames[t.nick.draw(r)].Latin
		if r.IntN(2) == 0 && rec.Surname != "" {
			nick += " " + rec.Surname
		}
		rec.Aliases = []string{nick}
	}
	if r.IntN(100) < 4 {
		rec.Parentage = nil // parentage not recorded
	}
	reg.put(rec)
}

// base draws what every record has: id, CNIC, date of birth, gender, district.
func (reg *Register) base(r *rand.Rand, fam int, d district, gender string, year int) Record {
	rec := Record{Family: fam}
	rec.ID = fmt.Sprintf("R%07d", len(reg.Records)+1)
	rec.Gender = gender
	rec.District = d.Name
	if year > 2006 {
		year = 2006
	}
	switch x := r.IntN(100); {
	case x < 5: // unknown
	case x < 13:
		rec.DOB = fmt.Sprintf("%04d", year)
	case x < 20:
		rec.DOB = fmt.Sprintf("%04d-01-01", year) // the registrar's placeholder
	default:
		rec.DOB = fmt.Sprintf("%04d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
	}
	if r.IntN(100) >= 8 {
		rec.CNIC = reg.newCNIC(r, d, gender)
	}
	return rec
}

// newCNIC draws an unused CNIC: 9, the district's code, a tehsil, seven
// digits, and a last digit odd for men and even for women.
func (reg *Register) newCNIC(r *rand.Rand, d district, gender string) string {
	for {
		last := 2 * r.IntN(5)
		if gender == "male" {
			last++
		}
		c := fmt.Sprintf("9%02d%02d%07d%d", d.Code, 1+r.IntN(9), r.IntN(10_000_000), last)
		if _, used := reg.byCNIC[c]; !used {
			return c
		}
	}
}

func (reg *Register) put(rec Record) {
	if rec.CNIC != "" {
		reg.byCNIC[rec.CNIC] = len(reg.Records)
	}
	reg.seen[twinKey(rec.Name, rec.Parentage, rec.DOB)] = true
	reg.Records = append(reg.Records, rec)
}

// HasCNIC reports whether a register record carries the CNIC c.
func (reg *Register) HasCNIC(c string) bool {
	_, ok := reg.byCNIC[c]
	return ok
}

func twinKey(name string, ps []match.Parent, dob string) string {
	f := ""
	if len(ps) > 0 {
		f = ps[0].Name
	}
	return strings.ToLower(name + "|" + f + "|" + dob)
}

func join(given []string, surname string) string {
	s := strings.Join(given, " ")
	if surname != "" {
		s += " " + surname
	}
	return s
}

// Persons returns the register's records as the engine reads them.
func (reg *Register) Persons() []match.Person {
	ps := make([]match.Person, len(reg.Records))
	for i, r := range reg.Records {
		ps[i] = r.Person
	}
	return ps
}

// DefaultSeed is the seed of the committed evaluation sets.
const DefaultSeed = 12

// DefaultHard is how many bulk hard negatives a register of n records gets:
// a fifth of n, at least 10,000 and at most 20,000.
func DefaultHard(n int) int {
	return min(max(n/5, 10_000), 20_000)
}
