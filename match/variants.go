package match

import (
	_ "embed"
	"strings"
	"sync"
)

// variantsTSV is the spelling-variant dictionary: one Urdu word a line and
// the Latin spellings native speakers wrote for it, most written first. It is
// derived from the Dakshina lexicon's train split by
// `go run ./match/internal/variantgen` and is CC BY-SA 4.0
// (match/VARIANTS-README.md), apart from the code's licence.
//
//go:embed variants.tsv
var variantsTSV string

// maxGroupsPerSpelling bounds how many variant groups one Latin spelling
// joins: a short spelling ("ali", "na") is written for many Urdu words, and
// keeps only the groups where it ranks highest.
const maxGroupsPerSpelling = 4

// dictionary is the parsed variant dictionary. A group is one Urdu word; its
// id is its line number.
type dictionary struct {
	urdu   map[string]uint32   // Urdu word -> group
	latin  map[string][]uint32 // Latin spelling -> groups, where it ranks highest first
	top    []string            // group -> its most written Latin spelling
	sizeOf []uint8             // group -> how many spellings (capped)
}

var dict = sync.OnceValue(loadDictionary)

func loadDictionary() *dictionary {
	d := &dictionary{urdu: map[string]uint32{}, latin: map[string][]uint32{}}
	type rank struct {
		g    uint32
		rank int
	}
	ranks := map[string][]rank{}
	for line := range strings.Lines(variantsTSV) {
		ur, rest, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok {
			continue
		}
		g := uint32(len(d.top))
		sp := strings.Fields(rest)
		if len(sp) == 0 {
			continue
		}
		d.urdu[arabicToUrdu.Replace(ur)] = g
		d.top = append(d.top, sp[0])
		d.sizeOf = append(d.sizeOf, uint8(min(len(sp), 255)))
		for i, s := range sp {
			ranks[s] = append(ranks[s], rank{g, i})
		}
	}
	for s, rs := range ranks {
		// stable order by rank: a spelling's own word first
		for i := 1; i < len(rs); i++ {
			for j := i; j > 0 && rs[j].rank < rs[j-1].rank; j-- {
				rs[j], rs[j-1] = rs[j-1], rs[j]
			}
		}
		n := min(len(rs), maxGroupsPerSpelling)
		gs := make([]uint32, n)
		for i := range n {
			gs[i] = rs[i].g
		}
		d.latin[s] = gs
	}
	return d
}

// VariantGroups returns the variant groups of a spelling: for a Latin
// spelling, the Urdu words it was written for; for an Urdu (or Arabic)
// word, its own group. Two spellings in one group are the same word written
// two ways.
func VariantGroups(w string) []uint32 {
	d := dict()
	w = strings.ToLower(w)
	if isASCII(w) {
		return d.latin[w]
	}
	if g, ok := d.urdu[arabicToUrdu.Replace(w)]; ok {
		return []uint32{g}
	}
	return d.latin[w]
}

// groupSpelling returns a group's most written Latin spelling.
func groupSpelling(g uint32) string {
	return dict().top[g]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
