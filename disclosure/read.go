package disclosure

import (
	"crypto/hmac"
	"regexp"
	"strings"
	"unicode"

	"nsor"
)

// labelIndex maps every normalised label to its field and alternative.
var labelIndex = func() map[string]labelRef {
	m := map[string]labelRef{}
	for _, f := range fields {
		for i, l := range f.labels {
			k := normLabel(l)
			if _, dup := m[k]; dup {
				panic("disclosure: label " + l + " is used twice")
			}
			m[k] = labelRef{f, i}
		}
	}
	return m
}()

type labelRef struct {
	f   field
	alt int
}

// normLabel folds case, spacing and trailing dots, which retyping changes.
func normLabel(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
}

// fieldLine reads "Label: value" or "Label - value" (any dash); OCR and
// retyping may change the spaces around the colon.
var fieldLine = regexp.MustCompile(`^(.+?)(\s*:\s*|\s+[-–—]\s+)(.*)$`)

// numberPattern finds disclosure numbers (nsor.DisclosureNumber).
var numberPattern = regexp.MustCompile(`DN-[0-9]{4}-[0-9]{6,}`)

// Read collects what copied text shows of the marks: visible numbers, hidden
// payloads and textual variants. It needs no key.
func (Marker) Read(text string) *nsor.MarkEvidence {
	ev := &nsor.MarkEvidence{Hidden: unweave(text)}
	clean := strings.ReplaceAll(strip(text), "\u00a0", " ")
	seen := map[string]bool{}
	for _, n := range numberPattern.FindAllString(clean, -1) {
		if !seen[n] {
			seen[n] = true
			ev.Numbers = append(ev.Numbers, n)
		}
	}
	// Sentences first: they are the robust bits, and kept when a long text
	// is cut to maxObservations.
	obs := readSentences(clean)
	for _, ln := range strings.Split(clean, "\n") {
		obs = append(obs, readField(strings.Join(strings.Fields(ln), " "))...)
	}
	ev.Observations = dedupe(obs)
	if len(ev.Observations) > maxObservations {
		ev.Observations = ev.Observations[:maxObservations]
	}
	return ev
}

// maxObservations bounds the variants weighed: 400 bits settle any trace
// (the false-match bound is far below 10^-100), while the cost of tracing
// grows with bits times candidates.
const maxObservations = 400

// readField reads the two bits of a labelled line, if it is one.
func readField(ln string) []nsor.MarkObservation {
	m := fieldLine.FindStringSubmatch(ln)
	if m == nil {
		return nil
	}
	ref, ok := labelIndex[normLabel(m[1])]
	if !ok {
		return nil
	}
	value := m[3]
	return []nsor.MarkObservation{
		{Site: labelSite(ref.f, value), Bit: ref.alt == 1},
		{Site: sepSite(ref.f, value), Bit: !strings.Contains(m[2], ":"), Fragile: true},
	}
}

// readSentences finds the boilerplate sentences in whichever combination
// of wordings the copy holds, compared as letters and digits only, so that
// line breaks, hyphenation spaces and punctuation lost in OCR do not matter.
// A sentence found in more than one combination says nothing.
func readSentences(text string) []nsor.MarkObservation {
	flat := flatten(text)
	var out []nsor.MarkObservation
	for _, ss := range [][]sentence{opening, closing} {
		for _, s := range ss {
			var found []bool
			hits := 0
			for _, c := range combinations(len(slots(s))) {
				if strings.Contains(flat, flatten(fill(s, c))) {
					found, hits = c, hits+1
				}
			}
			if hits != 1 {
				continue
			}
			for i, b := range found {
				out = append(out, nsor.MarkObservation{Site: slotSite(s, i), Bit: b})
			}
		}
	}
	return out
}

// combinations lists every choice of n bits.
func combinations(n int) [][]bool {
	out := make([][]bool, 0, 1<<n)
	for v := range 1 << n {
		c := make([]bool, n)
		for i := range c {
			c[i] = v>>i&1 == 1
		}
		out = append(out, c)
	}
	return out
}

// flatten keeps lower-case letters and digits and single spaces.
func flatten(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// dedupe keeps one observation per site; a site seen with both bits (two
// copies pasted together, or a misread) says nothing and is dropped.
func dedupe(obs []nsor.MarkObservation) []nsor.MarkObservation {
	bits := map[string]int{}
	var order []string
	for _, o := range obs {
		v := 1
		if o.Bit {
			v = 2
		}
		if _, ok := bits[o.Site]; !ok {
			order = append(order, o.Site)
		}
		bits[o.Site] |= v
	}
	fragile := map[string]bool{}
	for _, o := range obs {
		fragile[o.Site] = o.Fragile
	}
	var out []nsor.MarkObservation
	for _, s := range order {
		if bits[s] != 3 {
			out = append(out, nsor.MarkObservation{Site: s, Bit: bits[s] == 2, Fragile: fragile[s]})
		}
	}
	return out
}

// Match compares the evidence with one candidate: the Hamming distance
// between the variants observed and those the candidate's key chooses, and
// whether a hidden payload names the candidate with a valid checksum.
func (Marker) Match(ev *nsor.MarkEvidence, c nsor.MarkCandidate) nsor.MarkMatch {
	var m nsor.MarkMatch
	for _, o := range ev.Observations {
		miss := bit(c.Key, o.Site) != o.Bit
		m.Observed++
		if miss {
			m.Mismatches++
		}
		if !o.Fragile {
			m.RobustObserved++
			if miss {
				m.RobustMismatches++
			}
		}
	}
	for _, h := range ev.Hidden {
		if h.ReleaseID == c.ReleaseID && h.UserID == c.UserID && hmac.Equal(h.MAC, hiddenMAC(c.Key, h.Payload)) {
			m.HiddenVerified = true
		}
	}
	return m
}
