package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
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
