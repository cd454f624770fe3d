package match

import "strings"

// SameSpelling reports whether two names may be one name written two ways:
// the same name key (a known variant, a compound written as one word), or
// the same parts, one for one, once each is reduced to its consonant
// skeleton. Urdu script leaves short vowels unwritten, so the romanisations
// of one name differ mostly in their vowels and doubled letters ("Zarghun",
// "Zarghoon"); a different name has other consonants ("Zarghun Tarqeel",
// "Baktawar Sohrabzai"). Both names have every part: a part dropped
// ("Tarqeel" for "Zarghoon Tarqeel", "Ali Tarqeel" for "Muhammad Ali Khan
// Tarqeel") or added is another, wider or other, set of people, whom a search
// through a request must not reach (docs/adr/0013-request-reach.md). One
// part, as in NamesCompatible, is not a common part, so that "Ali Khan" is
// never another spelling of "Aly Khaan".
func SameSpelling(a, b string) bool {
	if k := NameKey(a); k != "" && k == NameKey(b) {
		return true
	}
	pa, pb := NameParts(a), NameParts(b)
	if len(pa) != len(pb) {
		return false
	}
	used := make([]bool, len(pb))
	rare := false
	for _, p := range pa {
		i := -1
		for j, q := range pb {
			if !used[j] && skeleton(q) == skeleton(p) {
				i = j
				break
			}
		}
		if i < 0 {
			return false
		}
		used[i] = true
		if !commonParts[p] && !commonParts[pb[i]] {
			rare = true
		}
	}
	return rare
}

// skeleton is a name part without its vowels (but the first letter) and
// without doubled letters: "zarghoon" and "zarghun" are both "zrghn".
func skeleton(p string) string {
	var b strings.Builder
	var prev rune
	for j, r := range p {
		if r == prev || (j > 0 && strings.ContainsRune("aeiouy", r)) {
			prev = r
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
