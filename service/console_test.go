package service_test

import (
	"strings"
	"testing"

	"nsor"
)

// TestConsoleActsNameTheOperator: what the operator does at the console
// (a migration recorded, a backup recorded) carries their name in its
// audit record, not "(system)".
func TestConsoleActsNameTheOperator(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	op := nsor.Operator{Name: "farah", Host: "nsor-1"}
	if err := w.svc.RecordMigration(w.ctx, op, 10, 11); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RecordBackup(w.ctx, op, nsor.BackupInfo{Database: "sqlite"}); err != nil {
		t.Fatal(err)
	}
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.AuditRecords(nsor.AuditFilter{}); return err }); err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"system.migrate", "system.backup"} {
		found := false
		for _, e := range es {
			b := string(e.Data)
			if strings.Contains(b, action) && strings.Contains(b, "farah@nsor-1") {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s record naming farah@nsor-1", action)
		}
	}
}
