package synth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The kinds of corruption a query's name and fields went through. A query
// carries every kind applied to it.
const (
	KindExactName        = "exact_name"
	KindRomanisation     = "romanisation"      // a dev-lexicon spelling of the same Urdu word
	KindRomanisationRule = "romanisation_rule" // a spelling change seen between dev-lexicon spellings
	KindAbbreviation     = "abbreviation"      // Muhammad -> M. / Md / Mohd
	KindTitleAdded       = "title_added"
	KindTitleDropped     = "title_dropped"
	KindCompoundGlued    = "compound_glued"
	KindCompoundSplit    = "compound_split"
	KindTokenOrder       = "token_order"
	KindAliasUsed        = "alias_used"
	KindParentSpelling   = "parent_romanisation"
	KindParentageMissing = "parentage_missing"
	KindDOBSwapped       = "dob_swapped"
	KindDOBYearOnly      = "dob_year_only"
	KindDOBMissing       = "dob_missing"
	KindCNICOneOff       = "cnic_one_digit_off"
	KindCNICMissing      = "cnic_missing"
	KindUrdu             = "urdu_script"
	KindUrduLexicon      = "urdu_dev_spelling" // a part's Urdu spelling came from the dev lexicon
	KindArabic           = "arabic_script"
)

// unit is one part of a name: a title, a given name, a compound or the
// family name.
type unit struct {
	text string
	role string // title, given, compound, surname
}

var compoundByText = func() map[string]compound {
	m := map[string]compound{}
	for _, c := range compounds {
		m[compoundText(c)] = c
	}
	return m
}()

func unitsOf(rec *Record) []unit {
	var us []unit
	if rec.Title != "" {
		us = append(us, unit{rec.Title, "title"})
	}
	for _, g := range rec.Given {
		role := "given"
		if _, ok := compoundByText[g]; ok {
			role = "compound"
		}
		us = append(us, unit{g, role})
	}
	if rec.Surname != "" {
		us = append(us, unit{rec.Surname, "surname"})
	}
	return us
}

func textOf(us []unit) string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = u.text
	}
	return strings.Join(s, " ")
}

// corruptor applies corruptions; every spelling it writes comes from the dev
// lexicon (whole words or the changes between its spellings).
type corruptor struct {
	r  *rand.Rand
	lx *Lexicon
	t  *tables
}

type nameOp func(c *corruptor, us []unit) ([]unit, string, bool)

var nameOps = []nameOp{
	(*corruptor).romanise, (*corruptor).abbreviate, (*corruptor).title,
	(*corruptor).compound, (*corruptor).reorder,
}

// corruptName applies up to n name corruptions that apply to the name.
func (c *corruptor) corruptName(rec *Record, n int) (string, []string) {
	us := unitsOf(rec)
	var kinds []string
	for _, i := range c.r.Perm(len(nameOps)) {
		if len(kinds) == n {
			break
		}
		if v, k, ok := nameOps[i](c, slices.Clone(us)); ok {
			us, kinds = v, append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		kinds = []string{KindExactName}
	}
	return textOf(us), kinds
}

// romanise respells one part: another dev spelling of the same Urdu word
// where the lexicon has the word, else a spelling change the lexicon shows.
func (c *corruptor) romanise(us []unit) ([]unit, string, bool) {
	for _, i := range c.r.Perm(len(us)) {
		if us[i].role == "title" || strings.ContainsAny(us[i].text, " -") {
			continue
		}
		if v := c.lx.Variants(us[i].text, urduPhrases[strings.ToLower(us[i].text)]); len(v) > 0 && urduPhrases[strings.ToLower(us[i].text)] != "" {
			us[i].text = capital(v[c.r.IntN(len(v))])
			return us, KindRomanisation, true
		}
	}
	for _, i := range c.r.Perm(len(us)) {
		if us[i].role == "title" {
			continue
		}
		if s, ok := c.respell(us[i].text); ok {
			us[i].text = s
			return us, KindRomanisationRule, true
		}
	}
	return us, "", false
}

// respell applies one learned spelling change to a word, choosing among the
// changes that apply in proportion to how often the lexicon shows them.
func (c *corruptor) respell(w string) (string, bool) {
	lw := strings.ToLower(w)
	type at struct{ rule, pos int }
	var opts []at
	total := 0
	for p := 1; p < len(lw); p++ { // the first letter stays: it is the context of no rule
		for n := 1; n <= 4 && p+n <= len(lw); n++ {
			for _, ri := range c.lx.byLeft[lw[p-1:p-1+n]] {
				opts = append(opts, at{ri, p - 1})
				total += c.lx.rules[ri].Count
			}
		}
	}
	if total == 0 {
		return w, false
	}
	x := c.r.IntN(total)
	for _, o := range opts {
		rl := c.lx.rules[o.rule]
		if x -= rl.Count; x < 0 {
			s := lw[:o.pos] + rl.Right + lw[o.pos+len(rl.Left):]
			if s == lw || len(s) < 2 {
				return w, false
			}
			return capital(s), true
		}
	}
	return w, false
}

var abbreviations = []string{"M.", "Md", "Mohd", "Md.", "Muhd"}

func (c *corruptor) abbreviate(us []unit) ([]unit, string, bool) {
	for i, u := range us {
		if u.text == "Muhammad" {
			us[i].text = abbreviations[c.r.IntN(len(abbreviations))]
			return us, KindAbbreviation, true
		}
	}
	return us, "", false
}

func (c *corruptor) title(us []unit) ([]unit, string, bool) {
	if len(us) > 1 && us[0].role == "title" {
		return us[1:], KindTitleDropped, true
	}
	t := titlesWritten[c.t.title.draw(c.r)].Latin
	return append([]unit{{t, "title"}}, us...), KindTitleAdded, true
}

// compound glues a split compound or splits a glued one: Abdul Rehman /
// Abdulrehman / Abd-ur-Rehman, Sanaullah / Sana Ullah, Salah-ud-Din /
// Salahuddin / Salah ud Din.
func (c *corruptor) compound(us []unit) ([]unit, string, bool) {
	for i, u := range us {
		cp, ok := compoundByText[u.text]
		if u.role != "compound" || !ok {
			continue
		}
		tail := strings.ReplaceAll(cp.Tail, " ", "")
		switch {
		case cp.Head == "Abdul" && c.r.IntN(2) == 0:
			us[i].text = "Abd-ur-" + tail
			if strings.Contains("SsTtDdZzRrNnLl", tail[:1]) { // sun letters assimilate: Abd-us-Sattar
				us[i].text = "Abd-u" + strings.ToLower(tail[:1]) + "-" + tail
			}
			return us, KindCompoundSplit, true
		case strings.Contains(u.text, " ") || strings.Contains(u.text, "-"):
			us[i].text = cp.Head + strings.ToLower(tail)
			return us, KindCompoundGlued, true
		default:
			sep := []string{" ", "-"}[c.r.IntN(2)]
			us[i].text = cp.Head + sep + strings.ReplaceAll(capitalTail(cp.Tail), " ", sep)
			return us, KindCompoundSplit, true
		}
	}
	return us, "", false
}

// reorder moves the family name to the front ("Virk Muhammad Amjad"), or
// swaps two given names.
func (c *corruptor) reorder(us []unit) ([]unit, string, bool) {
	start := 0
	if len(us) > 0 && us[0].role == "title" {
		start = 1
	}
	body := us[start:]
	if len(body) < 2 {
		return us, "", false
	}
	if body[len(body)-1].role == "surname" {
		body = append([]unit{body[len(body)-1]}, body[:len(body)-1]...)
	} else {
		body[0], body[1] = body[1], body[0]
	}
	return append(us[:start:start], body...), KindTokenOrder, true
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func capitalTail(s string) string {
	ws := strings.Fields(s)
	for i := range ws {
		ws[i] = capital(ws[i])
	}
	return strings.Join(ws, " ")
}
