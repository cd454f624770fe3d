package match

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// side is one person prepared for comparison: a query, or a register record.
type side struct {
	name     []token
	aliases  [][]token
	parents  [][]token
	cnic     uint64
	dob      dob
	gender   uint8
	district string
}

// prepare reads a Person for comparison. The name must parse; an alias or a
// parent's name that does not is left out (and the CNIC and date must be
// well formed).
func prepare(p Person) (side, Parsed, error) {
	var s side
	pn, err := Parse(p.Name)
	if err != nil {
		return s, pn, err
	}
	if s.cnic, err = cnicDigits(p.CNIC); err != nil {
		return s, pn, err
	}
	if s.dob, err = parseDOB(p.DOB); err != nil {
		return s, pn, err
	}
	s.name = pn.toks
	for _, a := range append(slices.Clone(pn.Aliases), p.Aliases...) {
		if ap, err := Parse(a); err == nil {
			s.aliases = append(s.aliases, ap.toks)
		}
	}
	for _, pr := range append(slices.Clone(pn.Parentage), p.Parentage...) {
		if pp, err := Parse(pr.Name); err == nil {
			s.parents = append(s.parents, pp.toks)
		}
	}
	s.gender = genderCode(p.Gender)
	s.district = districtKey(p.District)
	return s, pn, nil
}

// Token comparison levels, weakest first.
const (
	tNone = iota
	tInitial
	tFuzzy
	tSkeleton
	tVariant
	tExact
)

var tokenLevelName = [...]string{"none", "initial", "fuzzy", "skeleton", "variant", "exact"}

// compareTokens compares two name parts: the same canonical spelling; one
// variant group (the dictionary); one consonant skeleton; or spellings
// close by Jaro-Winkler.
func compareTokens(a, b *token) int {
	if a.text == b.text {
		return tExact
	}
	short := len(a.text) < 3 || len(b.text) < 3
	if !short && shareGroup(a.groups, b.groups) {
		return tVariant
	}
	jw := -1.0
	if a.skel != "" && (a.skel == b.skel || (a.skel2 != "" && a.skel2 == b.skel) || (b.skel2 != "" && b.skel2 == a.skel)) {
		if len(a.skel) >= 3 {
			return tSkeleton
		}
		if jw = jaroWinkler(a.text, b.text); jw >= 0.85 {
			return tSkeleton
		}
	}
	if !short && len(a.text) >= 4 && len(b.text) >= 4 {
		if jw < 0 {
			jw = jaroWinkler(a.text, b.text)
		}
		if jw >= 0.88 {
			return tFuzzy
		}
	}
	if (len(a.text) == 1 || len(b.text) == 1) && a.text[0] == b.text[0] && wordScript(a.text) == Latin {
		return tInitial
	}
	return tNone
}

func shareGroup(a, b []uint32) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// The m/u weights, in bits (log2 of the likelihood ratio). A name part's
// agreement weighs log2(m/u) with u the share of register identities whose
// name has that part (the term-frequency adjustment: "Muhammad" weighs about
// one bit, a rare surname up to tokenMax), less a discount for agreement
// through a variant, a skeleton or a near spelling.
const (
	tokenM          = 0.95
	tokenMax        = 12.0 // a part no one else has
	tokenMin        = 0.25
	variantDiscount = 0.5
	skeletonDisc    = 2.0
	fuzzyDisc       = 4.0
	queryExtra      = -3.0  // a part of the query the record lacks
	recordExtra     = -1.0  // a part of the record the query lacks (a middle name left out)
	nameNone        = -6.0  // no part agrees at all
	substituted     = -10.0 // a part of each name in the other's place: another person's name
	initialWeight   = 0.5   // an initial agrees with a part's first letter

	parentScale = 0.6 // a parent's name is weaker evidence than one's own

	cnicExact    = 16.0
	cnicNear     = 3.0 // one digit off or two transposed: a lead (docs/rules.md#r7)
	cnicDiffer   = -12.0
	dobExact     = 8.0
	dobPlacehold = 2.5 // 1 January: the year is all it says
	dobYear      = 2.0
	dobSwapped   = 2.0
	dobNear      = -1.0
	dobDiffer    = -5.0
	genderSame   = 0.2
	genderDiffer = -5.0
	distSame     = 1.0
	distDiffer   = -0.5
)

// freqFunc is the share of register identities whose name has a part.
type freqFunc func(t *token) float64

func tokenWeight(t *token, level int, freq freqFunc) float64 {
	if level == tInitial {
		return initialWeight
	}
	u := freq(t)
	w := math.Log2(tokenM / u)
	switch level {
	case tVariant:
		w -= variantDiscount
	case tSkeleton:
		w -= skeletonDisc
	case tFuzzy:
		w -= fuzzyDisc
	}
	return min(max(w, tokenMin), tokenMax)
}

// commonShare is the share above which a part is common: it says little on
// its own (Muhammad, Ali, Khan), and a name agreeing only in common parts is
// not a compatible name (docs/identity.md#names). The parts name.go lists as
// common are common whatever their share.
const commonShare = 0.05

// nameCmp is how two names compare.
type nameCmp struct {
	level   string // exact, variant, partial, weak, none, missing
	weight  float64
	rare    bool // a part that is not common agrees
	matched []matchedPart
}

// matchedPart is a part of one name matched with a part of the other.
type matchedPart struct{ q, r, level string }

// full reports whether every part of the shorter name agrees, on a part
// that is not common: the name is compatible.
func (c nameCmp) compatible() bool {
	return c.rare && (c.level == "exact" || c.level == "variant" || c.level == "partial")
}

// agrees reports whether every part of both names agrees (a parent's name
// in full, common parts or not), or every part of the shorter including a
// part that is not common.
func (c nameCmp) agrees() bool {
	return c.level == "exact" || c.level == "variant" || c.compatible()
}

// compareNames matches the parts of two names one to one, best pairs first
// and in any order, and weighs them.
func compareNames(q, r []token, freq freqFunc) nameCmp {
	if len(q) == 0 || len(r) == 0 {
		return nameCmp{level: "missing"}
	}
	type pair struct {
		i, j, level int
		w           float64
	}
	var pairs []pair
	for i := range q {
		for j := range r {
			if l := compareTokens(&q[i], &r[j]); l != tNone {
				pairs = append(pairs, pair{i, j, l, tokenWeight(&r[j], l, freq)})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.level, a.level), cmp.Compare(b.w, a.w))
	})
	var usedQ, usedR uint64
	var c nameCmp
	joinedQ, joinedR := 0, 0
	exact := true
	n := 0
	for _, p := range pairs {
		if p.i >= 64 || p.j >= 64 || usedQ&(1<<p.i) != 0 || usedR&(1<<p.j) != 0 {
			continue
		}
		usedQ |= 1 << p.i
		usedR |= 1 << p.j
		n++
		c.weight += p.w
		if p.level != tExact {
			exact = false
		}
		if p.level != tInitial && freq(&r[p.j]) < commonShare && !commonParts[r[p.j].text] && !commonParts[q[p.i].text] {
			c.rare = true
		}
		c.matched = append(c.matched, matchedPart{q[p.i].text, r[p.j].text, tokenLevelName[p.level]})
	}
	// Parts run together on one side and apart on the other ("Abdulghani"
	// and "Abdul Ghani" are split alike by the parser; "Platonovich" and
	// "Plat Ono Vich" are not): two or three adjacent unmatched parts joined
	// and compared with an unmatched part of the other name.
	for _, sides := range [2]bool{false, true} {
		a, b, ua, ub := q, r, &usedQ, &usedR
		if sides {
			a, b, ua, ub = r, q, &usedR, &usedQ
		}
		for j := range b {
			if j >= 64 || *ub&(1<<j) != 0 {
				continue
			}
			for i := 0; i+1 < len(a) && i+1 < 64; i++ {
				found := false
				for w := 2; w <= 3 && i+w <= len(a) && i+w <= 64; w++ {
					if *ua&(((1<<w)-1)<<i) != 0 {
						break
					}
					var joined strings.Builder
					for _, t := range a[i : i+w] {
						joined.WriteString(t.text)
					}
					jt := latinToken(joined.String())
					if l := compareTokens(&jt, &b[j]); l >= tSkeleton {
						*ua |= ((1 << w) - 1) << i
						*ub |= 1 << j
						n++
						extraJoined := w - 1
						if sides {
							joinedR += extraJoined
						} else {
							joinedQ += extraJoined
						}
						c.weight += tokenWeight(&b[j], min(l, tVariant), freq)
						exact = false
						c.matched = append(c.matched, matchedPart{jt.text, b[j].text, "joined"})
						found = true
						break
					}
				}
				if found {
					break
				}
			}
		}
	}
	extraQ, extraR := len(q)-n-joinedQ, len(r)-n-joinedR
	subst := min(extraQ, extraR)
	c.weight += float64(subst)*substituted + float64(extraQ-subst)*queryExtra + float64(extraR-subst)*recordExtra
	switch {
	case n == 0:
		c.level, c.weight = "none", nameNone
	case extraQ == 0 && extraR == 0 && exact:
		c.level = "exact"
	case extraQ == 0 && extraR == 0:
		c.level = "variant"
	case extraQ == 0 || extraR == 0:
		c.level = "partial"
	default:
		c.level = "weak"
	}
	return c
}

// evidence is what the comparison of a query with a record found, field by
// field: the input of the banding rule.
type evidence struct {
	name   nameCmp // the best of the name and the aliases
	parent nameCmp
	cnic   string // exact, one_digit_off, transposed, different, missing
	dob    string // exact, placeholder, year, swapped, near, different, missing
	gender string // same, different, missing
}

// band applies docs/rules.md#r7 to the evidence:
//
//	"likely" needs the exact CNIC with a compatible name, or the name, the
//	parentage and a full date of birth that is not a placeholder (a year
//	alone, 1 January), all agreeing; and nothing on the record contradicts
//	it (another CNIC, even one digit off; another gender; another date of
//	birth).
//	A CNIC one digit off, a year of birth or a 1 January date is evidence
//	for "possible" at most; a name alone reaches "possible" at most.
//
// Anything else with a positive score and some agreement of name or CNIC is
// "possible"; the rest is "no_match".
func band(e evidence, score float64) Band {
	// Two CNICs that differ, even by one digit, are not the same card: a
	// typo or another person, so the particulars cannot carry "likely".
	cnicDiffers := e.cnic == "different" || e.cnic == "one_digit_off" || e.cnic == "transposed"
	contradicted := cnicDiffers || e.gender == "different" || e.dob == "different"
	byCNIC := e.cnic == "exact" && e.name.compatible()
	byParticulars := e.name.compatible() && e.parent.agrees() && e.dob == "exact"
	switch {
	case !contradicted && (byCNIC || byParticulars):
		return Likely
	case score >= possibleMin && (e.name.level != "none" || e.cnic == "exact" || e.cnic == "one_digit_off" || e.cnic == "transposed"):
		return Possible
	}
	return NoMatch
}

// possibleMin is the least score of a "possible" candidate.
const possibleMin = 4.0

// compare scores a record against a query: one Reason per field, whose
// weights add up to the score, and the band.
//
// Without explain, the reasons have no Explain sentences (the index scores
// many candidates and explains the k it returns).
func compare(q, r *side, freq freqFunc, explain ...bool) (float64, []Reason, Band) {
	var e evidence
	reasons := make([]Reason, 0, 7)
	say := len(explain) == 0 || explain[0]
	add := func(field, level string, w float64, explain string) {
		if !say {
			explain = ""
		}
		reasons = append(reasons, Reason{Field: field, Level: level, Weight: w, Explain: explain})
	}

	e.name = compareNames(q.name, r.name, freq)
	add("name", e.name.level, e.name.weight, nameExplain(say, "The name", e.name))

	best := e.name
	for _, qa := range append([][]token{q.name}, q.aliases...) {
		for k, ra := range append([][]token{r.name}, r.aliases...) {
			if k == 0 && len(qa) > 0 && &qa[0] == &q.name[0] {
				continue
			}
			if c := compareNames(qa, ra, freq); c.weight > best.weight {
				best = c
			}
		}
	}
	if best.weight > e.name.weight {
		add("aliases", best.level, best.weight-e.name.weight, nameExplain(say, "An alias", best))
		e.name = best
	}

	e.parent = nameCmp{level: "missing"}
	for _, qp := range q.parents {
		for _, rp := range r.parents {
			if c := compareNames(qp, rp, freq); e.parent.level == "missing" || c.weight > e.parent.weight {
				e.parent = c
			}
		}
	}
	if e.parent.level != "missing" {
		e.parent.weight *= parentScale
		add("parentage", e.parent.level, e.parent.weight, nameExplain(say, "The parentage", e.parent))
	}

	e.cnic = "missing"
	if q.cnic != 0 && r.cnic != 0 {
		e.cnic = cnicApart(q.cnic, r.cnic)
		switch e.cnic {
		case "exact":
			add("cnic", e.cnic, cnicExact, "The CNIC is the same.")
		case "one_digit_off":
			add("cnic", e.cnic, cnicNear, "The CNIC is one digit off: a lead, never an identifier.")
		case "transposed":
			add("cnic", e.cnic, cnicNear, "The CNIC has two adjacent digits swapped: a lead, never an identifier.")
		default:
			add("cnic", e.cnic, cnicDiffer, "The CNICs differ.")
		}
	}

	e.dob = "missing"
	if q.dob.known() && r.dob.known() {
		e.dob, _ = compareDOB(q.dob, r.dob)
		w, explain := dobWeight(e.dob)
		add("dob", e.dob, w, explain)
	}

	e.gender = "missing"
	if q.gender != 0 && r.gender != 0 {
		if q.gender == r.gender {
			e.gender = "same"
			add("gender", "same", genderSame, "The gender is the same.")
		} else {
			e.gender = "different"
			add("gender", "different", genderDiffer, "The genders differ.")
		}
	}
	if q.district != "" && r.district != "" {
		if q.district == r.district {
			add("district", "same", distSame, "The district is the same.")
		} else {
			add("district", "different", distDiffer, "The districts differ (people move).")
		}
	}
	var score float64
	for _, r := range reasons {
		score += r.Weight
	}
	return score, reasons, band(e, score)
}

// compareDOB compares two dates of birth: "exact" (the same full date, not a
// placeholder), "placeholder" (the same 1 January), "year" (the same year,
// one side a year alone), "swapped" (day and month swapped), "near" (a
// year apart), "different".
func compareDOB(a, b dob) (string, bool) {
	switch {
	case a == b && !a.placeholder():
		return "exact", true
	case a == b:
		if a.full() {
			return "placeholder", true
		}
		return "year", true
	case a.y == b.y && (!a.full() || !b.full() || a.placeholder() || b.placeholder()):
		return "year", true
	case a.y == b.y && a.m == b.d && a.d == b.m:
		return "swapped", true
	case a.y == b.y || a.y+1 == b.y || b.y+1 == a.y:
		return "near", false
	}
	return "different", false
}

func dobWeight(level string) (float64, string) {
	switch level {
	case "exact":
		return dobExact, "The date of birth is the same."
	case "placeholder":
		return dobPlacehold, "The date of birth is the same 1 January, which registrars write when only the year is known."
	case "year":
		return dobYear, "The year of birth is the same; one date is a year alone or a placeholder."
	case "swapped":
		return dobSwapped, "The dates of birth have day and month swapped."
	case "near":
		return dobNear, "The dates of birth are within a year of each other but differ."
	}
	return dobDiffer, "The dates of birth differ."
}

func nameExplain(say bool, what string, c nameCmp) string {
	if !say {
		return ""
	}
	parts := make([]string, len(c.matched))
	for i, m := range c.matched {
		parts[i] = fmt.Sprintf("%s~%s (%s)", m.q, m.r, m.level)
	}
	switch c.level {
	case "none":
		return what + " has no part in common."
	case "exact":
		return what + " is the same: " + strings.Join(parts, ", ") + "."
	}
	return fmt.Sprintf("%s agrees %s: %s.", what, map[string]string{
		"variant": "in every part, spelled differently", "partial": "in every part of the shorter",
		"weak": "in some parts",
	}[c.level], strings.Join(parts, ", "))
}

// jaroWinkler is the Jaro-Winkler similarity of two ASCII-or-not strings,
// compared byte by byte (name parts here are Latin).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	win = max(win, 0)
	var ma, mb [64]bool
	if la > 64 || lb > 64 {
		return 0
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb, i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	j := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < min(4, la, lb) && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}
