package disclosure

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"nsor"
)

func rendering(user int64, key byte) *nsor.Rendering {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	snap := &nsor.ReleaseSnapshot{DisclosureNumber: "DN-2026-000042", RequestRef: "NSOR-2026-000042", FIR: "4417/2026",
		ReleasedAt: at, Advisory: nsor.Advisory, Suspects: []nsor.ReleasedSuspect{
			{Accused: nsor.Accused{Name: "Zarghoon Tarqeel", CNIC: "9123456789013", Address: "House 9, Synthetic Colony", Age: 38,
				Parentage: &nsor.Parentage{Relation: "S/O", Name: "Gulzar Tarqeel"}}, Outcome: nsor.OutcomeRecordFound, Basis: nsor.BasisCNIC,
				Record: &nsor.ReleasedRecord{ID: 7, Version: 2, Serial: true, Record: nsor.OffenderRecord{Name: "Zarghun Tarqeel",
					Aliases: []string{"Zarghoon"}, CNIC: "9123456789013", DOB: "1988-04-17", Convictions: []nsor.Conviction{
						{Court: "Sessions Court (synthetic)", CaseNumber: "SC-77/2015", Sections: []string{"PPC-376"}, ConvictedOn: "2015-06-02"},
						{Court: "Sessions Court (synthetic)", CaseNumber: "SC-12/2021", Sections: []string{"PPC-377B"}, ConvictedOn: "2021-01-20"}}}}},
			{Accused: nsor.Accused{Name: "Qudratullah Benazeer", CNIC: "9555512345671"}, Outcome: nsor.OutcomeNoRecord}}}
	var k nsor.MarkKey
	for i := range k {
		k[i] = key + byte(i)
	}
	return &nsor.Rendering{ReleaseID: 42, Snapshot: snap, Key: k, Block: nsor.DisclosureBlock{Number: snap.DisclosureNumber,
		RecipientID: user, RecipientName: fmt.Sprintf("Officer %d (synthetic)", user), RecipientRank: "Inspector",
		ReleasedAt: at, RenderedAt: at.Add(time.Hour), Advisory: nsor.Advisory}}
}

// recipientsDistinguished is what the tracer relies on: the retyped text
// of one recipient's copy fits that recipient's key and not another's.
func recipientsDistinguished(m nsor.Marker) error {
	a, b := rendering(1, 1), rendering(2, 99)
	ev := m.Read(strip(m.Text(a)))
	ma, mb := m.Match(ev, nsor.MarkCandidate{ReleaseID: 42, UserID: 1, Key: a.Key}), m.Match(ev, nsor.MarkCandidate{ReleaseID: 42, UserID: 2, Key: b.Key})
	if ma.Observed < 64 || ma.Mismatches != 0 {
		return fmt.Errorf("own key: %d of %d variants disagree, want 0 of at least 64", ma.Mismatches, ma.Observed)
	}
	if mb.Mismatches < mb.Observed/4 {
		return fmt.Errorf("another recipient's key: %d of %d variants disagree, want about half", mb.Mismatches, mb.Observed)
	}
	return nil
}

func TestMarksDistinguishRecipients(t *testing.T) {
	if err := recipientsDistinguished(Marker{}); err != nil {
		t.Error(err)
	}
}

// plantedMarker is the control: it ignores the recipient's key, as a bug
// that marked every copy alike would.
type plantedMarker struct{ Marker }

func (p plantedMarker) Text(r *nsor.Rendering) string {
	c := *r
	c.Key = nsor.MarkKey{}
	return p.Marker.Text(&c)
}

func TestMarksDistinguishRecipientsCatchesPlantedBug(t *testing.T) {
	if err := recipientsDistinguished(plantedMarker{}); err == nil {
		t.Error("recipientsDistinguished(marks that ignore the recipient) = nil, want an error")
	}
}

func TestHiddenMarkRoundTrip(t *testing.T) {
	r := rendering(1, 1)
	m := Marker{}
	ev := m.Read(m.Text(r))
	if len(ev.Hidden) != 1 || ev.Hidden[0].ReleaseID != 42 || ev.Hidden[0].UserID != 1 || !ev.Hidden[0].RenderedAt.Equal(r.Block.RenderedAt) {
		t.Fatalf("Read(Text()).Hidden = %+v, want one payload for release 42, user 1", ev.Hidden)
	}
	if !m.Match(ev, nsor.MarkCandidate{ReleaseID: 42, UserID: 1, Key: r.Key}).HiddenVerified {
		t.Error("Match(own key).HiddenVerified = false, want true")
	}
	if m.Match(ev, nsor.MarkCandidate{ReleaseID: 42, UserID: 1, Key: rendering(1, 7).Key}).HiddenVerified {
		t.Error("Match(wrong key).HiddenVerified = true, want false: the checksum is keyed")
	}
	if got := m.Read(strip(m.Text(r))); len(got.Hidden) != 0 {
		t.Errorf("Read(stripped).Hidden = %+v, want none", got.Hidden)
	}
}

// TestReadSurvivesRetyping: case, spacing, dashes and line wrapping change
// when text is retyped or OCR'd; the variants read must not.
func TestReadSurvivesRetyping(t *testing.T) {
	r := rendering(1, 1)
	m := Marker{}
	clean := strip(m.Text(r))
	messy := strings.NewReplacer(" - ", "  –  ", ": ", " : ", "The records are shown", "The records are\nshown").Replace(clean)
	a, b := m.Read(clean), m.Read(messy)
	ma := m.Match(a, nsor.MarkCandidate{Key: r.Key})
	mb := m.Match(b, nsor.MarkCandidate{Key: r.Key})
	if mb.Mismatches != 0 || mb.Observed != ma.Observed {
		t.Errorf("Match(Read(retyped)) = %+v, want the %d variants of the clean copy, none disagreeing", mb, ma.Observed)
	}
}

func TestHTMLCarriesVisibleBlock(t *testing.T) {
	r := rendering(1, 1)
	page := strip(string(Marker{}.HTML(r)))
	for _, want := range []string{"<header>", "<footer>", `class="wm"`, r.Block.Number, r.Block.RecipientName, "Inspector", nsor.Advisory, "2026-11-02 10:00:00 UTC"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML() lacks %q", want)
		}
	}
}

func TestLabelsAreDistinct(t *testing.T) {
	if len(labelIndex) != 2*len(fields) {
		t.Errorf("labelIndex has %d labels, want %d: two per field, all distinct", len(labelIndex), 2*len(fields))
	}
}

// TestSentenceWordingsDistinct: no wording of a sentence may be read as
// another, or a copy would show two and say nothing (or worse, the wrong one).
func TestSentenceWordingsDistinct(t *testing.T) {
	for _, ss := range [][]sentence{opening, closing} {
		for _, s := range ss {
			cs := combinations(len(slots(s)))
			for i, a := range cs {
				for j, b := range cs {
					if i != j && strings.Contains(flatten(fill(s, a)), flatten(fill(s, b))) {
						t.Errorf("sentence %s: %q contains %q", s.site, fill(s, a), fill(s, b))
					}
				}
			}
		}
	}
}

// TestOtherKeysLookRandom checks the premise of the false-match bound
// (docs/disclosure-marks.md): against keys that did not make a copy, its
// variants disagree about half the time, and none of 2,000 keys comes near.
func TestOtherKeysLookRandom(t *testing.T) {
	m := Marker{}
	ev := m.Read(strip(m.Text(rendering(1, 1))))
	n := len(ev.Observations)
	total, closest := 0, n
	for i := range 2000 {
		k := sha256.Sum256([]byte(fmt.Sprint("other key ", i)))
		d := m.Match(ev, nsor.MarkCandidate{Key: k}).Mismatches
		total += d
		closest = min(closest, d)
	}
	if mean := float64(total) / 2000; mean < 0.45*float64(n) || mean > 0.55*float64(n) {
		t.Errorf("mean mismatches of other keys = %.1f of %d, want about half", mean, n)
	}
	if closest < n/4 {
		t.Errorf("closest other key disagrees on %d of %d variants, want at least a quarter", closest, n)
	}
}
