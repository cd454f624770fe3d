package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// disclosureWorld is a released and acknowledged request read by its
// officer and by the district's prosecutor, next to a second disclosure,
// so that the tracer has more than one candidate to choose from.
type disclosureWorld struct {
	w                 *world
	owner, dpp, audit *client.Client
	id                int64
	ownerRel, dppRel  *client.Release
}

func newDisclosureWorld(t *testing.T) *disclosureWorld {
	w := newWorld(t)
	d := &disclosureWorld{w: w, owner: w.clients["io.owner"], dpp: w.clients["dpp.in"], audit: w.clients["auditor"]}
	other := w.build(t, "acknowledged")
	if _, err := d.owner.ReadRelease(w.e.ctx, other.id); err != nil {
		t.Fatalf("ReadRelease(other): %v", err)
	}
	d.id = w.build(t, "acknowledged").id
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
	if body(t, stripHidden(d.ownerRel.MarkedText)) == body(t, stripHidden(d.dppRel.MarkedText)) {
		t.Errorf("the officer's and the prosecutor's renderings of %s carry the same marks, want different", b.Number)
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

func wantIdentified(t *testing.T, what string, tr *nsor.Trace, number string, user int64) {
	t.Helper()
	if tr.Verdict != nsor.TraceIdentified || tr.Disclosure == nil || tr.Disclosure.Number != number ||
		len(tr.Recipients) != 1 || tr.Recipients[0].UserID != user || len(tr.Recipients[0].RenderedAt) == 0 {
		t.Errorf("TraceDisclosure(%s) = %s %+v %+v, want %s to user %d", what, tr.Verdict, tr.Recipients, tr.Evidence, number, user)
	}
}

func TestTraceDisclosure(t *testing.T) {
	d := newDisclosureWorld(t)
	num, owner, dpp := d.ownerRel.Number, d.w.owner.ID, d.w.dpp.ID

	tr := trace(t, d.audit, nsor.TraceQuery{Number: num})
	if tr.Verdict != nsor.TraceDisclosure || tr.Disclosure.RequestID != d.id || len(tr.Recipients) != 2 {
		t.Errorf("TraceDisclosure(number) = %s %+v, want the disclosure and its two readers", tr.Verdict, tr.Recipients)
	}

	full := d.ownerRel.MarkedText
	tr = trace(t, d.audit, nsor.TraceQuery{Text: full})
	wantIdentified(t, "full copy", tr, num, owner)
	if !tr.Evidence.HiddenVerified {
		t.Errorf("TraceDisclosure(full copy).Evidence = %+v, want the hidden mark verified", tr.Evidence)
	}
	cut := body(t, full)
	if strings.Contains(stripHidden(cut), "DN-") {
		t.Fatal("the cut copy still shows the number")
	}
	wantIdentified(t, "copy without header and footer", trace(t, d.audit, nsor.TraceQuery{Text: cut}), num, owner)

	retyped := stripHidden(cut)
	tr = trace(t, d.audit, nsor.TraceQuery{Text: retyped})
	wantIdentified(t, "retyped copy", tr, num, owner)
	if tr.Evidence.HiddenFrames != 0 || tr.Evidence.FalseMatchBound > nsor.FalseMatchLimit {
		t.Errorf("TraceDisclosure(retyped).Evidence = %+v, want textual marks alone, bound <= %g", tr.Evidence, nsor.FalseMatchLimit)
	}
	wantIdentified(t, "prosecutor's retyped copy", trace(t, d.audit, nsor.TraceQuery{Text: stripHidden(body(t, d.dppRel.MarkedText))}), num, dpp)

	lines := strings.Split(retyped, "\n")
	fragment := strings.Join(lines[len(lines)/2:len(lines)/2+2], "\n")
	tr = trace(t, d.audit, nsor.TraceQuery{Text: fragment})
	if tr.Verdict != nsor.TraceNotEnough || len(tr.Recipients) != 0 || tr.Disclosure != nil {
		t.Errorf("TraceDisclosure(fragment %q) = %s %+v, want not_enough_evidence and nobody named", fragment, tr.Verdict, tr.Recipients)
	}
	mixed := stripHidden(body(t, d.dppRel.MarkedText)) + "\n" + retyped
	tr = trace(t, d.audit, nsor.TraceQuery{Text: mixed})
	if tr.Verdict == nsor.TraceIdentified {
		t.Errorf("TraceDisclosure(two recipients' copies pasted together) = %+v, want nobody named", tr.Recipients)
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
