package synth

import (
	"fmt"
	"strconv"
)

// hardNegative draws a query for someone who is NOT in the register, though
// a near-twin is: the same name as a record and, by kind, the same father's
// name, the same birth year, a 1 January date of birth or a CNIC one digit
// off. The query never carries a full date of birth that agrees with a
// record of the same name and father's name, nor a register CNIC: nothing
// in it identifies anyone (docs/rules.md#r7), so "likely" is always wrong.
func (c *corruptor) hardNegative(reg *Register, used map[int]bool, qid string, kind int) (Query, Label) {
	fits := func(r *Record) bool { return len(r.Parentage) > 0 && len(r.DOB) >= 4 }
	if kind == 3 {
		fits = func(r *Record) bool { return len(r.Parentage) > 0 && r.CNIC != "" }
	}
	rec := c.pick(reg, used, fits)
	q := Query{QID: qid, Stratum: StratumHardNegative, Name: textOf(unitsOf(rec)), Gender: rec.Gender,
		Parentage: clonePar(rec.Parentage)}
	if c.r.IntN(2) == 0 {
		q.District = districts[c.t.district.draw(c.r)].Name
	}
	year := 1950 + c.r.IntN(55)
	if len(rec.DOB) >= 4 {
		year, _ = strconv.Atoi(rec.DOB[:4])
	}
	switch kind {
	case 0: // same father's name, born another year
		q.Kinds = []string{KindHNSameFather}
		q.DOB = c.otherDate(reg, &q, year+[]int{-7, -4, -2, -1, 1, 2, 4, 7}[c.r.IntN(8)], rec.DOB)
		c.twinCNIC(reg, &q, rec)
	case 1: // same birth year, another day
		q.Kinds = []string{KindHNSameYear}
		q.DOB = c.otherDate(reg, &q, year, rec.DOB)
		c.twinCNIC(reg, &q, rec)
	case 2: // the registrar's 1 January placeholder of the twin's year
		q.Kinds = []string{KindHNJan1}
		q.DOB = fmt.Sprintf("%04d-01-01", year)
	default: // a CNIC one digit off the twin's
		q.Kinds = []string{KindHNCNICOneOff}
		q.CNIC = c.oneOff(reg, rec.CNIC)
		if c.r.IntN(2) == 0 {
			q.DOB = fmt.Sprintf("%04d", year)
		} else if len(rec.DOB) >= 4 {
			q.DOB = c.otherDate(reg, &q, year, rec.DOB)
		}
	}
	if c.r.IntN(3) == 0 { // the informant gave no parentage
		q.Parentage = nil
	}
	return q, Label{QID: qid, Stratum: StratumHardNegative, Kinds: q.Kinds, Near: rec.ID}
}

// otherDate draws a full date in year that is not not twin's and that no
// record of the same name and father's name has.
func (c *corruptor) otherDate(reg *Register, q *Query, year int, twin string) string {
	if year > 2006 {
		year = 2006
	}
	for {
		d := fmt.Sprintf("%04d-%02d-%02d", year, 1+c.r.IntN(12), 2+c.r.IntN(27))
		if d != twin && !reg.seen[twinKey(q.Name, q.Parentage, d)] {
			return d
		}
	}
}

// twinCNIC gives the query its own CNIC half the time: a new one, unused.
func (c *corruptor) twinCNIC(reg *Register, q *Query, rec *Record) {
	if c.r.IntN(2) == 0 {
		d := districts[c.t.district.draw(c.r)]
		q.CNIC = reg.newCNIC(c.r, d, rec.Gender)
	}
}
