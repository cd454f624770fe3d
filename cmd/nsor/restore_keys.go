package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nsor"
	"nsor/auditlog"
	"nsor/backup"
	"nsor/sqlstore"
)

// loadKeys takes the signer from the key directory and the public keys of
// both the backup and the key directory: the backup's verify the restored
// checkpoints, the directory's the ones signed since and the restore's.
func (r *restorer) loadKeys() error {
	b, err := os.ReadFile(r.parts[auditlog.VerifiersFile])
	if err != nil {
		return err
	}
	keys := strings.Fields(string(b))
	if _, err := auditlog.ParseVerifiers(keys); err != nil || len(keys) == 0 {
		return fmt.Errorf("%s: %w: its %s holds no valid public key", r.in, backup.ErrCorrupt, auditlog.VerifiersFile)
	}
	ak, err := r.c.openAuditKeys()
	if err != nil {
		return fmt.Errorf("audit keys: %w", err)
	}
	for _, k := range ak.Verifiers {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	r.keys = &auditlog.Keys{Signer: ak.Signer, Verifiers: keys}
	r.pubFile = filepath.Join(r.work, "verifiers.pub")
	return os.WriteFile(r.pubFile, []byte(strings.Join(keys, "\n")+"\n"), 0o600)
}

// loadSuperseded opens the newest checkpoint exported before the restore:
// the one given, or the export directory's. Without one the restore goes
// on, but the verifier cannot report what it lost.
func (r *restorer) loadSuperseded() error {
	file := r.checkpointFile
	if file == "" {
		file = filepath.Join(r.c.exportDir(), auditlog.ExportFile)
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(r.stdout, "nsor: warning: no checkpoint was exported before the restore (%s); give one with --checkpoint so that the records the restore loses are reported\n", file)
			return nil
		}
	}
	note, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	known, err := r.keys.Known()
	if err != nil {
		return err
	}
	size, root, err := auditlog.OpenCheckpoint(note, known, r.c.auditOrigin)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", file, err)
	}
	r.checkpointFile = file
	r.superseded = &nsor.Checkpoint{Size: size, Root: root, Note: note}
	return nil
}

// publish writes, once the restore is in place, the public keys and the
// checkpoint over the restore's record to where verifiers and witnesses
// find them: appended to the export directory's history, which keeps the
// superseded one and its leaf hashes (auditlog.Log.ExportNewest). The
// checkpoint exported before is also kept beside "checkpoint" (a hard link,
// which the export's atomic replacement leaves pointing at the old file).
func (r *restorer) publish(ctx context.Context, dsn string) error {
	if err := auditlog.SaveVerifiers(r.c.keyPath(), r.keys.Verifiers); err != nil {
		return err
	}
	dir := r.c.exportDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	current := filepath.Join(dir, auditlog.ExportFile)
	if err := os.Link(current, current+".before-restore-"+r.stamp()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	known, err := r.keys.Known()
	if err != nil {
		return err
	}
	l, err := auditlog.New(db, wallClock, r.keys.Signer, auditlog.Config{Origin: r.c.auditOrigin, ExportDir: dir, Known: known}, logger())
	if err != nil {
		return err
	}
	if err := l.ExportNewest(ctx); err != nil {
		return fmt.Errorf("the database is restored, but its checkpoint was not exported (%w); if the export directory holds a checkpoint newer than the one the restore superseded, accept the loss with nsor audit accept-rollback", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// stamp names what a restore keeps aside.
func (r *restorer) stamp() string { return r.now.Format("20060102T150405Z") }
