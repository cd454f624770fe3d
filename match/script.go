package match

import (
	"strings"
	"unicode"
)

// Script is the writing system of a name or a name part.
type Script string

// The scripts the parser tells apart. Urdu and Arabic share most letters;
// a word is Arabic when it uses a letter Urdu writes otherwise (ي ك ة ى ه).
const (
	Latin  Script = "latin"
	Urdu   Script = "urdu"
	Arabic Script = "arabic"
	Mixed  Script = "mixed"
	Other  Script = "other"
)

// arabicOnly are the Arabic letter forms that Urdu writes as other letters:
// yeh ي and alef maksura ى (Urdu ی), kaf ك (Urdu ک), teh marbuta ة (Urdu ۃ
// or ہ) and heh ه (Urdu ہ).
const arabicOnly = "يىكةه"

// wordScript tells a word's script from its letters.
func wordScript(w string) Script {
	var arabicScript, latin, other, arabicForm bool
	for _, r := range w {
		switch {
		case r < 0x80 && unicode.IsLetter(r), unicode.In(r, unicode.Latin):
			latin = true
		case unicode.In(r, unicode.Arabic):
			arabicScript = true
			if strings.ContainsRune(arabicOnly, r) {
				arabicForm = true
			}
		case unicode.IsLetter(r):
			other = true
		}
	}
	switch {
	case arabicScript && !latin && !other && arabicForm:
		return Arabic
	case arabicScript && !latin && !other:
		return Urdu
	case latin && !arabicScript && !other:
		return Latin
	case !arabicScript && !latin:
		return Other
	}
	return Mixed
}

// arabicToUrdu folds the Arabic letter forms to the Urdu letters they are
// written as in Urdu, so that one dictionary and one skeleton serve both.
var arabicToUrdu = strings.NewReplacer("ي", "ی", "ى", "ی", "ك", "ک", "ة", "ۃ", "ه", "ہ", "ۀ", "ہ", "ٱ", "ا")

// urduConsonants maps the Urdu (and, folded, Arabic) letters to the
// consonant classes of the Latin skeleton (see latinSkeleton): K for kh, G
// for gh, S for sh, C for ch. Letters absent here are vowels or carriers and
// are dropped but at the start of a word (see urduSkeleton).
var urduConsonants = map[rune]byte{
	'ب': 'b', 'پ': 'p', 'ت': 't', 'ٹ': 't', 'ث': 's', 'ج': 'j', 'چ': 'C', 'ح': 'h', 'خ': 'K',
	'د': 'd', 'ڈ': 'd', 'ذ': 'z', 'ر': 'r', 'ڑ': 'r', 'ز': 'z', 'ژ': 'z', 'س': 's', 'ش': 'S',
	'ص': 's', 'ض': 'z', 'ط': 't', 'ظ': 'z', 'غ': 'G', 'ف': 'f', 'ق': 'k', 'ک': 'k', 'گ': 'g',
	'ل': 'l', 'م': 'm', 'ن': 'n', 'ں': 'n',
}

// urduSkeleton is an Urdu-script word's consonant skeleton in the Latin
// skeleton's letters: Urdu writes no short vowels, and its long vowels and
// their carriers (ا و ی ے ع) are dropped but as a word's first letter (alef
// and ain read "a", vao "w", yeh "y"); do-chashmi he (ھ) only aspirates the
// letter before it and is dropped; a final he (ہ, ۃ) is a vowel and dropped,
// any other is h; doubled consonants count once. "محمد" is "mhmd", as is
// the skeleton of "Muhammad".
func urduSkeleton(w string) string {
	w = arabicToUrdu.Replace(w)
	rs := []rune(w)
	var b []byte
	for i, r := range rs {
		var c byte
		switch r {
		case 'ا', 'آ', 'أ', 'إ', 'ع':
			if i == 0 {
				c = 'a'
			}
		case 'و', 'ؤ':
			if i == 0 {
				c = 'w'
			}
		case 'ی', 'ے', 'ئ':
			if i == 0 {
				c = 'y'
			}
		case 'ہ', 'ۃ':
			if i < len(rs)-1 {
				c = 'h'
			}
		default:
			c = urduConsonants[r]
		}
		if c == 0 || (len(b) > 0 && b[len(b)-1] == c) {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// latinDigraphs are the Latin letter pairs that write one Urdu consonant,
// read before single letters.
var latinDigraphs = strings.NewReplacer(
	"kh", "K", "gh", "G", "sh", "S", "ch", "C", "zh", "z", "th", "t", "dh", "d", "ph", "f",
	"bh", "b", "jh", "j", "rh", "r", "ck", "k",
)

// latinSkeleton is a Latin-script word's consonant skeleton: the digraphs
// read as one letter, q and c as k, v as w, x as ks; vowels and the glides
// w and y dropped but as the first letter (a first vowel reads "a", since
// Urdu writes it with alef or ain whatever its sound); a final h dropped (a
// vowel in Urdu: "Shah", "Allah"); doubled letters once. "Mohammed" and
// "Muhammad" are both "mhmd", "Usman" and "Osman" both "asmn".
func latinSkeleton(w string) string {
	if strings.IndexByte(w, 'h') >= 0 || strings.Contains(w, "ck") {
		w = latinDigraphs.Replace(w)
	}
	var b []byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch c {
		case 'q', 'c':
			c = 'k'
		case 'v':
			c = 'w'
		}
		switch {
		case strings.IndexByte("aeiou", c) >= 0:
			if i > 0 {
				continue
			}
			c = 'a'
		case c == 'w' || c == 'y':
			if i > 0 {
				continue
			}
		case c == 'h' && i == len(w)-1 && i > 0:
			continue
		case c == 'x':
			b = append(b, 'k')
			c = 's'
		case c < 'A' || c > 'z':
			continue
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
