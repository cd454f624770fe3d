// Package backup reads and writes nsor's backup file (docs/backup-restore.md):
// one POSIX tar archive, readable with tar(1), of
//
//	manifest.json     first: what the backup is, and the size and SHA-256 of every part
//	<part> ...        in the manifest's order: the database copy, the public audit keys
//	manifest.sha256   last: the SHA-256 of manifest.json, in hex
//
// The last entry both protects the manifest and marks a complete file: a
// file cut short anywhere lacks it. Read checks everything (every part's
// size and hash, the manifest's hash, nothing missing and nothing extra)
// before it returns, so that a restore acts only on a whole, unaltered
// backup. The package knows nothing of databases; cmd/nsor fills it.
package backup
