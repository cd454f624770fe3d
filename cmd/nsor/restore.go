package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/backup"
	"nsor/sqlstore"
)

// The refusals of a restore that are not the backup file's own
// (backup.ErrTruncated, ErrCorrupt, ErrNotBackup): each leaves the target
// as it was.
var (
	errOtherInstallation = errors.New("the backup is of another installation")
	errSchemaTooNew      = errors.New("the backup's schema is newer than this nsor")
	errWrongDatabase     = errors.New("the backup is of another kind of database")
	errTargetInUse       = errors.New("an nsor instance is working on the database")
	errTargetNotEmpty    = errors.New("the PostgreSQL database to restore into is not empty")
	errNoKeys            = errors.New("the key directory is missing")
)

// restoreCmd restores a backup (docs/backup-restore.md):
//
//	nsor restore --in FILE --data DIR | --database URL [--checkpoint FILE]
//
// It checks the whole file before it changes anything, restores, records
// the restore in the audit log as a signed note superseding the newest
// checkpoint exported before it, signs a checkpoint over the restore's
// record, and runs the audit verifier on the result. SQLite is restored
// into a new file that replaces the old only once verified; PostgreSQL
// into an empty database.
func restoreCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	var c config
	c.flags(fs)
	in := fs.String("in", "", "the backup file")
	cp := fs.String("checkpoint", "", "the newest checkpoint exported before the restore (default: the export directory's)")
	if err := c.parse(fs, args, stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if *in == "" || fs.NArg() > 0 {
		return usagef("restore", "give --in FILE (and no other argument)")
	}
	r := &restorer{c: &c, in: *in, checkpointFile: *cp, stdout: stdout, now: wallClock.Now().UTC()}
	return r.run(ctx)
}

// restorer is one restore's state.
type restorer struct {
	c              *config
	in             string
	checkpointFile string // given, or the export directory's when it exists
	stdout         io.Writer
	now            time.Time

	work       string // holds the extracted parts; removed at the end
	m          *backup.Manifest
	parts      map[string]string
	keys       *auditlog.Keys // signer, and every public key: the backup's, the key directory's
	pubFile    string         // those public keys, for the verifier
	superseded *nsor.Checkpoint
}

func (r *restorer) run(ctx context.Context) error {
	if st, err := os.Stat(r.c.keyPath()); err != nil || !st.IsDir() {
		return fmt.Errorf("%w (%s): restore the keys from their own backup first; a new key set could not read the data", errNoKeys, r.c.keyPath())
	}
	postgres := isPostgres(r.c.database)
	workParent := filepath.Dir(r.c.dbPath()) // beside the database, so that the copy is renamed into place
	if postgres {
		workParent = ""
	} else if err := os.MkdirAll(workParent, 0o700); err != nil {
		return err
	}
	work, err := os.MkdirTemp(workParent, ".nsor-restore-*")
	if err != nil {
		return err
	}
	r.work = work
	defer os.RemoveAll(work)
	if err := r.load(); err != nil {
		return err
	}
	if postgres {
		return r.restorePostgres(ctx)
	}
	return r.restoreSQLite(ctx)
}

// load reads and checks the backup file completely, the keys and the
// superseded checkpoint; it changes nothing.
func (r *restorer) load() error {
	m, parts, err := backup.ReadFile(r.in, r.work)
	if err != nil {
		return fmt.Errorf("%s: %w", r.in, err)
	}
	r.m, r.parts = m, parts
	kind := "sqlite"
	if isPostgres(r.c.database) {
		kind = "postgres"
	}
	switch {
	case m.Database != kind:
		return fmt.Errorf("%w: it holds a %s database, the target is %s", errWrongDatabase, m.Database, kind)
	case m.Schema > sqlstore.LatestSchema():
		return fmt.Errorf("%w: the backup is at schema version %d, this nsor knows up to %d; restore with a newer nsor",
			errSchemaTooNew, m.Schema, sqlstore.LatestSchema())
	case m.AuditOrigin != r.c.auditOrigin:
		return fmt.Errorf("the backup's audit log is %q, this nsor's is %q (--audit-origin)", m.AuditOrigin, r.c.auditOrigin)
	}
	for _, name := range []string{dbPartName(kind), auditlog.VerifiersFile} {
		if _, ok := parts[name]; !ok {
			return fmt.Errorf("%s: %w: it has no %s", r.in, backup.ErrCorrupt, name)
		}
	}
	if err := r.loadKeys(); err != nil {
		return err
	}
	return r.loadSuperseded()
}

// isPostgres says whether --database names PostgreSQL, as sqlstore.Open
// decides.
func isPostgres(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}
