package web_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
	"nsor/disclosure"
	"nsor/web"
)

// disclosureWorld is a released and acknowledged request read by its
// officer and by the district's prosecutor, next to a second disclosure,
// so that the tracer has more than one candidate to choose from.
type disclosureWorld struct {
	w                 *world
	owner, dpp, audit *client.Client
	id                int64
	fix               fixture
	ownerRel, dppRel  *client.Release
}

func newDisclosureWorld(t *testing.T) *disclosureWorld { return newDisclosureWorldOn(t, newEnv(t)) }

func newDisclosureWorldOn(t *testing.T, e *env) *disclosureWorld {
	w := newWorldOn(t, e)
	d := &disclosureWorld{w: w, owner: w.clients["io.owner"], dpp: w.clients["dpp.in"], audit: w.clients["auditor"]}
	other := w.build(t, "acknowledged")
	if _, err := d.owner.ReadRelease(w.e.ctx, other.id); err != nil {
		t.Fatalf("ReadRelease(other): %v", err)
	}
	d.fix = w.build(t, "acknowledged")
	d.id = d.fix.id
	var err error
	if d.ownerRel, err = d.owner.ReadRelease(w.e.ctx, d.id); err != nil {
		t.Fatalf("ReadRelease(owner): %v", err)
	}
	if d.dppRel, err = d.dpp.ReadRelease(w.e.ctx, d.id); err != nil {
		t.Fatalf("ReadRelease(dpp): %v", err)
	}
	return d
}

// body cuts a rendering to its records: the header (up to the first
// boilerplate sentence) and the footer (from "End of disclosure") go, as
// when a leaker crops the page.
func body(t *testing.T, text string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	start, end := -1, -1
	for i, l := range lines {
		plain := stripHidden(l)
		if start < 0 && strings.HasPrefix(plain, "The National Police Bureau has") {
			start = i
		}
		if strings.HasPrefix(plain, "End of disclosure") {
			end = i
		}
	}
	if start < 0 || end < start {
		t.Fatalf("rendering has no recognisable body:\n%s", text)
	}
	return strings.Join(lines[start:end], "\n")
}

func stripHidden(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
			return -1
		}
		return r
	}, s)
}

func TestReleaseRenderingsCarryDisclosure(t *testing.T) {
	d := newDisclosureWorld(t)
	u := d.w.owner
	b := d.ownerRel.Disclosure
	if b.Number != d.ownerRel.Number || b.RecipientID != u.ID || b.RecipientName != u.Name || b.RecipientRank == "" ||
		!b.ReleasedAt.Equal(d.ownerRel.ReleasedAt) || b.RenderedAt.IsZero() || b.Advisory != nsor.Advisory {
		t.Errorf("ReadRelease().Disclosure = %+v, want number %s, recipient %d %q with rank, release time, rendering time, advisory",
			b, d.ownerRel.Number, u.ID, u.Name)
	}
	plain := stripHidden(d.ownerRel.MarkedText)
	for _, want := range []string{b.Number, b.RecipientName, b.RecipientRank, nsor.Advisory, "UTC"} {
		if strings.Count(plain, want) < 2 {
			t.Errorf("ReadRelease().MarkedText holds %q %d times, want it in header and footer", want, strings.Count(plain, want))
		}
	}
	page, err := d.owner.PrintRelease(d.w.e.ctx, d.id)
	if err != nil {
		t.Fatalf("PrintRelease: %v", err)
	}
	for _, want := range []string{"<header>", "<footer>", `class="wm"`, b.Number, b.RecipientName, b.RecipientRank, nsor.Advisory} {
		if !strings.Contains(stripHidden(string(page)), want) {
			t.Errorf("PrintRelease() lacks %q", want)
		}
	}
	if n := countAudit(t, d.w.e, "release.read", "ok", "format", "html"); n != 1 {
		t.Errorf("release.read records of the printable page = %d, want 1", n)
	}
	if body(t, stripHidden(d.ownerRel.MarkedText)) == body(t, stripHidden(d.dppRel.MarkedText)) {
		t.Errorf("the officer's and the prosecutor's renderings of %s carry the same marks, want different", b.Number)
	}
}

// TestPrintReleaseDemoBanner: a demo server marks the printable page as
// synthetic data, as it marks every page.
func TestPrintReleaseDemoBanner(t *testing.T) {
	d := newDisclosureWorld(t)
	demo := httptest.NewServer(web.New(d.w.e.svc, web.Options{Demo: true}))
	t.Cleanup(demo.Close)
	c := client.New(demo.URL, validatingClient(t, demo.Client()))
	c.Token = d.owner.Token
	page, err := c.PrintRelease(d.w.e.ctx, d.id)
	if err != nil {
		t.Fatalf("PrintRelease(demo): %v", err)
	}
	if !bytes.Contains(page, []byte("SYNTHETIC DATA")) {
		t.Error("PrintRelease(demo) lacks the synthetic-data banner")
	}
	plain, err := d.owner.PrintRelease(d.w.e.ctx, d.id)
	if err != nil || bytes.Contains(plain, []byte("SYNTHETIC DATA")) {
		t.Errorf("PrintRelease(not a demo) = banner %v, %v; want no banner", bytes.Contains(plain, []byte("SYNTHETIC DATA")), err)
	}
}

func TestPrintReleaseRules(t *testing.T) {
	w := newWorld(t)
	f := w.build(t, "released")
	_, err := w.clients["io.owner"].PrintRelease(w.e.ctx, f.id)
	problem(t, "PrintRelease before acknowledging", err, http.StatusForbidden, "release.acknowledgement_required")
	_, err = w.clients["io.outside"].PrintRelease(w.e.ctx, f.id)
	problem(t, "PrintRelease outside the district", err, http.StatusNotFound, "request.not_found")
	_, err = w.clients["dpo.in"].PrintRelease(w.e.ctx, f.id)
	problem(t, "PrintRelease by the DPO", err, http.StatusForbidden, "request.forbidden")
}

func trace(t *testing.T, c *client.Client, q nsor.TraceQuery) *nsor.Trace {
	t.Helper()
	tr, err := c.TraceDisclosure(t.Context(), q)
	if err != nil {
		t.Fatalf("TraceDisclosure: %v", err)
	}
	return tr
}

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

func TestTraceDisclosureRefusals(t *testing.T) {
	d := newDisclosureWorld(t)
	ctx := d.w.e.ctx
	for _, c := range []struct {
		what   string
		q      nsor.TraceQuery
		status int
		code   string
	}{
		{"nothing", nsor.TraceQuery{}, http.StatusUnprocessableEntity, "trace.query_required"},
		{"blank text", nsor.TraceQuery{Text: " \n\t"}, http.StatusUnprocessableEntity, "trace.query_required"},
		{"both", nsor.TraceQuery{Number: d.ownerRel.Number, Text: "x"}, http.StatusUnprocessableEntity, "trace.query_required"},
		{"malformed number", nsor.TraceQuery{Number: "DN-26-1"}, http.StatusUnprocessableEntity, "trace.number_invalid"},
		{"unknown number", nsor.TraceQuery{Number: "DN-2026-999999"}, http.StatusNotFound, "disclosure.not_found"},
		{"huge text", nsor.TraceQuery{Text: strings.Repeat("a", nsor.MaxTraceText+1)}, http.StatusRequestEntityTooLarge, "trace.text_too_long"},
	} {
		_, err := d.audit.TraceDisclosure(ctx, c.q)
		problem(t, "TraceDisclosure("+c.what+")", err, c.status, c.code)
	}
	for _, who := range []string{"io.owner", "dpp.in", "admin", "oversight.in"} {
		_, err := d.w.clients[who].TraceDisclosure(ctx, nsor.TraceQuery{Number: d.ownerRel.Number})
		problem(t, "TraceDisclosure by "+who, err, http.StatusForbidden, "auth.forbidden")
	}
	if n := countAudit(t, d.w.e, "audit.trace", "refused", "", ""); n != 10 {
		t.Errorf("refused audit.trace records = %d, want 10, one per refusal", n)
	}
}

// countAudit counts the audit records of action with outcome and, when key
// is given, the detail key=value.
func countAudit(t *testing.T, e *env, action, outcome, key, value string) int {
	t.Helper()
	n := 0
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: action})
		for _, x := range es {
			ok := x.Record.Outcome == outcome && key == ""
			for _, dt := range x.Record.Details {
				ok = ok || (x.Record.Outcome == outcome && dt.Key == key && dt.Value == value)
			}
			if ok {
				n++
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTraceTextNeverStored is the canary: text pasted into a trace never
// reaches the audit trail in clear, only as its keyed hash.
func TestTraceTextNeverStored(t *testing.T) {
	d := newDisclosureWorld(t)
	const canary = "Canary Synthetic Xylophonequartz"
	text := canary + "\n" + stripHidden(body(t, d.ownerRel.MarkedText))
	trace(t, d.audit, nsor.TraceQuery{Text: text})
	_ = d.w.e.db.View(d.w.e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range es {
			if bytes.Contains(bytes.ToLower(e.Data), []byte("xylophonequartz")) || bytes.Contains(e.Data, []byte(nameOffender)) {
				t.Errorf("audit record %d (%s) holds the traced text in clear", e.ID, e.Record.Action)
			}
			if e.Record.Action == "audit.trace" {
				for _, id := range e.Record.Identifiers {
					found = found || id.Kind == "trace_text"
				}
			}
		}
		if !found {
			t.Error("no audit.trace record holds the keyed hash of the traced text")
		}
		return nil
	})
}
