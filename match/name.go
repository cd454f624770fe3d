package match

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Name is a person's name split into the titles written with it (kept apart,
// never dropped: docs/rules.md#r24, docs/identity.md#names) and the name itself.
type Name struct {
	Titles []string `json:"titles,omitempty"`
	Given  string   `json:"name"`
}

// titles are honorifics and caste titles written before Pakistani names.
var titles = map[string]string{
	"syed": "Syed", "sayyid": "Syed", "sayed": "Syed", "hafiz": "Hafiz", "haji": "Haji", "hajji": "Haji",
	"qari": "Qari", "malik": "Malik", "rana": "Rana", "mian": "Mian", "ch": "Ch.", "chaudhry": "Ch.",
	"chaudhary": "Ch.", "choudhry": "Ch.", "chaudhri": "Ch.", "mirza": "Mirza", "sheikh": "Sheikh",
	"shaikh": "Sheikh", "pir": "Pir", "maulana": "Maulana", "molana": "Maulana", "dr": "Dr.", "mr": "Mr.",
}

// SplitTitles separates leading titles from a name: "Ch. Muhammad Akram" is
// titles [Ch.] and name "Muhammad Akram". A title that is the whole name stays
// the name ("Malik" alone is a name).
func SplitTitles(s string) Name {
	words := strings.Fields(s)
	var n Name
	for len(words) > 1 {
		t, ok := titles[strings.Trim(strings.ToLower(words[0]), ".,")]
		if !ok {
			break
		}
		n.Titles = append(n.Titles, t)
		words = words[1:]
	}
	n.Given = strings.Join(words, " ")
	return n
}

// variants maps romanisation variants of one name part to a single spelling.
// It is deliberately small: exact lookup only needs the commonest families;
// the identity-matching work replaces it with a dictionary built from data.
var variants = map[string]string{
	"muhammad": "muhammad", "mohammad": "muhammad", "mohammed": "muhammad", "muhammed": "muhammad",
	"mohamad": "muhammad", "mohamed": "muhammad", "muhamad": "muhammad", "mohd": "muhammad",
	"md": "muhammad", "m": "muhammad",
	"ahmad": "ahmad", "ahmed": "ahmad", "rehman": "rahman", "rahman": "rahman", "rehmaan": "rahman",
	"abdul": "abd", "abdur": "abd", "abdus": "abd", "abd": "abd", "abdal": "abd",
	"ullah": "ullah", "ulla": "ullah", "ulah": "ullah", "uddin": "uddin", "udin": "uddin", "uldin": "uddin", "din": "uddin",
	"hussain": "husain", "hussein": "husain", "husain": "husain", "hosain": "husain",
	"iqbal": "iqbal", "ikbal": "iqbal", "qasim": "qasim", "kasim": "qasim",
}

// connectives join the parts of a compound name: "Abd-ur-Rehman",
// "Shams ur Rehman", "Shamsurrahman" all key alike.
var connectives = map[string]bool{"ur": true, "ul": true, "ud": true, "us": true, "al": true, "el": true}

// commonParts carry little evidence on their own (docs/identity.md#names).
var commonParts = map[string]bool{
	"muhammad": true, "ali": true, "khan": true, "ahmad": true, "abd": true, "bibi": true, "begum": true,
	"hussain": true, "husain": true, "shah": true, "ullah": true, "uddin": true, "rahman": true,
}

// NameParts returns the canonical parts of a name: Unicode NFKC first (so
// full-width letters read as ordinary ones and Arabic presentation forms in
// Urdu-script names as their base letters; docs/text-policy.md), titles
// removed, letters only, lower case, romanisation variants folded, compound
// connectives dropped ("Abd-ur-Rehman" and "Abdul Rahman" both give
// [abd rahman]). Urdu-script names keep their letters.
func NameParts(s string) []string {
	n := SplitTitles(norm.NFKC.String(s))
	raw := strings.FieldsFunc(strings.ToLower(n.Given), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	var parts []string
	for i, w := range raw {
		if innerConnective(raw, i) {
			continue
		}
		parts = append(parts, foldPart(w))
	}
	return parts
}

// innerConnective reports whether raw[i] is a compound's connective (ul, ud,
// ur, bin ...) between two parts; one at either edge is a name part of its own.
func innerConnective(raw []string, i int) bool {
	if connectives[raw[i]] && i > 0 && i+1 < len(raw) {
		return true
	}
	return false
}

// compoundSuffixes end compound names written as one word ("Shamsurrahman",
// "Inayatullah", "Nooruddin"); longest first.
var compoundSuffixes = []string{"rehmaan", "rehman", "rahman", "uddin", "ullah", "uldin", "udin", "ulla", "ulah", "din"}

// foldPart folds one part's romanisation: a known variant, or a one-word
// compound whose connective is dropped and whose ending is folded.
func foldPart(w string) string {
	if v, ok := variants[w]; ok {
		return v
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
		return stem + variants[suf]
	}
	return w
}

// NameKey is the exact-lookup key of a name: its canonical parts joined.
// Names that differ only in romanisation of the common families, spacing,
// punctuation, case or titles share a key.
func NameKey(s string) string {
	return strings.Join(NameParts(s), "")
}

// NamesCompatible reports whether two names may be the same person's: the
// parts of the shorter are all among the longer's, and they share at least one
// part that is not a common one. "Muhammad Akram" and "Akram" are compatible;
// "Muhammad Ali" and "Muhammad Akram" are not; "Muhammad" and "Muhammad Akram"
// are not (a common part alone is no evidence).
func NamesCompatible(a, b string) bool {
	pa, pb := NameParts(a), NameParts(b)
	if len(pa) == 0 || len(pb) == 0 {
		return false
	}
	if NameKey(a) == NameKey(b) {
		return true
	}
	if len(pa) > len(pb) {
		pa, pb = pb, pa
	}
	rare := false
	for _, p := range pa {
		if !slices.Contains(pb, p) {
			return false
		}
		if !commonParts[p] {
			rare = true
		}
	}
	return rare
}
