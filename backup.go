package nsor

import "time"

// BackupInfo is what the audit trail says of a backup: what was copied and
// the hash that identifies the file, never where it went or anything of
// the register.
type BackupInfo struct {
	Database       string // "sqlite" or "postgres"
	Schema         int64
	AuditTreeSize  int64  // leaves of the audit log in the copy
	ManifestSHA256 string // hex; also the file's last entry (docs/backup-restore.md)
	CreatedAt      time.Time
}
