package web_test

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/disclosure"
)

// traceFindings are what a run of traces found wrong: a wrong person or
// disclosure named (never acceptable), or the right one missed.
type traceFindings struct{ wrong, missed []string }

// identified checks that tr names number and user; naming anyone else is
// wrong, naming nobody a miss.
func (f *traceFindings) identified(what string, tr *nsor.Trace, number string, user int64) {
	f.nobodyElse(what, tr, number, user)
	if tr.Verdict != nsor.TraceIdentified || len(tr.Recipients) != 1 || len(tr.Recipients[0].RenderedAt) == 0 {
		f.missed = append(f.missed, fmt.Sprintf("TraceDisclosure(%s) = %s %+v, want %s to user %d", what, tr.Verdict, tr.Evidence, number, user))
	}
}

// nobodyElse checks that tr names nobody but number and user.
func (f *traceFindings) nobodyElse(what string, tr *nsor.Trace, number string, user int64) {
	if tr.Verdict == nsor.TraceIdentified && (tr.Disclosure == nil || tr.Disclosure.Number != number || tr.Recipients[0].UserID != user) {
		f.wrong = append(f.wrong, fmt.Sprintf("TraceDisclosure(%s) named %+v of %+v, want %s to user %d or nobody", what, tr.Recipients, tr.Disclosure, number, user))
	}
}

// traceCopies traces the copies a leak could produce of d's disclosure.
func traceCopies(t *testing.T, d *disclosureWorld) *traceFindings {
	f := &traceFindings{}
	num, owner, dpp := d.ownerRel.Number, d.w.owner.ID, d.w.dpp.ID
	tr := trace(t, d.audit, nsor.TraceQuery{Text: d.ownerRel.MarkedText})
	f.identified("full copy", tr, num, owner)
	if !tr.Evidence.HiddenVerified {
		f.missed = append(f.missed, fmt.Sprintf("TraceDisclosure(full copy).Evidence = %+v, want the hidden mark verified", tr.Evidence))
	}
	cut := body(t, d.ownerRel.MarkedText)
	if strings.Contains(stripHidden(cut), "DN-") {
		t.Fatal("the cut copy still shows the number")
	}
	f.identified("copy without header and footer", trace(t, d.audit, nsor.TraceQuery{Text: cut}), num, owner)
	retyped := stripHidden(cut)
	tr = trace(t, d.audit, nsor.TraceQuery{Text: retyped})
	f.identified("retyped copy", tr, num, owner)
	if tr.Evidence.HiddenFrames != 0 || tr.Evidence.FalseMatchBound > nsor.FalseMatchLimit {
		f.missed = append(f.missed, fmt.Sprintf("TraceDisclosure(retyped).Evidence = %+v, want textual marks alone, bound <= %g", tr.Evidence, nsor.FalseMatchLimit))
	}
	f.identified("prosecutor's retyped copy", trace(t, d.audit, nsor.TraceQuery{Text: stripHidden(body(t, d.dppRel.MarkedText))}), num, dpp)
	return f
}

func TestTraceDisclosure(t *testing.T) {
	d := newDisclosureWorld(t)
	tr := trace(t, d.audit, nsor.TraceQuery{Number: d.ownerRel.Number})
	if tr.Verdict != nsor.TraceDisclosure || tr.Disclosure.RequestID != d.id || len(tr.Recipients) != 2 {
		t.Errorf("TraceDisclosure(number) = %s %+v, want the disclosure and its two readers", tr.Verdict, tr.Recipients)
	}
	f := traceCopies(t, d)
	for _, p := range append(f.wrong, f.missed...) {
		t.Error(p)
	}
	retyped := stripHidden(body(t, d.ownerRel.MarkedText))
	lines := strings.Split(retyped, "\n")
	fragment := strings.Join(lines[len(lines)/2:len(lines)/2+2], "\n")
	tr = trace(t, d.audit, nsor.TraceQuery{Text: fragment})
	if tr.Verdict != nsor.TraceNotEnough || len(tr.Recipients) != 0 || tr.Disclosure != nil {
		t.Errorf("TraceDisclosure(fragment %q) = %s %+v, want not_enough_evidence and nobody named", fragment, tr.Verdict, tr.Recipients)
	}
	mixed := stripHidden(body(t, d.dppRel.MarkedText)) + "\n" + retyped
	if tr = trace(t, d.audit, nsor.TraceQuery{Text: mixed}); tr.Verdict == nsor.TraceIdentified {
		t.Errorf("TraceDisclosure(two readers' copies pasted together) = %+v, want nobody named", tr.Recipients)
	}
}

// recipientBlind is the planted bug: marks keyed by the release alone, the
// same for every reader of a disclosure.
type recipientBlind struct{ nsor.Marker }

func blind(releaseID int64) nsor.MarkKey {
	return sha256.Sum256([]byte(strconv.FormatInt(releaseID, 10)))
}

func (b recipientBlind) Text(r *nsor.Rendering) string {
	c := *r
	c.Key = blind(r.ReleaseID)
	return b.Marker.Text(&c)
}

func (b recipientBlind) Match(ev *nsor.MarkEvidence, c nsor.MarkCandidate) nsor.MarkMatch {
	c.Key = blind(c.ReleaseID)
	return b.Marker.Match(ev, c)
}

// TestTraceCopiesCatchesPlantedBug: with marks that ignore the reader, the
// checks of TestTraceDisclosure must fail, and still nobody wrong is named.
func TestTraceCopiesCatchesPlantedBug(t *testing.T) {
	d := newDisclosureWorldOn(t, newEnvMarked(t, nil, nil, recipientBlind{disclosure.New()}))
	f := traceCopies(t, d)
	if len(f.missed) == 0 {
		t.Error("traceCopies(marks that ignore the reader) found nothing wrong, want the planted bug caught")
	}
	for _, p := range f.wrong {
		t.Error(p)
	}
}

// ocr imitates OCR of a printout: lines rewrapped at 60 columns, and a rate
// of characters misread as look-alikes.
func ocr(text string, rng *rand.Rand, rate float64) string {
	look := map[rune]rune{'l': '1', 'O': '0', 'o': '0', 'e': 'c', 'i': 'l', 'S': '5', 'a': 'o', 'n': 'm', 'u': 'v'}
	var b strings.Builder
	for _, ln := range strings.Split(text, "\n") {
		col := 0
		for i, w := range strings.Fields(ln) {
			if i > 0 && col+len(w) > 60 {
				b.WriteString("\n")
				col = 0
			} else if i > 0 {
				b.WriteString(" ")
			}
			for _, r := range w {
				if x, ok := look[r]; ok && rng.Float64() < rate {
					r = x
				}
				b.WriteRune(r)
			}
			col += len(w) + 1
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestTraceSurvivesOCR: misread copies trace to the right reader or to
// nobody, never to anyone else; light noise still traces.
func TestTraceSurvivesOCR(t *testing.T) {
	d := newDisclosureWorld(t)
	f := &traceFindings{}
	clean := stripHidden(body(t, d.ownerRel.MarkedText))
	found := map[float64]int{}
	for _, rate := range []float64{0.01, 0.05, 0.2} {
		for seed := range uint64(8) {
			text := ocr(clean, rand.New(rand.NewPCG(seed, 1)), rate)
			tr := trace(t, d.audit, nsor.TraceQuery{Text: text})
			f.nobodyElse(fmt.Sprintf("OCR at %g, seed %d", rate, seed), tr, d.ownerRel.Number, d.w.owner.ID)
			if tr.Verdict == nsor.TraceIdentified {
				found[rate]++
			}
		}
	}
	for _, p := range f.wrong {
		t.Error(p)
	}
	if found[0.01] < 8 {
		t.Errorf("copies OCR'd with 1%% misread characters traced %d of 8 times, want 8", found[0.01])
	}
	t.Logf("traced by misread rate: %v of 8", found)
}

// TestTraceAcrossKeyRotation: a copy made before the identifier key was
// rotated still traces (its read's record names the key version), and so
// does one made after.
func TestTraceAcrossKeyRotation(t *testing.T) {
	d := newDisclosureWorld(t)
	if _, err := d.w.e.keys.Rotate("hmac", nil); err != nil {
		t.Fatalf("Rotate: %v", err)
	}
	after, err := d.owner.ReadRelease(d.w.e.ctx, d.id)
	if err != nil {
		t.Fatalf("ReadRelease after rotation: %v", err)
	}
	before := stripHidden(body(t, d.ownerRel.MarkedText))
	if stripHidden(body(t, after.MarkedText)) == before {
		t.Fatal("the renderings before and after the rotation carry the same marks, want new ones under the new key")
	}
	f := &traceFindings{}
	f.identified("copy made before the rotation", trace(t, d.audit, nsor.TraceQuery{Text: before}), d.ownerRel.Number, d.w.owner.ID)
	f.identified("copy made after the rotation", trace(t, d.audit, nsor.TraceQuery{Text: stripHidden(body(t, after.MarkedText))}), d.ownerRel.Number, d.w.owner.ID)
	for _, p := range append(f.wrong, f.missed...) {
		t.Error(p)
	}
}

// TestTraceAfterTransfer: after a transfer the new officer acknowledges and
// reads with marks of their own; each officer's copy traces to them.
func TestTraceAfterTransfer(t *testing.T) {
	d := newDisclosureWorld(t)
	w, ctx := d.w, d.w.e.ctx
	if _, err := w.clients["dpo.in"].Do(ctx, http.MethodPost, "/api/v1/firs/"+itoa(d.fix.firID)+"/transfer",
		map[string]any{"io_user_id": w.peerIO.ID, "reason": "Officer posted to another unit (synthetic)."}, nil); err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if status, err := w.do(d.fix, "acknowledge", w.peerIO); status >= 300 {
		t.Fatalf("acknowledge by the new officer = %d %v", status, err)
	}
	peer, err := w.clients[w.peerIO.Username].ReadRelease(ctx, d.id)
	if err != nil {
		t.Fatalf("ReadRelease(new officer): %v", err)
	}
	tr := trace(t, d.audit, nsor.TraceQuery{Number: d.ownerRel.Number})
	if len(tr.Recipients) != 3 {
		t.Errorf("TraceDisclosure(number).Recipients = %+v, want the two officers and the prosecutor", tr.Recipients)
	}
	f := &traceFindings{}
	f.identified("former officer's retyped copy", trace(t, d.audit, nsor.TraceQuery{Text: stripHidden(body(t, d.ownerRel.MarkedText))}), d.ownerRel.Number, w.owner.ID)
	f.identified("new officer's retyped copy", trace(t, d.audit, nsor.TraceQuery{Text: stripHidden(body(t, peer.MarkedText))}), d.ownerRel.Number, w.peerIO.ID)
	for _, p := range append(f.wrong, f.missed...) {
		t.Error(p)
	}
}
