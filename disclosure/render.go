package disclosure

import (
	"strings"

	"nsor"
)

// Marker renders releases with marks and reads them back; it holds no state
// and no key (keys come with each rendering and candidate).
type Marker struct{}

var _ nsor.Marker = Marker{}

// New returns a Marker.
func New() Marker { return Marker{} }

// Text renders the release as marked plain text: every line of the letter,
// with the hidden payload woven into the gaps between words.
func (Marker) Text(r *nsor.Rendering) string {
	lines := build(r)
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	return weave(strings.Join(texts, "\n"), stream(r)) + "\n"
}
