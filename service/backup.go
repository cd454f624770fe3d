package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
)

// RecordBackup records a backup made from the command line
// (system.backup). It is called once the file is complete, so that the
// record describes a backup that exists and is not itself in it; when the
// record cannot be written the caller discards the file.
func (s *Service) RecordBackup(ctx context.Context, op nsor.Operator, b nsor.BackupInfo) error {
	return s.recordBackupAct(ctx, op, "system.backup", b)
}

// RecordRestoredBackup records which backup a restore from the command line
// put back (system.restore), beside the audit log's own audit.restore
// record of the rollback. The backup's system.backup record is not in the
// backup, so this is what ties the restored state to its file.
func (s *Service) RecordRestoredBackup(ctx context.Context, op nsor.Operator, b nsor.BackupInfo) error {
	return s.recordBackupAct(ctx, op, "system.restore", b)
}

// recordBackupAct records an operator's backup or restore and the backup's
// manifest.
func (s *Service) recordBackupAct(ctx context.Context, op nsor.Operator, action string, b nsor.BackupInfo) error {
	return s.do(ctx, nsor.ConsoleActor(op), action, func(tx nsor.Tx, rec *auditrec.Record) error {
		detail(rec, "database", b.Database)
		detail(rec, "schema", b.Schema)
		detail(rec, "audit_tree_size", b.AuditTreeSize)
		detail(rec, "manifest_sha256", b.ManifestSHA256)
		detail(rec, "created_at_ms", b.CreatedAt.UnixMilli())
		return nil
	})
}
