package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"nsor/match"
)

// The strata of queries: what evidence a query carries of its true record.
const (
	StratumCNIC          = "cnic"           // the exact CNIC, the name corrupted
	StratumParentageDOB  = "parentage_dob"  // no CNIC; parentage and the full, non-placeholder date of birth
	StratumParentage     = "parentage_only" // no CNIC; parentage, the date of birth missing, year only or swapped
	StratumNameOnly      = "name_only"      // the name, perhaps a date of birth; nothing else
	StratumCNICOneOff    = "cnic_one_off"   // a CNIC one digit off, the name corrupted
	StratumUrdu          = "urdu"           // name and parentage in Urdu script, full date of birth
	StratumArabic        = "arabic"         // name and parentage in Arabic script, full date of birth
	StratumHardNegative  = "hard_negative"  // the true person is not in the register; a near-twin is
	KindHNSameFather     = "hn_same_father"
	KindHNSameYear       = "hn_same_birth_year"
	KindHNJan1           = "hn_1_january"
	KindHNCNICOneOff     = "hn_cnic_one_off"
	frozenQueries        = 1000
	hardNegativeKindsCnt = 4
)

// FrozenStrata is how many of the frozen 1,000 queries each stratum has.
var FrozenStrata = []struct {
	Stratum string
	N       int
}{
	{StratumCNIC, 200}, {StratumParentageDOB, 200}, {StratumParentage, 100}, {StratumNameOnly, 100},
	{StratumCNICOneOff, 50}, {StratumUrdu, 100}, {StratumArabic, 50}, {StratumHardNegative, 200},
}

// Query is a query line of `nsor match eval`, with what was done to it.
type Query struct {
	QID       string         `json:"qid"`
	Name      string         `json:"name"`
	Aliases   []string       `json:"aliases,omitempty"`
	Parentage []match.Parent `json:"parentage,omitempty"`
	CNIC      string         `json:"cnic,omitempty"`
	DOB       string         `json:"dob,omitempty"`
	Gender    string         `json:"gender,omitempty"`
	District  string         `json:"district,omitempty"`
	Stratum   string         `json:"kind"` // the stratum: nsor match eval reports by it
	Kinds     []string       `json:"kinds"`
}

// Label is a label line of `nsor match eval`: the query's true record, or
// null. Near is the register record a hard negative is a near-twin of.
type Label struct {
	QID     string   `json:"qid"`
	ID      *string  `json:"id"`
	Stratum string   `json:"kind"` // the stratum: nsor match eval reports by it
	Kinds   []string `json:"kinds"`
	Near    string   `json:"near,omitempty"`
}

// Person is the query as the engine reads it.
func (q *Query) Person() match.Person {
	return match.Person{ID: q.QID, Name: q.Name, Aliases: q.Aliases, Parentage: q.Parentage, CNIC: q.CNIC,
		DOB: q.DOB, Gender: q.Gender, District: q.District}
}

// Set is an evaluation set: the frozen stratified queries and the bulk hard
// negatives, with their labels.
type Set struct {
	Queries, HardNegatives []Query
	Labels, HardLabels     []Label
}

// Queries draws the frozen, stratified 1,000 queries and hard hard
// negatives against reg, every spelling from lx.
func Queries(reg *Register, lx *Lexicon, seed uint64, hard int) *Set {
	c := &corruptor{r: rand.New(rand.NewPCG(seed, 0x71756572)), lx: lx, t: newTables()} // "quer"
	s := &Set{}
	used := map[int]bool{}
	for _, st := range FrozenStrata {
		for i := 0; i < st.N; i++ {
			qid := fmt.Sprintf("Q%04d", len(s.Queries)+1)
			var q Query
			var l Label
			if st.Stratum == StratumHardNegative {
				q, l = c.hardNegative(reg, used, qid, i%hardNegativeKindsCnt)
			} else {
				q, l = c.positive(reg, used, qid, st.Stratum)
			}
			s.Queries, s.Labels = append(s.Queries, q), append(s.Labels, l)
		}
	}
	for i := 0; i < hard; i++ {
		q, l := c.hardNegative(reg, nil, fmt.Sprintf("H%06d", i+1), i%hardNegativeKindsCnt)
		s.HardNegatives, s.HardLabels = append(s.HardNegatives, q), append(s.HardLabels, l)
	}
	return s
}

// pick draws a record that fits and was not drawn before (used may be nil:
// the bulk hard negatives may share records).
func (c *corruptor) pick(reg *Register, used map[int]bool, fits func(*Record) bool) *Record {
	for {
		i := c.r.IntN(len(reg.Records))
		rec := &reg.Records[i]
		if (used == nil || !used[i]) && fits(rec) {
			if used != nil {
				used[i] = true
			}
			return rec
		}
	}
}

func fullDOB(d string) bool { return len(d) == 10 && !strings.HasSuffix(d, "-01-01") }

func (c *corruptor) fits(stratum string) func(*Record) bool {
	switch stratum {
	case StratumCNIC, StratumCNICOneOff:
		return func(r *Record) bool { return r.CNIC != "" }
	case StratumParentageDOB, StratumUrdu, StratumArabic:
		return func(r *Record) bool { return len(r.Parentage) > 0 && fullDOB(r.DOB) }
	case StratumParentage:
		return func(r *Record) bool { return len(r.Parentage) > 0 }
	}
	return func(*Record) bool { return true }
}

// positive draws a query whose true record is in the register.
func (c *corruptor) positive(reg *Register, used map[int]bool, qid, stratum string) (Query, Label) {
	rec := c.pick(reg, used, c.fits(stratum))
	q := Query{QID: qid, Stratum: stratum, Gender: rec.Gender, Parentage: clonePar(rec.Parentage)}
	if c.r.IntN(100) < 50 {
		q.District = rec.District
	}
	if c.r.IntN(100) < 20 { // the informant did not say
		q.Gender = ""
	}
	switch stratum {
	case StratumUrdu, StratumArabic:
		c.script(&q, rec, stratum == StratumArabic)
	default:
		q.Name, q.Kinds = c.corruptName(rec, []int{0, 1, 1, 1, 2, 2, 2}[c.r.IntN(7)])
		if len(rec.Aliases) > 0 && c.r.IntN(100) < 10 {
			q.Name, q.Kinds = rec.Aliases[0], []string{KindAliasUsed}
		}
	}
	c.fields(&q, rec, reg, stratum)
	id := rec.ID
	return q, Label{QID: qid, ID: &id, Stratum: stratum, Kinds: q.Kinds}
}

// fields sets the CNIC, date of birth and parentage as the stratum has them.
func (c *corruptor) fields(q *Query, rec *Record, reg *Register, stratum string) {
	switch stratum {
	case StratumCNIC:
		q.CNIC = rec.CNIC
		c.maybeDropParentage(q, 50)
		c.someDOB(q, rec)
	case StratumCNICOneOff:
		q.CNIC = c.oneOff(reg, rec.CNIC)
		q.Kinds = append(q.Kinds, KindCNICOneOff)
		c.maybeDropParentage(q, 50)
		c.weakDOB(q, rec)
	case StratumParentageDOB, StratumUrdu, StratumArabic:
		q.DOB = rec.DOB
		c.noCNIC(q, rec)
		c.maybeRespellParent(q)
	case StratumParentage:
		c.weakDOB(q, rec)
		c.noCNIC(q, rec)
		c.maybeRespellParent(q)
	case StratumNameOnly:
		c.noCNIC(q, rec)
		c.maybeDropParentage(q, 100)
		c.someDOB(q, rec)
	}
}

func (c *corruptor) noCNIC(q *Query, rec *Record) {
	if rec.CNIC != "" {
		q.Kinds = append(q.Kinds, KindCNICMissing)
	}
}

func (c *corruptor) maybeDropParentage(q *Query, pct int) {
	if len(q.Parentage) > 0 && c.r.IntN(100) < pct {
		q.Parentage = nil
		q.Kinds = append(q.Kinds, KindParentageMissing)
	}
}

// maybeRespellParent respells the father's name a third of the time.
func (c *corruptor) maybeRespellParent(q *Query) {
	if len(q.Parentage) == 0 || c.r.IntN(3) != 0 || q.Stratum == StratumUrdu || q.Stratum == StratumArabic {
		return
	}
	ws := strings.Fields(q.Parentage[0].Name)
	for _, i := range c.r.Perm(len(ws)) {
		if s, ok := c.respell(ws[i]); ok {
			ws[i] = s
			q.Parentage[0].Name = strings.Join(ws, " ")
			q.Kinds = append(q.Kinds, KindParentSpelling)
			return
		}
	}
}

// someDOB keeps the date of birth, or makes it year only, swapped or missing.
func (c *corruptor) someDOB(q *Query, rec *Record) {
	q.DOB = rec.DOB
	if c.r.IntN(2) == 0 {
		c.weakDOB(q, rec)
	}
}

// weakDOB leaves no full, correct date of birth: year only, day and month
// swapped, or none.
func (c *corruptor) weakDOB(q *Query, rec *Record) {
	q.DOB = ""
	if rec.DOB == "" {
		return
	}
	switch x := c.r.IntN(3); {
	case x == 0 && swappable(rec.DOB):
		q.DOB = rec.DOB[:5] + rec.DOB[8:10] + "-" + rec.DOB[5:7]
		q.Kinds = append(q.Kinds, KindDOBSwapped)
	case x <= 1:
		q.DOB = rec.DOB[:4]
		if len(rec.DOB) > 4 {
			q.Kinds = append(q.Kinds, KindDOBYearOnly)
		}
	default:
		q.Kinds = append(q.Kinds, KindDOBMissing)
	}
}

func swappable(d string) bool {
	return len(d) == 10 && d[8:10] <= "12" && d[5:7] != d[8:10]
}

// oneOff changes one digit of a CNIC (never the leading 9) to a CNIC that no
// record has.
func (c *corruptor) oneOff(reg *Register, cnic string) string {
	for {
		b := []byte(cnic)
		p := 1 + c.r.IntN(len(b)-1)
		d := byte('0' + c.r.IntN(10))
		if d == b[p] {
			continue
		}
		b[p] = d
		if s := string(b); !reg.HasCNIC(s) {
			return s
		}
	}
}

// script writes the name and the parentage in Urdu or Arabic script.
func (c *corruptor) script(q *Query, rec *Record, arabic bool) {
	name := textOf(unitsOf(rec))
	u, lex := UrduName(name, c.lx)
	q.Kinds = []string{KindUrdu}
	if lex {
		q.Kinds = append(q.Kinds, KindUrduLexicon)
	}
	for i := range q.Parentage {
		q.Parentage[i].Name, _ = UrduName(q.Parentage[i].Name, c.lx)
	}
	if arabic {
		u = ArabicName(u, rec.Gender == "female")
		for i := range q.Parentage {
			q.Parentage[i].Name = ArabicName(q.Parentage[i].Name, false)
		}
		q.Kinds = []string{KindArabic}
	}
	q.Name = u
}

func clonePar(ps []match.Parent) []match.Parent {
	if ps == nil {
		return nil
	}
	return append([]match.Parent(nil), ps...)
}
