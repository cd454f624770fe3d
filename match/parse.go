package match

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameRunes is the longest name the parser reads, as the FIR form allows
// (accused.name_required): a longer one is refused, never cut.
const MaxNameRunes = 200

// InputError is a name, CNIC or date the engine cannot read, with a stable
// code (docs/errors.md) and a sentence for the person who typed it.
type InputError struct {
	Code string
	Msg  string
}

func (e *InputError) Error() string { return e.Msg }

// The input errors.
var (
	ErrNameEmpty   = &InputError{Code: "match.name_empty", Msg: "the name has no letters"}
	ErrNameTooLong = &InputError{Code: "match.name_too_long", Msg: fmt.Sprintf("a name is at most %d characters", MaxNameRunes)}
	ErrCNIC        = &InputError{Code: "match.cnic_invalid", Msg: "a CNIC is 13 digits, dashes allowed (NNNNN-NNNNNNN-N)"}
	ErrDOB         = &InputError{Code: "match.dob_invalid", Msg: "a date of birth is YYYY-MM-DD or YYYY, a real date between 1900 and 2100"}
)

// IsInputError reports whether err is one of the engine's input errors.
func IsInputError(err error) bool {
	var e *InputError
	return errors.As(err, &e)
}

// Step is one step of reading a name, as the analyst is shown it.
type Step struct {
	Step   string `json:"step"`
	Result string `json:"result"`
}

// Parsed is a name as the engine read it: its titles, aliases and parentage
// taken apart, its parts in canonical spelling and every step on the way.
type Parsed struct {
	Input     string   `json:"input"`
	Script    Script   `json:"script"`
	Titles    []string `json:"titles,omitempty"`
	Name      string   `json:"name"`              // the name without titles, aliases, parentage
	Parts     []string `json:"parts"`             // canonical spellings of the name's parts
	Joined    string   `json:"joined"`            // the parts written as one word
	Aliases   []string `json:"aliases,omitempty"` // other names written with it (alias, @, urf, aka)
	Parentage []Parent `json:"parentage,omitempty"`
	Steps     []Step   `json:"steps"`

	toks []token
}

// token is one part of a name, keyed for matching.
type token struct {
	text   string   // canonical spelling: Latin, or an unknown Urdu word's skeleton
	skel   string   // consonant skeleton (latinSkeleton, urduSkeleton)
	skel2  string   // a second skeleton: an Urdu word's own letters when text is from the dictionary
	groups []uint32 // variant groups
	urdu   bool     // read from Urdu or Arabic script: its Latin text is a guess
}

// relations are the relation markers, as written (lower case, ends trimmed
// of dots and colons), and the relation they mean. Two-word markers are
// joined with a space.
var relations = map[string]string{
	"s/o": "s/o", "so": "", "s.o": "s/o", "son of": "s/o", "bin": "s/o", "ibn": "s/o", "walad": "s/o",
	"d/o": "d/o", "d.o": "d/o", "daughter of": "d/o", "bint": "d/o", "binte": "d/o", "bint-e": "d/o",
	"w/o": "w/o", "w.o": "w/o", "wife of": "w/o", "zauja": "w/o", "zoja": "w/o",
	"ولد": "s/o", "بن": "s/o", "ولدیت": "s/o", "ابن": "s/o", "پسر": "s/o",
	"بنت": "d/o", "دختر": "d/o",
	"زوجہ": "w/o", "زوجة": "w/o", "زوجه": "w/o", "اہلیہ": "w/o",
}

// addressMarkers end the name: what follows is an address ("r/o Lahore").
var addressMarkers = map[string]bool{"r/o": true, "r.o": true, "resident of": true, "ساکن": true, "سکنہ": true}

// aliasMarkers introduce another name of the same person.
var aliasMarkers = map[string]bool{"alias": true, "@": true, "urf": true, "aka": true, "a.k.a": true, "alias:": true, "عرف": true, "المعروف": true}

// urduTitles are titles written in Urdu script, with the Latin title each is.
var urduTitles = map[string]string{
	"سید": "Syed", "حافظ": "Hafiz", "حاجی": "Haji", "قاری": "Qari", "ملک": "Malik", "رانا": "Rana",
	"میاں": "Mian", "چوہدری": "Ch.", "چودھری": "Ch.", "چوھدری": "Ch.", "مرزا": "Mirza", "شیخ": "Sheikh",
	"پیر": "Pir", "مولانا": "Maulana", "ڈاکٹر": "Dr.", "مسٹر": "Mr.",
}

// abbreviations are written for whole name parts (M., Md, Mohd for
// Muhammad; Gh. for Ghulam). Titles (Ch.) are read as titles.
var abbreviations = map[string]string{
	"m": "muhammad", "md": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad", "mohammad": "muhammad",
	"gh": "ghulam", "ghl": "ghulam", "abd": "abd", "syd": "syed",
}

// Parse reads a name as written on an FIR, a register record or a query:
// cleaned (Unicode NFKC, control characters removed, spaces collapsed),
// split at relation markers (s/o, d/o, w/o, son of, bin, ولد, بنت, زوجہ, ...)
// into the name and its parentage, at alias markers (alias, @, urf, aka,
// عرف) into the name and its aliases; titles taken into their own field;
// then the name's parts spelled canonically (abbreviations expanded,
// compounds split, Urdu and Arabic script read through the variant
// dictionary or as a consonant skeleton). Each step is in Steps. It refuses
// a name with no letters and one longer than MaxNameRunes.
func Parse(s string) (Parsed, error) {
	p := Parsed{Input: s}
	if utf8.RuneCountInString(s) > MaxNameRunes*2 {
		return p, ErrNameTooLong
	}
	clean := cleanName(s)
	if clean != s {
		p.step("clean", clean)
	}
	if utf8.RuneCountInString(clean) > MaxNameRunes {
		return p, ErrNameTooLong
	}
	words := strings.Fields(strings.ReplaceAll(clean, "@", " @ "))
	name, parents, address := splitRelations(words)
	for _, pr := range parents {
		p.Parentage = append(p.Parentage, pr)
		p.step("parentage", pr.Relation+" "+pr.Name)
	}
	if address != "" {
		p.step("address dropped", address)
	}
	name, aliases := splitAliases(name)
	for _, a := range aliases {
		p.Aliases = append(p.Aliases, a)
		p.step("alias", a)
	}
	titles, rest := splitTitles(name)
	if len(titles) > 0 {
		p.Titles = titles
		p.step("titles", strings.Join(titles, " "))
	}
	p.Name = strings.Join(rest, " ")
	toks, steps := nameTokens(p.Name)
	p.Steps = append(p.Steps, steps...)
	if len(toks) == 0 {
		// The whole name may be titles and aliases: read an alias as the name.
		if len(p.Aliases) > 0 {
			p.Name, p.Aliases = p.Aliases[0], p.Aliases[1:]
			toks, steps = nameTokens(p.Name)
			p.Steps = append(p.Steps, steps...)
		}
		if len(toks) == 0 {
			return p, ErrNameEmpty
		}
	}
	p.toks = toks
	p.Script = nameScript(p.Name)
	for _, t := range toks {
		p.Parts = append(p.Parts, t.text)
	}
	p.Joined = strings.Join(p.Parts, "")
	p.step("parts", strings.Join(p.Parts, " "))
	return p, nil
}

func (p *Parsed) step(name, result string) {
	p.Steps = append(p.Steps, Step{name, result})
}

// cleanName applies NFKC, removes control and format characters (a
// zero-width joiner, a right-to-left mark) and collapses spaces.
func cleanName(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		case r == '،' || r == '؛':
			return ','
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// marker is a word as markers are compared: lower case, surrounding dots,
// commas, colons and brackets trimmed.
func marker(w string) string {
	return strings.Trim(strings.ToLower(w), ".,:;()[]-")
}

// splitRelations splits words at relation markers: the name, the parentage
// entries (the first marker's name, then each further marker's: "A s/o B s/o
// C" is A, son of B, grandson of C, both kept) and an address after r/o.
func splitRelations(words []string) (name string, parents []Parent, address string) {
	var cur []string
	rel := ""
	flush := func() {
		s := strings.Trim(strings.Join(cur, " "), " ,")
		if rel == "" {
			name = s
		} else if s != "" {
			parents = append(parents, Parent{Relation: rel, Name: s})
		}
		cur = nil
	}
	for i := 0; i < len(words); i++ {
		m := marker(words[i])
		two := ""
		if i+1 < len(words) {
			two = m + " " + marker(words[i+1])
		}
		if addressMarkers[m] || addressMarkers[two] {
			flush()
			address = strings.Join(words[i:], " ")
			return
		}
		r, ok := relations[two]
		width := 2
		if !ok {
			r, ok = relations[m]
			width = 1
		}
		// "bin" and its kin mark a relation between two names, never first
		// or last; a bare "so" is a word, not a marker; s/o, d/o, w/o are
		// markers wherever they are.
		between := (len(cur) > 0 || rel != "") && i+width < len(words)
		if ok && r != "" && (between || strings.Contains(m, "/")) {
			flush()
			rel = r
			i += width - 1
			continue
		}
		cur = append(cur, words[i])
	}
	flush()
	return
}

// splitAliases splits a name at alias markers.
func splitAliases(s string) (string, []string) {
	words := strings.Fields(s)
	var parts [][]string
	cur := []string{}
	for _, w := range words {
		if aliasMarkers[marker(w)] || aliasMarkers[strings.ToLower(w)] {
			parts = append(parts, cur)
			cur = []string{}
			continue
		}
		cur = append(cur, w)
	}
	parts = append(parts, cur)
	var aliases []string
	for _, a := range parts[1:] {
		if a := strings.Trim(strings.Join(a, " "), " ,"); a != "" {
			aliases = append(aliases, a)
		}
	}
	return strings.Trim(strings.Join(parts[0], " "), " ,"), aliases
}

// splitTitles takes the leading titles off a name, Latin (the titles of
// SplitTitles) or Urdu script; a title that is the whole name stays the name.
func splitTitles(s string) ([]string, []string) {
	words := strings.Fields(s)
	var ts []string
	for len(words) > 1 {
		w := words[0]
		t, ok := titles[marker(w)]
		if !ok {
			t, ok = urduTitles[arabicToUrdu.Replace(w)]
		}
		if !ok {
			break
		}
		ts = append(ts, t)
		words = words[1:]
	}
	return ts, words
}

// nameScript is a whole name's script.
func nameScript(s string) Script {
	var seen Script
	for _, w := range strings.Fields(s) {
		sc := wordScript(w)
		if sc == Other && seen != "" {
			continue
		}
		switch {
		case seen == "":
			seen = sc
		case sc == Arabic && seen == Urdu, sc == Urdu && seen == Arabic:
			seen = Arabic
		case sc != seen:
			return Mixed
		}
	}
	if seen == "" {
		return Other
	}
	return seen
}

// splitWords splits a name into words of letters: any other character
// (a hyphen, a dot, a digit) separates words. Latin letters lose their
// accents.
//
// Before that, words run together in camel case are split ("MuhammadAkram",
// "SergeiLavrov"); digits written for letters inside a word of letters are
// read as the letters ("Ak3am", "Ig0r"); Cyrillic is transliterated.
func splitWords(s string) []string {
	s = splitCamel(s)
	s = digitLetters(s)
	s = stripMarks(strings.ToLower(s))
	s = cyrillicToLatin(s)
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// splitCamel puts a space where a lower-case Latin letter is followed by an
// upper-case one.
func splitCamel(s string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range s {
		if prevLower && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		prevLower = r >= 'a' && r <= 'z'
		b.WriteRune(r)
	}
	return b.String()
}

// leet are the digits typed for Latin letters.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g'}

// digitLetters reads digits as letters in a word that has Latin letters
// on both sides of them; a word of digits stays digits (and separates).
func digitLetters(s string) string {
	rs := []rune(s)
	changed := false
	for i, r := range rs {
		if _, ok := leet[r]; !ok || i == 0 || i == len(rs)-1 {
			continue
		}
		isL := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
		_, nextDigit := leet[rs[i+1]]
		if isL(rs[i-1]) && (isL(rs[i+1]) || (nextDigit && i+2 < len(rs) && isL(rs[i+2]))) || (isL(rs[i-1]) && (i+1 == len(rs)-1 || !unicode.IsLetter(rs[i+1]) && !nextDigit) && i >= 2 && isL(rs[i-2])) {
			rs[i] = leet[r]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}

// cyrillic transliterates Cyrillic letters (lower case) to Latin.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "y",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

func cyrillicToLatin(s string) string {
	has := false
	for _, r := range s {
		if r >= 0x400 && r <= 0x4ff {
			has = true
			break
		}
	}
	if !has {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if t, ok := cyrillic[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stripMarks removes combining marks (Latin accents, Arabic short-vowel
// signs: Urdu rarely writes them and the skeleton omits them anyway).
func stripMarks(s string) string {
	has := false
	for _, r := range s {
		if r >= 0x300 {
			has = true
			break
		}
	}
	if !has {
		return s
	}
	d := norm.NFD.String(s)
	d = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
	return norm.NFC.String(d)
}

// nameTokens reads a name's parts: abbreviations expanded, compound
// connectives dropped between parts, compounds written as one word split
// ("Abdurrahman" is abd rahman, "Inayatullah" inayat ullah), romanisation
// variants of the common families folded (name.go's variants), Urdu and
// Arabic words read through the variant dictionary, else kept as their
// consonant skeleton.
func nameTokens(name string) ([]token, []Step) {
	var steps []Step
	raw := splitWords(name)
	var out []token
	var abbrev, compounds, urdu []string
	for i, w := range raw {
		if innerConnective(raw, i) {
			continue
		}
		if wordScript(w) != Latin {
			ts := urduTokens(w)
			for _, t := range ts {
				urdu = append(urdu, w+"→"+t.text)
			}
			out = append(out, ts...)
			continue
		}
		if a, ok := abbreviations[w]; ok && a != w {
			abbrev = append(abbrev, w+"→"+a)
			w = a
		}
		parts := splitCompound(w)
		if len(parts) > 1 {
			compounds = append(compounds, w+"→"+strings.Join(parts, " "))
		}
		for _, p := range parts {
			out = append(out, latinToken(p))
		}
	}
	if len(abbrev) > 0 {
		steps = append(steps, Step{"abbreviations", strings.Join(abbrev, ", ")})
	}
	if len(compounds) > 0 {
		steps = append(steps, Step{"compounds split", strings.Join(compounds, ", ")})
	}
	if len(urdu) > 0 {
		steps = append(steps, Step{"urdu script", strings.Join(urdu, ", ")})
	}
	return out, steps
}

// splitCompound splits a one-word compound into its stem and ending
// ("shamsurrahman" shams rahman, "nooruddin" noor uddin, "abdulghani" abd
// ghani); other words are one part.
func splitCompound(w string) []string {
	if _, ok := variants[w]; ok {
		return []string{w}
	}
	for _, suf := range compoundSuffixes {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok || len(stem) < 3 {
			continue
		}
		for c := range connectives {
			if s, ok := strings.CutSuffix(stem, c); ok && len(s) >= 2 {
				stem = s
				break
			}
		}
		return append(splitCompound(stem), suf)
	}
	for _, pre := range []string{"abdul", "abdur", "abdus", "abdal", "abd"} {
		rest, ok := strings.CutPrefix(w, pre)
		if ok && len(rest) >= 3 {
			return []string{"abd", rest}
		}
	}
	return []string{w}
}

// tokenCache holds the keyed Latin words already read: a register's names
// are drawn from a few tens of thousands of words, and keying one (the
// dictionary, the skeleton) costs more than looking it up. It stops growing
// at tokenCacheMax words.
var tokenCache sync.Map

var tokenCacheSize atomic.Int64

const tokenCacheMax = 500000

// latinToken keys a Latin word (through tokenCache).
func latinToken(w string) token {
	if t, ok := tokenCache.Load(w); ok {
		return t.(token)
	}
	t := keyLatin(w)
	if tokenCacheSize.Load() < tokenCacheMax {
		if _, loaded := tokenCache.LoadOrStore(w, t); !loaded {
			tokenCacheSize.Add(1)
		}
	}
	return t
}

// keyLatin keys a Latin word.
func keyLatin(w string) token {
	groups := VariantGroups(w)
	if v, ok := variants[w]; ok {
		w = v
		if len(groups) == 0 {
			groups = VariantGroups(w)
		}
	}
	return token{text: w, skel: latinSkeleton(w), groups: groups}
}

// urduCompounds are Urdu-script compound endings and beginnings split off a
// word written as one ("عبدالرحمن", "عنایت اللہ" run together).
var urduPrefixes = []string{"عبدال", "عبد"}
var urduSuffixes = []string{"اللہ", "الدین", "الرحمن", "الرحمان", "ﷲ"}

// urduTokens reads an Urdu- or Arabic-script word: through the variant
// dictionary (its most written Latin spelling, folded), else its compound
// parts, else its consonant skeleton.
func urduTokens(w string) []token {
	w = arabicToUrdu.Replace(w)
	if gs := VariantGroups(w); len(gs) > 0 {
		return []token{urduToken(w, gs)}
	}
	for _, pre := range urduPrefixes {
		if rest, ok := strings.CutPrefix(w, pre); ok && utf8.RuneCountInString(rest) >= 2 {
			return append([]token{latinToken("abd")}, urduTokens(rest)...)
		}
	}
	for _, suf := range urduSuffixes {
		if stem, ok := strings.CutSuffix(w, suf); ok && utf8.RuneCountInString(stem) >= 2 {
			end := "ullah"
			switch suf {
			case "الدین":
				end = "uddin"
			case "الرحمن", "الرحمان":
				end = "rahman"
			}
			return append(urduTokens(stem), latinToken(end))
		}
	}
	sk := urduSkeleton(w)
	if wordScript(w) == Other || sk == "" {
		// A word of letters the skeleton does not read (another script,
		// or only vowels and rare letters) is kept as written.
		sk = w
	}
	return []token{{text: sk, skel: sk, urdu: true}}
}

// urduToken keys an Urdu word the dictionary knows: its text is its most
// written Latin spelling, folded as a Latin word's is.
func urduToken(w string, gs []uint32) token {
	lt := latinToken(groupSpelling(gs[0]))
	t := token{text: lt.text, skel: lt.skel, skel2: urduSkeleton(w), groups: gs, urdu: true}
	if t.skel2 == t.skel {
		t.skel2 = ""
	}
	return t
}
