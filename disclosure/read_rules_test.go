package disclosure

import (
	"slices"
	"strings"
	"testing"

	"nsor"
)

// TestReadEveryDisclosureNumber: a leaked text may quote more than one
// disclosure (a copy pieced together from two letters); the tracer sees
// every number visible in it, each once, in the order of the text.
func TestReadEveryDisclosureNumber(t *testing.T) {
	m := Marker{}
	a, b := rendering(1, 1), rendering(2, 2)
	b.Block.Number, b.Snapshot.DisclosureNumber = "DN-2026-000077", "DN-2026-000077"
	text := strip(m.Text(a)) + "\n" + strip(m.Text(b))
	if got, want := m.Read(text).Numbers, []string{"DN-2026-000042", "DN-2026-000077"}; !slices.Equal(got, want) {
		t.Errorf("Read(two letters).Numbers = %q, want %q", got, want)
	}
	note := "Forwarded on WhatsApp: see DN-2025-000913, also DN-2026-000042 and again DN-2025-000913."
	if got, want := m.Read(note).Numbers, []string{"DN-2025-000913", "DN-2026-000042"}; !slices.Equal(got, want) {
		t.Errorf("Read(%q).Numbers = %q, want %q", note, got, want)
	}
}

// TestReadSentenceMarks: the wordings of the boilerplate sentences are the
// robust bits of the textual layer (docs/disclosure-marks.md): every slot of
// every sentence is read back, as the reader's key chose it, and a copy that
// keeps only the sentences (labelled lines dropped or paraphrased) still
// fits its reader and not another.
func TestReadSentenceMarks(t *testing.T) {
	m := Marker{}
	r := rendering(1, 1)
	text := strip(m.Text(r))
	want := 0
	for _, ss := range [][]sentence{opening, closing} {
		for _, s := range ss {
			want += len(slots(s))
		}
	}
	got := 0
	for _, o := range m.Read(text).Observations {
		if strings.HasPrefix(o.Site, "s:") {
			got++
			if o.Fragile || o.Bit != bit(r.Key, o.Site) {
				t.Errorf("sentence observation %+v, want the robust bit %v of the reader's key", o, bit(r.Key, o.Site))
			}
		}
	}
	if got != want {
		t.Errorf("Read(letter) read %d sentence slots, want all %d", got, want)
	}
	// Only the sentences: drop every labelled line.
	var kept []string
	for _, ln := range strings.Split(text, "\n") {
		if readField(strings.Join(strings.Fields(ln), " ")) == nil {
			kept = append(kept, ln)
		}
	}
	ev := m.Read(strings.Join(kept, "\n"))
	own := m.Match(ev, nsor.MarkCandidate{Key: r.Key})
	other := m.Match(ev, nsor.MarkCandidate{Key: rendering(2, 99).Key})
	if own.RobustObserved != want || own.RobustMismatches != 0 {
		t.Errorf("Match(sentences only, own key) = %+v, want %d robust variants, none disagreeing", own, want)
	}
	if other.RobustMismatches < want/4 {
		t.Errorf("Match(sentences only, another key) = %+v, want about half of %d disagreeing", other, want)
	}
}
