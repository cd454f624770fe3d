package main

import (
	"io"
	"strings"
	"testing"

	"nsor"
	"nsor/sqlstore"
)

func TestTraceQueryRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		number, file string
		rest         []string
	}{{"", "", nil}, {"DN-2026-000001", "x.txt", nil}, {"DN-2026-000001", "", []string{"-"}}, {"", "", []string{"extra"}}} {
		if _, err := traceQuery(c.number, c.file, c.rest); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("traceQuery(%q, %q, %q) = %v, want the usage", c.number, c.file, c.rest, err)
		}
	}
	old := stdin
	stdin = strings.NewReader(strings.Repeat("a", nsor.MaxTraceText+10))
	defer func() { stdin = old }()
	q, err := traceQuery("", "", []string{"-"})
	if err != nil || len(q.Text) != nsor.MaxTraceText+1 {
		t.Errorf("traceQuery(-) = %d bytes, %v; want the limit plus one, for the service to refuse", len(q.Text), err)
	}
}

// TestAuditTraceIsRecorded: the command answers as the operator, and its
// act is in the audit trail with source "cli", refusals included.
func TestAuditTraceIsRecorded(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	if err := migrate(ctx, []string{"--data", dir}, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	err := auditTrace(ctx, []string{"--data", dir, "--number", "DN-2026-000001"}, io.Discard)
	if nsor.ErrorCode(err) != "disclosure.not_found" {
		t.Fatalf("audit trace --number (unknown) = %v, want disclosure.not_found", err)
	}
	db, err := sqlstore.Open(ctx, dir+"/nsor.db", sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "audit.trace"})
		if err != nil || len(es) != 1 || es[0].Record.Source != "cli" || es[0].Record.ActorRole != string(nsor.RoleAuditor) {
			t.Errorf("audit.trace records = %d, %v; want one by the operator with source cli", len(es), err)
		}
		return nil
	})
}
