package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"nsor"
	"nsor/auditlog"
	"nsor/backup"
)

// backupCmd writes the database and the public audit keys to one file
// while the server keeps running (docs/backup-restore.md):
//
//	nsor backup --data DIR | --database URL --out FILE
//
// The backup is an audited act (system.backup), recorded once the file is
// complete; the private keys are never in it.
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	var c config
	c.flags(fs)
	out := fs.String("out", "", "the backup file to write (replaced atomically if it exists)")
	if err := c.parse(fs, args, stdout, needKeys); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return usagef("backup", "give --out FILE (and no other argument)")
	}
	a, err := c.open(ctx, false, nsor.DefaultConfig())
	if err != nil {
		return err
	}
	defer a.db.Close()
	m, err := writeBackup(ctx, &c, a, *out)
	if err != nil {
		return err
	}
	sum, err := m.SHA256()
	if err == nil {
		err = a.svc.RecordBackup(ctx, osOperator(), backupInfo(m, sum))
	}
	if err != nil {
		os.Remove(*out) // an act that cannot be audited does not happen
		return fmt.Errorf("record the backup in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "nsor: backup of %s database (installation %s, schema %d, %d audit leaves) written to %s\nmanifest SHA-256: %s\n",
		m.Database, m.Installation, m.Schema, m.AuditTreeSize, *out, sum)
	return nil
}

// dbPartName is the backup's part holding the database copy of a kind.
func dbPartName(kind string) string {
	if kind == "postgres" {
		return "database.pgdump"
	}
	return "database.sqlite"
}

// writeBackup copies the database beside out, reads the audit log's state
// in the copied snapshot, and writes the backup file.
func writeBackup(ctx context.Context, c *config, a *app, out string) (*backup.Manifest, error) {
	work, err := os.MkdirTemp(filepath.Dir(out), ".nsor-backup-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	dbFile := filepath.Join(work, dbPartName(a.db.Kind()))
	var size int64
	var newest *nsor.Checkpoint
	info, err := a.db.Snapshot(ctx, dbFile, func(tx nsor.Tx) (err error) {
		if size, err = tx.AuditTreeSize(); err != nil {
			return err
		}
		newest, err = tx.LatestCheckpoint()
		return err
	})
	if err != nil {
		return nil, err
	}
	pub := filepath.Join(c.keyPath(), auditlog.VerifiersFile)
	m := backup.Manifest{Installation: info.Installation, Database: a.db.Kind(), Schema: info.Schema,
		NsorVersion: version, CreatedAt: wallClock.Now().UTC(), AuditOrigin: c.auditOrigin, AuditTreeSize: size}
	if newest != nil {
		m.AuditCheckpoint = string(newest.Note)
	}
	return backup.WriteFile(out, m, []backup.File{
		{Name: dbPartName(a.db.Kind()), Path: dbFile},
		{Name: auditlog.VerifiersFile, Path: pub},
	})
}

// backupInfo is what the audit trail says of a backup.
func backupInfo(m *backup.Manifest, sum string) nsor.BackupInfo {
	return nsor.BackupInfo{Database: m.Database, Schema: m.Schema, AuditTreeSize: m.AuditTreeSize,
		ManifestSHA256: sum, CreatedAt: m.CreatedAt}
}
