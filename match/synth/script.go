package synth

import (
	"strings"
)

// urduPhrases maps every Latin name part and compound of the tables to its
// Urdu spelling (lower case keys).
var urduPhrases = func() map[string]string {
	m := map[string]string{"muhammad": "محمد"}
	for _, t := range [][]part{maleGiven, femaleGiven, femaleSecond, families, titlesWritten, nicknames} {
		for _, p := range t {
			m[strings.ToLower(p.Latin)] = p.Urdu
		}
	}
	for _, c := range compounds {
		m[strings.ToLower(compoundText(c))] = c.Urdu
	}
	return m
}()

// UrduName writes a Latin name from the tables in Urdu script, taking the dev
// lexicon's spelling of a part where it has one (lx may be nil). It reports
// whether any part came from the lexicon. Parts it does not know are kept.
func UrduName(latin string, lx *Lexicon) (urdu string, fromLexicon bool) {
	words := strings.Fields(latin)
	var out []string
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) { // two-word parts: "Abdul Rehman", "Ghulam Rasool"
			if u, ok := urduPhrases[strings.ToLower(words[i]+" "+words[i+1])]; ok {
				out = append(out, u)
				i++
				continue
			}
		}
		u, ok := urduPhrases[strings.ToLower(words[i])]
		if !ok {
			out = append(out, words[i])
			continue
		}
		if lx != nil && !strings.Contains(u, " ") {
			if d := lx.UrduOf(words[i], u); d != "" {
				u, fromLexicon = d, fromLexicon || d != u
			}
		}
		out = append(out, u)
	}
	return strings.Join(out, " "), fromLexicon
}

// arabicLetters are the Arabic script's forms of Urdu letters: Arabic has no
// ٹ ڈ ڑ ں ھ ے گ پ چ ژ and writes ی ک ہ as ي ك ه.
var arabicLetters = map[rune]string{
	'ی': "ي", 'ے': "ي", 'ک': "ك", 'ہ': "ه", 'ۂ': "ه", 'ھ': "ه", 'ٹ': "ت", 'ڈ': "د", 'ڑ': "ر",
	'ں': "ن", 'گ': "ك", 'پ': "ب", 'چ': "ج", 'ژ': "ز", 'ۓ': "ئ",
}

// ArabicName writes an Urdu-script name as an Arabic writer would: Arabic
// letter forms, a final he of a woman's name as ta marbuta, and hamza on a
// word's first alef (احمد -> أحمد).
func ArabicName(urdu string, female bool) string {
	words := strings.Fields(urdu)
	for i, w := range words {
		rs := []rune(w)
		var b strings.Builder
		for j, r := range rs {
			switch {
			case j == 0 && r == 'ا' && len(rs) > 1 && rs[1] != 'ل':
				b.WriteString("أ")
			case female && j == len(rs)-1 && r == 'ہ':
				b.WriteString("ة")
			default:
				if a, ok := arabicLetters[r]; ok {
					b.WriteString(a)
				} else {
					b.WriteRune(r)
				}
			}
		}
		words[i] = b.String()
	}
	return strings.Join(words, " ")
}
