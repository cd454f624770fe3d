package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auditrec"
	"nsor/sqlstore"
)

// TestAuditVerifyExitCodes: "nsor audit verify" exits 0 on a sound log, 1
// when a record was altered, 2 when it cannot verify, 3 when the log holds
// only in part (here: its export directory is gone).
func TestAuditVerifyExitCodes(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	keysDir := filepath.Join(dir, "keys")
	if err := os.Mkdir(keysDir, 0o700); err != nil {
		t.Fatal(err)
	}
	k, err := auditlog.LoadKeys(keysDir, auditlog.DefaultOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "checkpoints"), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "nsor.db"), sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	now := nsor.ClockFunc(func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) })
	err = db.Update(ctx, func(tx nsor.Tx) error {
		for i := 0; i < 20; i++ {
			if _, err := tx.AppendAudit(&auditrec.Record{At: now(), ActorID: 1, Action: "request.read", Outcome: auditrec.OutcomeOK}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := auditlog.New(db, now, k.Signer, auditlog.Config{ExportDir: filepath.Join(dir, "checkpoints")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Step(ctx, true); err != nil {
		t.Fatal(err)
	}
	db.Close()
	nsorRun := func(args ...string) int {
		var out, errs bytes.Buffer
		return run(ctx, append([]string{"audit"}, args...), &out, &errs)
	}
	if code := nsorRun("verify", "--data", dir); code != 0 {
		t.Fatalf("nsor audit verify(sound log) = %d, want 0", code)
	}
	if code := nsorRun("verify", "--data", dir, "--pub", filepath.Join(dir, "none.pub")); code != 2 {
		t.Errorf("nsor audit verify(missing keys) = %d, want 2", code)
	}
	// A proof from "nsor audit proof" checks with "nsor audit check-proof".
	var proof, errs bytes.Buffer
	if code := run(ctx, []string{"audit", "proof", "--data", dir, "--record", "5"}, &proof, &errs); code != 0 {
		t.Fatalf("nsor audit proof = %d, want 0: %s", code, errs.String())
	}
	proofFile := filepath.Join(dir, "proof.json")
	if err := os.WriteFile(proofFile, proof.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := nsorRun("check-proof", "--pub", filepath.Join(keysDir, "audit-verifiers.pub"), proofFile); code != 0 {
		t.Errorf("nsor audit check-proof(proof of record 5) = %d, want 0", code)
	}
	exportDir := filepath.Join(dir, "checkpoints")
	if err := os.Rename(exportDir, exportDir+".aside"); err != nil {
		t.Fatal(err)
	}
	if code := nsorRun("verify", "--data", dir); code != 3 {
		t.Errorf("nsor audit verify(export directory gone) = %d, want 3", code)
	}
	if err := os.Rename(exportDir+".aside", exportDir); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "nsor.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE audit_records SET data = data || x'00' WHERE id = 7"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if code := nsorRun("verify", "--data", dir); code != 1 {
		t.Errorf("nsor audit verify(altered record) = %d, want 1", code)
	}
}
