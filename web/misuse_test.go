package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// fakeProver proves records up to a tree size; newer ones are pending, as
// the Merkle log's prover answers for records after the latest checkpoint.
type fakeProver struct{ upTo int64 }

func (p fakeProver) ProveRecord(_ context.Context, _ nsor.Tx, id int64) (*nsor.InclusionProof, error) {
	if id > p.upTo {
		return nil, nsor.Errorf(nsor.KindConflict, "audit.not_checkpointed", "pending")
	}
	return &nsor.InclusionProof{RecordID: id, Index: id - 1, TreeSize: p.upTo, Checkpoint: []byte("nsor.test/log\n"),
		Proof: [][32]byte{{1}, {2}}}, nil
}

// ProveConsistency is not needed by cases.
func (p fakeProver) ProveConsistency(nsor.Tx, int64, int64) ([][32]byte, error) {
	return nil, nsor.Errorf(nsor.KindConflict, "audit.not_checkpointed", "not in the fake")
}

// caseJSON is a case as the API returns it.
type caseJSON struct {
	nsor.MisuseCase
	Evidence []struct {
		AuditRecordID int64          `json:"audit_record_id"`
		Reason        string         `json:"reason"`
		Record        map[string]any `json:"record"`
		Proof         struct {
			Status    string `json:"status"`
			Note      string `json:"note"`
			Inclusion *struct {
				LeafIndex int64    `json:"leaf_index"`
				Proof     []string `json:"proof"`
			} `json:"inclusion"`
		} `json:"proof"`
	} `json:"evidence"`
}

// caseCall makes one call on a case with the version it stands at, in
// If-Match.
func caseCall(t *testing.T, e *env, c *client.Client, method, path string, body any, version int) *caseJSON {
	t.Helper()
	var out caseJSON
	var hdrs []client.Header
	if version > 0 {
		hdrs = append(hdrs, client.Header{Key: "If-Match", Value: fmt.Sprintf(`"v%d"`, version)})
	}
	if _, err := c.Do(e.ctx, method, path, body, &out, hdrs...); err != nil {
		t.Fatalf("%s %s = %v, want success", method, path, err)
	}
	return &out
}

// firstRecord returns the ID of the first audit record of an action.
func firstRecord(t *testing.T, e *env, f nsor.AuditFilter) int64 {
	t.Helper()
	var id int64
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(f)
		if len(es) > 0 {
			id = es[0].ID
		}
		return err
	})
	if err != nil || id == 0 {
		t.Fatalf("no audit record of %+v (%v)", f, err)
	}
	return id
}

// TestMisuseCaseOnDisclosure: an auditor opens a case on a disclosure, reads
// its released content within the case, attaches the officer's read and
// the release as evidence (one proved, one pending), and refers the case;
// the district's DPO is told the case number alone. Every step is recorded.
func TestMisuseCaseOnDisclosure(t *testing.T) {
	var prover fakeProver
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Prover = &prover })
	c := newCast(e)
	rel := releaseOne(t, e, c)
	aud := e.login(c.auditor)
	opened := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases",
		map[string]any{"disclosure_number": strings.ToLower(rel.number), "reason": "A copy was found outside the police station (synthetic)."}, 0)
	if opened.Subject != nsor.SubjectDisclosure || opened.Disclosure != rel.number || opened.OfficerID != c.io1.ID ||
		opened.DistrictID != e.jurisdiction("PB-LHR-LHR").ID || opened.State != nsor.CaseOpen || opened.Version != 1 {
		t.Fatalf("open(disclosure) = %+v, want an open case on %s about officer %d", opened.MisuseCase, rel.number, c.io1.ID)
	}
	path := "/api/v1/audit/cases/" + itoa(opened.ID)
	var content client.Release
	if _, err := aud.Do(e.ctx, http.MethodGet, path+"/disclosure", nil, &content); err != nil || content.Number != rel.number ||
		len(content.Content.Suspects) != 1 || content.Content.Suspects[0].Record == nil {
		t.Fatalf("GET disclosure = %+v, %v; want the released record of %s", content.Release, err, rel.number)
	}
	read := firstRecord(t, e, nsor.AuditFilter{Action: "release.read", ActorID: c.io1.ID})
	made := firstRecord(t, e, nsor.AuditFilter{Action: "request.release"})
	prover.upTo = read - 1 // the release is checkpointed, the read is not yet
	v := caseCall(t, e, aud, http.MethodPost, path+"/evidence", map[string]any{"audit_record_id": read, "reason": "The officer's read of the release."}, 1)
	v = caseCall(t, e, aud, http.MethodPost, path+"/evidence", map[string]any{"audit_record_id": made, "reason": "The release itself.", "version": 2}, 0)
	if len(v.Evidence) != 2 || v.Evidence[0].Proof.Status != nsor.ProofPending || v.Evidence[1].Proof.Status != nsor.ProofIncluded ||
		v.Evidence[1].Proof.Inclusion == nil || len(v.Evidence[1].Proof.Inclusion.Proof) != 2 || !strings.Contains(v.Evidence[0].Proof.Note, "next checkpoint") {
		t.Fatalf("evidence = %+v, want the read pending the next checkpoint and the release proved", v.Evidence)
	}
	v = caseCall(t, e, aud, http.MethodPost, path+"/decision", map[string]any{"outcome": "referred", "reason": "The copy carries this disclosure's number (synthetic)."}, 3)
	if v.State != nsor.CaseReferred || v.DecidedBy != c.auditor.ID || v.Version != 4 {
		t.Errorf("decide(referred) = %+v, want referred by the auditor at version 4", v.MisuseCase)
	}
	checkCaseNotice(t, e, c, opened.Ref)
	want := []string{"case.open", "case.release_read", "case.evidence_add", "case.evidence_add", "case.decide"}
	if got := caseActions(t, e); !slices.Equal(got, want) {
		t.Errorf("audit trail of the case = %v, want %v", got, want)
	}
	checkNoClearIdentifiers(t, e)
}

// caseActions lists the audit actions on cases, in order.
func caseActions(t *testing.T, e *env) []string {
	t.Helper()
	var out []string
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{})
		for _, en := range es {
			if strings.HasPrefix(en.Record.Action, "case.") && en.Record.Action != "case.transfer" && en.Record.Outcome == "ok" {
				out = append(out, en.Record.Action)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCaseNotice: the district's DPO, and no one else of the cast, is told
// the case number and the outcome, without the officer's name.
func checkCaseNotice(t *testing.T, e *env, c *cast, ref string) {
	t.Helper()
	for _, u := range []*testUser{c.dpo, c.io1, c.dpp, c.supervisor} {
		var inbox client.List[nsor.Notification]
		if _, err := e.login(u).Do(e.ctx, http.MethodGet, "/api/v1/notifications", nil, &inbox); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range inbox.Items {
			if n.Kind == nsor.NoteCaseDecided {
				got = append(got, n.Message)
			}
		}
		switch {
		case u == c.dpo && (len(got) != 1 || !strings.Contains(got[0], ref) || strings.Contains(got[0], c.io1.Name)):
			t.Errorf("DPO's case notices = %q, want one naming %s and not the officer", got, ref)
		case u != c.dpo && len(got) != 0:
			t.Errorf("%s's case notices = %q, want none", u.Username, got)
		}
	}
}

// TestMisuseCaseOnAccess: a case on one access by a bureau analyst, on a
// server without a Merkle log: evidence is marked "proof unavailable", and
// closing it tells the bureau's supervisor, the analyst having no district.
func TestMisuseCaseOnAccess(t *testing.T) {
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Prover = nil })
	c := newCast(e)
	releaseOne(t, e, c)
	aud := e.login(c.auditor)
	search := firstRecord(t, e, nsor.AuditFilter{Action: "register.search", ActorID: c.analyst1.ID})
	v := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases", map[string]any{"audit_record_id": search, "reason": "A search at an odd hour (synthetic)."}, 0)
	if v.Subject != nsor.SubjectAccess || v.OfficerID != c.analyst1.ID || v.DistrictID != 0 || v.AccessRecordID != search {
		t.Fatalf("open(access) = %+v, want a case on record %d about analyst %d of no district", v.MisuseCase, search, c.analyst1.ID)
	}
	path := "/api/v1/audit/cases/" + itoa(v.ID)
	v = caseCall(t, e, aud, http.MethodPost, path+"/evidence", map[string]any{"audit_record_id": search, "reason": "The search itself."}, 1)
	if len(v.Evidence) != 1 || v.Evidence[0].Proof.Status != nsor.ProofUnavailable || !strings.Contains(v.Evidence[0].Proof.Note, "unavailable") ||
		v.Evidence[0].Record["action"] != "register.search" {
		t.Fatalf("evidence = %+v, want the search marked proof unavailable", v.Evidence)
	}
	v = caseCall(t, e, aud, http.MethodPost, path+"/decision", map[string]any{"outcome": "closed", "reason": "The request was forwarded that night; no misuse."}, 2)
	if v.State != nsor.CaseClosed || v.OutcomeReason == "" {
		t.Errorf("decide(closed) = %+v, want closed with its reason", v.MisuseCase)
	}
	var list client.List[nsor.MisuseCase]
	if _, err := aud.Do(e.ctx, http.MethodGet, "/api/v1/audit/cases?state=closed&officer="+itoa(c.analyst1.ID), nil, &list); err != nil ||
		len(list.Items) != 1 || list.Items[0].ID != v.ID {
		t.Errorf("list(closed, analyst1) = %+v, %v; want the case", list.Items, err)
	}
	if got := inboxCount(t, e, e.login(c.supervisor), nsor.NoteCaseDecided); got != 1 {
		t.Errorf("supervisor's case notices = %d, want 1", got)
	}
}
