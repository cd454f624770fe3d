package web_test

import (
	"errors"
	"net/http"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditlog"
	"nsor/client"
)

// sequence integrates every committed audit record and signs a checkpoint,
// as the running sequencer would within seconds.
func (e *env) sequence() *nsor.Checkpoint {
	e.t.Helper()
	res, err := e.log.Step(e.ctx, true)
	if err != nil || !res.Leased {
		e.t.Fatalf("audit log Step() = %+v, %v; want the lease", res, err)
	}
	return res.Checkpoint
}

func TestCheckpointIsPublicAndSigned(t *testing.T) {
	e := newEnv(t)
	if _, err := e.api.Do(e.ctx, "GET", "/api/v1/audit/checkpoint", nil, new([]byte)); problemCode(err) != "audit.no_checkpoint" {
		t.Fatalf("GET checkpoint before the first = %v, want audit.no_checkpoint", err)
	}
	e.sequence()
	var note []byte
	if _, err := e.api.Do(e.ctx, "GET", "/api/v1/audit/checkpoint", nil, &note); err != nil {
		t.Fatal(err)
	}
	known, err := auditlog.ParseVerifiers(e.vkeys)
	if err != nil {
		t.Fatal(err)
	}
	size, _, err := auditlog.OpenCheckpoint(note, known, auditlog.DefaultOrigin)
	if err != nil || size == 0 {
		t.Fatalf("OpenCheckpoint(served) = %d, %v; want a signed tree of the bootstrap's records", size, err)
	}
}

func TestConsistencyProofChecks(t *testing.T) {
	e := newEnv(t)
	first := e.sequence()
	e.login(e.users["admin"]) // a sign-in adds records
	second := e.sequence()
	var out struct {
		Proof [][]byte
	}
	path := "/api/v1/audit/consistency?from=" + itoa(first.Size) + "&to=" + itoa(second.Size)
	if _, err := e.api.Do(e.ctx, "GET", path, nil, &out); err != nil {
		t.Fatal(err)
	}
	proof := make(tlog.TreeProof, len(out.Proof))
	for i, h := range out.Proof {
		copy(proof[i][:], h)
	}
	if err := tlog.CheckTree(proof, second.Size, second.Root, first.Size, first.Root); err != nil {
		t.Errorf("CheckTree(served proof %d→%d) = %v, want nil", first.Size, second.Size, err)
	}
	for _, bad := range []struct{ query, code string }{
		{"from=2&to=1", "audit.bad_range"},
		{"from=-1&to=1", "audit.bad_range"},
		{"from=0&to=1", "audit.bad_range"}, // no proof starts at the empty tree (RFC 6962 section 2.1.2): a 500 before
		{"from=0&to=0", "audit.bad_range"},
		{"from=0&to=" + itoa(second.Size+1), "audit.bad_range"},
		{"from=x&to=1", "query.number"},
		{"to=1", "query.number"},
	} {
		if _, err := e.api.Do(e.ctx, "GET", "/api/v1/audit/consistency?"+bad.query, nil, nil); problemCode(err) != bad.code {
			t.Errorf("GET consistency?%s = %v, want %s", bad.query, err, bad.code)
		}
	}
}

func TestInclusionProof(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	auditor := e.login(c.auditor)
	var recs client.List[struct{ ID int64 }]
	if _, err := auditor.Do(e.ctx, "GET", "/api/v1/audit/records?limit=5", nil, &recs); err != nil {
		t.Fatal(err)
	}
	id := recs.Items[0].ID
	proofPath := "/api/v1/audit/records/" + itoa(id) + "/proof"
	if _, err := auditor.Do(e.ctx, "GET", proofPath, nil, nil); problemCode(err) != "audit.not_checkpointed" {
		t.Fatalf("GET proof before the sequencer ran = %v, want audit.not_checkpointed", err)
	}
	e.sequence()
	var p struct {
		LeafIndex  int64 `json:"leaf_index"`
		TreeSize   int64 `json:"tree_size"`
		Record     []byte
		Checkpoint string
		Proof      [][]byte
	}
	if _, err := auditor.Do(e.ctx, "GET", proofPath, nil, &p); err != nil {
		t.Fatal(err)
	}
	known, _ := auditlog.ParseVerifiers(e.vkeys)
	size, root, err := auditlog.OpenCheckpoint([]byte(p.Checkpoint), known, auditlog.DefaultOrigin)
	if err != nil || size != p.TreeSize {
		t.Fatalf("proof's checkpoint = %d, %v; want a signed tree of %d", size, err, p.TreeSize)
	}
	proof := make(tlog.RecordProof, len(p.Proof))
	for i, h := range p.Proof {
		copy(proof[i][:], h)
	}
	if err := tlog.CheckRecord(proof, size, root, p.LeafIndex, tlog.RecordHash(p.Record)); err != nil {
		t.Errorf("CheckRecord(served proof of %d) = %v, want nil", id, err)
	}
	p.Record[len(p.Record)-1] ^= 1
	if err := tlog.CheckRecord(proof, size, root, p.LeafIndex, tlog.RecordHash(p.Record)); err == nil {
		t.Error("CheckRecord(proof of a changed record) = nil, want an error")
	}
	for _, bad := range []struct {
		who  *client.Client
		path string
		code string
	}{
		{e.login(c.io1), proofPath, "auth.forbidden"},
		{auditor, "/api/v1/audit/records/999999/proof", "audit.record_not_found"},
		{auditor, "/api/v1/audit/records/x/proof", "audit.record_not_found"},
	} {
		if _, err := bad.who.Do(e.ctx, "GET", bad.path, nil, nil); problemCode(err) != bad.code {
			t.Errorf("GET %s = %v, want %s", bad.path, err, bad.code)
		}
	}
	if _, err := e.api.Do(e.ctx, "GET", proofPath, nil, nil); statusOf(err) != http.StatusUnauthorized {
		t.Errorf("GET proof without a token = %v, want 401", err)
	}
}

// problemCode is the code of a problem answer, or "" for anything else.
func problemCode(err error) string {
	var p *client.Error
	if errors.As(err, &p) {
		return p.Code
	}
	return ""
}

// statusOf is the status of a problem answer, or 0.
func statusOf(err error) int {
	var p *client.Error
	if errors.As(err, &p) {
		return p.Status
	}
	return 0
}
