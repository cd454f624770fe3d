package service_test

import (
	"slices"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
)

// TestAuditorsWorkOnEachStore is an auditor's work end to end on SQLite and
// PostgreSQL: a leak traced by its number, a case opened on it with
// evidence proved in a signed checkpoint, the case decided, and the trail
// of it all found again by a search.
func TestAuditorsWorkOnEachStore(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newAuditWorld(t, dsn)
		auditor := w.as("auditor1")
		_, rel := w.auditReleased()

		tr, err := w.svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Number: rel.Number})
		if err != nil || tr.Verdict != nsor.TraceDisclosure || len(tr.Recipients) == 0 {
			t.Fatalf("TraceDisclosure = %+v, %v", tr, err)
		}
		v, err := w.svc.OpenCase(w.ctx, auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: "A copy surfaced outside the investigation."})
		if err != nil {
			t.Fatalf("OpenCase: %v", err)
		}
		ack := w.auditRecords(nsor.AuditFilter{Action: "request.acknowledge", Limit: 1})[0]
		if v, err = w.svc.AddEvidence(w.ctx, auditor, v.Case.ID, 1, ack.ID, "The officer acknowledged the advisory."); err != nil {
			t.Fatalf("AddEvidence: %v", err)
		}
		cp := w.checkpoint()
		v, err = w.svc.Case(w.ctx, auditor, v.Case.ID)
		if err != nil || len(v.Evidence) != 1 || v.Evidence[0].ProofStatus != nsor.ProofIncluded {
			t.Fatalf("Case = %+v, %v; want the evidence proved", v, err)
		}
		p := v.Evidence[0].Proof
		if err := tlog.CheckRecord(auditTLogProof(p.Proof), p.TreeSize, cp.Root, p.Index, tlog.RecordHash(p.Record)); err != nil {
			t.Errorf("the evidence's proof does not check: %v", err)
		}
		if v, err = w.svc.DecideCase(w.ctx, auditor, v.Case.ID, v.Case.Version, nsor.CaseReferred, "The copy is the officer's."); err != nil ||
			v.Case.State != nsor.CaseReferred {
			t.Fatalf("DecideCase = %v", err)
		}
		es, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{AuditFilter: nsor.AuditFilter{Object: "case/" + auditItoa(v.Case.ID)}})
		if err != nil || !slices.Equal(auditActions(es), []string{"case.open", "case.evidence_add", "case.view", "case.decide"}) {
			t.Errorf("the case's trail = %v, %v", auditActions(es), err)
		}
	})
}
