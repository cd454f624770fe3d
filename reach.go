package nsor

import (
	"slices"
	"strings"
	"time"
)

// SearchHit is a register record that a search through a request showed for
// one of its suspects. Through the request, the bureau reads only these and
// the records its answer cites (docs/rules.md#r8; docs/adr/0013-request-reach.md).
type SearchHit struct {
	SuspectID int64 `json:"suspect_id"`
	RecordID  int64 `json:"record_id"`
}

// AddedIdentifier is an identifier the analyst added to a search for a
// named suspect (another spelling of the name, a CNIC read off the FIR
// copy), with the reason. It completes the suspect the prosecutor verified
// and never replaces them; the confirming officer sees it in the request.
type AddedIdentifier struct {
	RequestID int64     `json:"-"`
	N         int       `json:"n"`
	SuspectID int64     `json:"suspect_id"`
	Name      string    `json:"name,omitempty"`
	CNIC      CNIC      `json:"cnic,omitempty"`
	Reason    string    `json:"reason"`
	By        int64     `json:"added_by"`
	At        time.Time `json:"added_at"`
}

// reachable reports whether a request may show record: a search through it
// showed the record, or its answer cites it.
func reachable(r *Request, hits []SearchHit, record int64) bool {
	return record != 0 && (slices.ContainsFunc(hits, func(h SearchHit) bool { return h.RecordID == record }) ||
		slices.ContainsFunc(r.Suspects, func(sp Suspect) bool { return sp.RecordID == record }))
}

// searchedFor reports whether a search through the request showed record
// for the suspect.
func searchedFor(hits []SearchHit, suspect, record int64) bool {
	return slices.Contains(hits, SearchHit{SuspectID: suspect, RecordID: record})
}

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
