package web_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditlog"
)

// TestMisuseEvidenceProvedByTheLog: with the signed audit log running, a
// piece of evidence newer than the latest checkpoint is "pending"; once the
// sequencer has signed the next checkpoint the case carries its inclusion
// proof, which checks against the log's public key.
func TestMisuseEvidenceProvedByTheLog(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	e.login(c.io1)
	aud := e.login(c.auditor)
	signin := firstRecord(t, e, nsor.AuditFilter{Action: "auth.signin", ActorID: c.io1.ID})
	v := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases", map[string]any{"audit_record_id": signin, "reason": "A sign-in to check (synthetic)."}, 0)
	path := "/api/v1/audit/cases/" + itoa(v.ID)
	v = caseCall(t, e, aud, http.MethodPost, path+"/evidence", map[string]any{"audit_record_id": signin, "reason": "The sign-in."}, 1)
	if v.Evidence[0].Proof.Status != nsor.ProofPending {
		t.Fatalf("evidence before a checkpoint = %+v, want pending", v.Evidence[0].Proof)
	}
	e.sequence()
	var got struct {
		Evidence []struct {
			Proof struct {
				Status    string
				Inclusion *struct {
					LeafIndex  int64 `json:"leaf_index"`
					Record     string
					Checkpoint string
					Proof      []string
				}
			}
		}
	}
	if _, err := aud.Do(e.ctx, http.MethodGet, path, nil, &got); err != nil {
		t.Fatal(err)
	}
	p := got.Evidence[0].Proof
	if p.Status != nsor.ProofIncluded || p.Inclusion == nil {
		t.Fatalf("evidence after a checkpoint = %+v, want included with a proof", p)
	}
	known, _ := auditlog.ParseVerifiers(e.vkeys)
	size, root, err := auditlog.OpenCheckpoint([]byte(p.Inclusion.Checkpoint), known, auditlog.DefaultOrigin)
	if err != nil {
		t.Fatalf("OpenCheckpoint(evidence's checkpoint) = %v", err)
	}
	proof := make(tlog.RecordProof, len(p.Inclusion.Proof))
	for i, h := range p.Inclusion.Proof {
		b, _ := base64.StdEncoding.DecodeString(h)
		copy(proof[i][:], b)
	}
	rec, _ := base64.StdEncoding.DecodeString(p.Inclusion.Record)
	if err := tlog.CheckRecord(proof, size, root, p.Inclusion.LeafIndex, tlog.RecordHash(rec)); err != nil {
		t.Errorf("CheckRecord(evidence's proof) = %v, want nil", err)
	}
}
