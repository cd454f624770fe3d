package synth

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// DevLexicon is the file every spelling of the query corruptor comes from:
// the development split of the Dakshina Urdu lexicon (Urdu word, a Latin
// spelling native speakers wrote for it, how many wrote it). The matching
// engine's dictionary is built from the train split, which shares no Urdu
// word with this one, so that the engine is never shown the spellings it is
// measured on.
const DevLexicon = "names/dakshina-ur-lexicon.dev.tsv"

// SharedData is where the shared reference data lives: $NSOR_SHARED_DATA, or
// ../shared/data relative to the repository (root is the repository's root).
func SharedData(root string) string {
	if d := os.Getenv("NSOR_SHARED_DATA"); d != "" {
		return d
	}
	return filepath.Join(root, "..", "shared", "data")
}

// Lexicon holds the dev split's spellings: for each Urdu word its Latin
// spellings, for each Latin spelling its Urdu words, and the spelling changes
// (rules) that native speakers' spellings of one word differ by.
type Lexicon struct {
	latins map[string][]spelling // Urdu word -> its Latin spellings
	urdus  map[string][]string   // Latin spelling -> Urdu words written so
	rules  []Rule
	byLeft map[string][]int // rule indexes by Left
}

type spelling struct {
	Latin string
	Count int
}

// Rule is one spelling change seen between two Latin spellings of the same
// Urdu word in the dev split, with one letter of context on its left:
// "ee" -> "i" (Saeed/Said), "aa" -> "a", "q" -> "k". Count is how many pairs
// of spellings showed it.
type Rule struct {
	Left, Right string
	Count       int
}

// LoadLexicon reads the dev lexicon (urdu TAB latin TAB count per line).
func LoadLexicon(path string) (*Lexicon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLexicon(f)
}

// ReadLexicon reads a lexicon in the Dakshina TSV format.
func ReadLexicon(r io.Reader) (*Lexicon, error) {
	lx := &Lexicon{latins: map[string][]spelling{}, urdus: map[string][]string{}}
	sc := bufio.NewScanner(r)
	var order []string
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("lexicon line %d: %d fields, want 3", line, len(f))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("lexicon line %d: bad count %q", line, f[2])
		}
		u, l := f[0], strings.ToLower(f[1])
		if _, ok := lx.latins[u]; !ok {
			order = append(order, u)
		}
		lx.latins[u] = append(lx.latins[u], spelling{l, n})
		if !slices.Contains(lx.urdus[l], u) {
			lx.urdus[l] = append(lx.urdus[l], u)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("lexicon is empty")
	}
	lx.learnRules(order)
	return lx, nil
}

// minRuleCount drops changes seen fewer times: one-off changes are mostly
// annotators' slips or unrelated words (the lexicon has a few).
const minRuleCount = 5

// learnRules collects the changes between every two spellings of one word.
func (lx *Lexicon) learnRules(order []string) {
	counts := map[[2]string]int{}
	for _, u := range order {
		ss := lx.latins[u]
		for i := range ss {
			for j := range ss {
				if i == j {
					continue
				}
				if l, r, ok := diff(ss[i].Latin, ss[j].Latin); ok {
					counts[[2]string{l, r}]++
				}
			}
		}
	}
	for k, n := range counts {
		if n >= minRuleCount {
			lx.rules = append(lx.rules, Rule{k[0], k[1], n})
		}
	}
	slices.SortFunc(lx.rules, func(a, b Rule) int {
		if c := strings.Compare(a.Left, b.Left); c != 0 {
			return c
		}
		return strings.Compare(a.Right, b.Right)
	})
	lx.byLeft = map[string][]int{}
	for i, r := range lx.rules {
		lx.byLeft[r.Left] = append(lx.byLeft[r.Left], i)
	}
}

// diff is the change from a to b: their common prefix and suffix removed, with
// the last letter of the prefix kept as context. Changes of more than three
// letters a side are not spelling changes but different words.
func diff(a, b string) (left, right string, ok bool) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	x, y := a[p:len(a)-s], b[p:len(b)-s]
	if len(x) > 3 || len(y) > 3 || p == 0 {
		return "", "", false
	}
	return a[p-1:p] + x, b[p-1:p] + y, true
}

// Rules returns the learned spelling changes.
func (lx *Lexicon) Rules() []Rule { return lx.rules }

// Variants returns the dev spellings of the Urdu word that latin spells, when
// that word is the name's own (its Urdu letters, diacritics and Arabic letter
// forms aside, are urdu's): the same word, spelt otherwise by native speakers.
func (lx *Lexicon) Variants(latin, urdu string) []string {
	var out []string
	for _, u := range lx.urdus[strings.ToLower(latin)] {
		if foldUrdu(u) != foldUrdu(urdu) {
			continue
		}
		for _, s := range lx.latins[u] {
			if s.Latin != strings.ToLower(latin) && !slices.Contains(out, s.Latin) {
				out = append(out, s.Latin)
			}
		}
	}
	return out
}

// UrduOf returns the dev lexicon's Urdu spelling of the name part latin when
// the lexicon has one for the same word as urdu (it may carry a diacritic or
// an Arabic letter form the table's spelling lacks), else "".
func (lx *Lexicon) UrduOf(latin, urdu string) string {
	for _, u := range lx.urdus[strings.ToLower(latin)] {
		if foldUrdu(u) == foldUrdu(urdu) {
			return u
		}
	}
	return ""
}

// foldUrdu drops diacritics and folds Arabic letter forms and the two forms
// of he, so that two spellings of one word compare equal.
func foldUrdu(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670: // harakat, superscript alef
			continue
		case r == 'ي' || r == 'ى':
			r = 'ی'
		case r == 'ك':
			r = 'ک'
		case r == 'ه' || r == 'ھ' || r == 'ة':
			r = 'ہ'
		}
		b.WriteRune(r)
	}
	return b.String()
}
