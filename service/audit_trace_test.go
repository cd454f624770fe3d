package service_test

import (
	"strconv"
	"strings"
	"testing"

	"nsor"
)

// TestAuditTraceDisclosure traces a disclosure by its number (everyone it was
// rendered to) and by copied text (its one reader, by the hidden marks;
// nobody when the text carries no marks or the marks of two readers), and
// refuses everyone but an auditor and every malformed query, recording
// each answer and refusal by keyed hash, never the text.
func TestAuditTraceDisclosure(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	io := w.as("io.lahore1")
	r, rel := w.auditReleased()
	read, err := w.svc.ReadRelease(w.ctx, io, r.ID)
	if err != nil {
		t.Fatalf("ReadRelease by the officer: %v", err)
	}
	if read.MarkedText == "" {
		t.Fatal("the officer's copy carries no marked text")
	}

	t.Run("by number", func(t *testing.T) {
		before := w.auditCount()
		tr, err := w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Number: rel.Number})
		if err != nil {
			t.Fatalf("TraceDisclosure: %v", err)
		}
		if tr.Verdict != nsor.TraceDisclosure || tr.Disclosure == nil || tr.Disclosure.Number != rel.Number || tr.Disclosure.RequestID != r.ID {
			t.Fatalf("trace = %+v", tr)
		}
		var found bool
		for _, x := range tr.Recipients {
			if x.UserID == io.User.ID {
				found = true
				if x.Username != "io.lahore1" || x.AcknowledgedAt.IsZero() || len(x.RenderedAt) == 0 {
					t.Errorf("the officer traced as %+v; want acknowledged and rendered", x)
				}
			}
		}
		if !found {
			t.Errorf("recipients %+v lack the officer who read it", tr.Recipients)
		}
		rec := w.auditWantAct(t, before, "audit.trace")
		if auditDetail(rec, "disclosure") != rel.Number || auditDetail(rec, "verdict") != nsor.TraceDisclosure ||
			rec.Object != "release/"+strconv.FormatInt(rel.ID, 10) || rec.RequestID != r.ID {
			t.Errorf("trace recorded as %+v", rec)
		}
	})
	t.Run("at the console", func(t *testing.T) {
		tr, err := w.svc.TraceDisclosure(w.ctx, nsor.ConsoleActor(nsor.Operator{Name: "ops", Host: "nsor1"}), nsor.TraceQuery{Number: rel.Number})
		if err != nil || tr.Verdict != nsor.TraceDisclosure {
			t.Fatalf("TraceDisclosure at the console = %+v, %v", tr, err)
		}
		if r := w.auditLast().Record; r.Action != "audit.trace" || r.ActorID != 0 || auditDetail(r, "operator") != "ops@nsor1" {
			t.Errorf("console trace recorded as %+v", r)
		}
	})
	t.Run("by the officer's copy", func(t *testing.T) {
		before := w.auditCount()
		tr, err := w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Text: read.MarkedText})
		if err != nil {
			t.Fatalf("TraceDisclosure(text): %v", err)
		}
		if tr.Verdict != nsor.TraceIdentified || len(tr.Recipients) != 1 || tr.Recipients[0].UserID != io.User.ID ||
			tr.Disclosure == nil || tr.Disclosure.Number != rel.Number {
			t.Fatalf("trace = %s %+v; want the officer identified", tr.Verdict, tr.Recipients)
		}
		if !tr.Evidence.HiddenVerified || tr.Evidence.FalseMatchBound != 0 || tr.Recipients[0].AcknowledgedAt.IsZero() {
			t.Errorf("evidence %+v", tr.Evidence)
		}
		rec := w.auditWantAct(t, before, "audit.trace")
		if auditDetail(rec, "traced_user") != strconv.FormatInt(io.User.ID, 10) || auditDetail(rec, "query") != "text" || len(rec.Identifiers) != 1 {
			t.Errorf("trace recorded as %+v", rec)
		}
		if strings.Contains(string(w.auditLast().Data), read.MarkedText[:40]) {
			t.Error("the trace's record holds the copied text")
		}
	})
	t.Run("text without marks", func(t *testing.T) {
		tr, err := w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Text: "A page typed out again by hand, with no marks at all."})
		if err != nil || tr.Verdict != nsor.TraceNotEnough || len(tr.Recipients) != 0 || tr.Disclosure != nil {
			t.Errorf("trace of unmarked text = %+v, %v; want not enough evidence", tr, err)
		}
	})
	t.Run("two readers' copies pieced together", func(t *testing.T) {
		c, err := w.svc.OpenCase(w.ctx, auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: "Copy of the release found on social media."})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := w.svc.CaseDisclosure(w.ctx, auditor, c.Case.ID)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Text: read.MarkedText + "\n" + mine.MarkedText})
		if err != nil || tr.Verdict != nsor.TraceConflicting || len(tr.Recipients) != 0 {
			t.Errorf("trace of a pieced copy = %+v, %v; want conflicting evidence", tr, err)
		}
		tr, err = w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Text: mine.MarkedText})
		if err != nil || tr.Verdict != nsor.TraceIdentified || tr.Recipients[0].UserID != auditor.User.ID {
			t.Errorf("trace of the auditor's copy = %+v, %v; want the auditor identified", tr, err)
		}
	})

	refusals := []struct {
		name string
		a    *nsor.Actor
		q    nsor.TraceQuery
		code string
		tag  bool // the query is recorded by keyed hash
	}{
		{"officer", io, nsor.TraceQuery{Number: rel.Number}, "auth.forbidden", false},
		{"administrator", w.as("admin"), nsor.TraceQuery{Text: read.MarkedText}, "auth.forbidden", true},
		{"token without audit:read", auditWithToken(auditor, nsor.ScopeDashboard), nsor.TraceQuery{Number: rel.Number}, "auth.scope", false},
		{"nothing", auditor, nsor.TraceQuery{}, "trace.query_required", false},
		{"blank text", auditor, nsor.TraceQuery{Text: " \n\t"}, "trace.query_required", true},
		{"number and text", auditor, nsor.TraceQuery{Number: rel.Number, Text: read.MarkedText}, "trace.query_required", false},
		{"malformed number", auditor, nsor.TraceQuery{Number: "91234-1234567-1"}, "trace.number_invalid", true},
		{"text too long", auditor, nsor.TraceQuery{Text: strings.Repeat("x", nsor.MaxTraceText+1)}, "trace.text_too_long", true},
		{"unknown number", auditor, nsor.TraceQuery{Number: rel.Number[:len("DN-2026-")] + "999999"}, "disclosure.not_found", false},
		{"overlong number", auditor, nsor.TraceQuery{Number: strings.Repeat("9", 300)}, "text.too_long", false},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			tr, err := w.svc.TraceDisclosure(w.ctx, tc.a, tc.q)
			wantCode(t, "TraceDisclosure", err, tc.code)
			if tr != nil {
				t.Error("a refused trace was returned")
			}
			w.auditWantRefusal(t, before, "audit.trace", tc.code)
			rec := w.auditLast()
			if got := len(rec.Record.Identifiers) > 0; got != tc.tag {
				t.Errorf("refusal recorded with a keyed hash = %v, want %v", got, tc.tag)
			}
			if len(tc.q.Text) > 40 && strings.Contains(string(rec.Data), tc.q.Text[:40]) {
				t.Error("the refusal's record holds the text")
			}
		})
	}
}
