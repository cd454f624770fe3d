package main

import (
	"errors"
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
		var ue *usageError
		if _, err := traceQuery(c.number, c.file, c.rest); !errors.As(err, &ue) || !strings.Contains(err.Error(), "--number") {
			t.Errorf("traceQuery(%q, %q, %q) = %v, want a usage error naming --number", c.number, c.file, c.rest, err)
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
	err := auditTrace(ctx, []string{"--data", dir, "--number", "DN-2026-000001", "--operator", "tester"}, io.Discard)
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
		if err != nil || len(es) != 1 || es[0].Record.Source != "cli" || !strings.HasPrefix(detailOf(es[0], "operator"), "tester@") || es[0].Record.ActorID != 0 {
			t.Errorf("audit.trace records = %d, %v; want one by the operator tester@host, of no account, with source cli", len(es), err)
		}
		return nil
	})
}
