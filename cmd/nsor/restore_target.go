package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"nsor"
	"nsor/auditlog"
	"nsor/backup"
	"nsor/service"
	"nsor/sqlstore"
)

// restoreSQLite records and verifies the restore in the extracted copy, and
// only then puts it in place of the database, which it keeps beside as
// nsor.db.before-restore-<time>. Until the rename nothing of the target has
// changed.
func (r *restorer) restoreSQLite(ctx context.Context) error {
	target := r.c.dbPath()
	exists, err := r.checkSQLiteTarget(ctx, target)
	if err != nil {
		return err
	}
	staged := r.parts[dbPartName("sqlite")]
	_, rest, err := r.record(ctx, staged)
	if err != nil {
		return err
	}
	if err := verifyRestore(ctx, staged, r.pubFile, r.checkpointFile, r.c.exportDir(), r.stdout); err != nil {
		return err
	}
	if err := closedCleanly(ctx, staged); err != nil {
		return err
	}
	kept := ""
	if exists {
		kept = target + ".before-restore-" + r.stamp()
		if err := moveAside(target, kept); err != nil {
			return err
		}
	}
	if err := os.Rename(staged, target); err != nil {
		return fmt.Errorf("put the restored database in place (the old one is at %s): %w", kept, err)
	}
	if err := syncDir(filepath.Dir(target)); err != nil {
		return err
	}
	r.report(target, kept, rest)
	return r.publish(ctx, target)
}

// checkSQLiteTarget refuses a database nsor must not replace: someone
// else's, a newer schema's (both refused by sqlstore.Open), another
// installation's, or one an instance is working on.
func (r *restorer) checkSQLiteTarget(ctx context.Context, target string) (exists bool, err error) {
	if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	db, err := sqlstore.Open(ctx, target, sqlstore.Options{})
	if err != nil {
		return true, err
	}
	defer db.Close()
	_, err = r.checkTarget(ctx, db)
	return true, err
}

// checkTarget checks an existing database against the backup and returns
// its schema version (0 when it is empty).
func (r *restorer) checkTarget(ctx context.Context, db *sqlstore.DB) (int64, error) {
	v, err := db.SchemaVersion(ctx)
	if err != nil || v == 0 {
		return v, err
	}
	id, err := db.Installation(ctx)
	if err != nil {
		return v, fmt.Errorf("%w: the database has no installation ID to compare (%v); move it aside to restore", errOtherInstallation, err)
	}
	if id != r.m.Installation {
		return v, fmt.Errorf("%w: the backup is of installation %s, the database of %s; to replace this installation's data with another's, move its database aside first",
			errOtherInstallation, r.m.Installation, id)
	}
	holder, until, err := db.SequencerLease(ctx)
	if err != nil {
		return v, err
	}
	if holder != "" && until.After(r.now) {
		return v, fmt.Errorf("%w: %s holds the audit sequencer's lease until %s; stop every nsor instance and retry",
			errTargetInUse, holder, until.Format("15:04:05.000 UTC"))
	}
	return v, nil
}

// restorePostgres restores into an empty database, in one transaction, then
// records and verifies the restore there. nsor never drops a database: to
// restore over one, rename it aside and create an empty one.
func (r *restorer) restorePostgres(ctx context.Context) error {
	db, err := sqlstore.Open(ctx, r.c.database, sqlstore.Options{})
	if err != nil {
		return err
	}
	v, err := r.checkTarget(ctx, db)
	db.Close()
	if err != nil {
		return err
	}
	if v > 0 {
		return fmt.Errorf("%w (schema version %d): restore into an empty database; rename this one aside (ALTER DATABASE ... RENAME TO ...) and create an empty one to keep it",
			errTargetNotEmpty, v)
	}
	if err := sqlstore.RestorePostgres(ctx, r.c.database, r.parts[dbPartName("postgres")]); err != nil {
		return err
	}
	_, rest, err := r.record(ctx, r.c.database)
	if err != nil {
		return fmt.Errorf("the database is restored, but: %w", err)
	}
	if err := verifyRestore(ctx, r.c.database, r.pubFile, r.checkpointFile, r.c.exportDir(), r.stdout); err != nil {
		return fmt.Errorf("the database is restored, but: %w", err)
	}
	r.report(redactURL(r.c.database), "", rest)
	return r.publish(ctx, r.c.database)
}

// record opens the restored database, records the restore (a signed note
// and an audit.restore record) and integrates every record, signing a
// checkpoint that covers the restore's.
func (r *restorer) record(ctx context.Context, dsn string) (*nsor.Checkpoint, *auditlog.Restore, error) {
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("open the restored database: %w", err)
	}
	defer db.Close()
	if err := r.matchesManifest(ctx, db); err != nil {
		return nil, nil, err
	}
	if err := db.ReleaseSequencer(ctx); err != nil {
		return nil, nil, err
	}
	l, err := auditlog.New(db, wallClock, r.keys.Signer, auditlog.Config{Origin: r.c.auditOrigin}, logger())
	if err != nil {
		return nil, nil, err
	}
	rest, err := l.RecordRestore(ctx, r.superseded)
	if err != nil {
		return nil, nil, err
	}
	if err := r.recordBackup(ctx, db); err != nil {
		return nil, nil, err
	}
	var newest *nsor.Checkpoint
	for {
		res, err := l.Step(ctx, true)
		if err != nil {
			return nil, nil, err
		}
		if !res.Leased {
			return nil, nil, fmt.Errorf("%w: the audit sequencer's lease was taken during the restore", errTargetInUse)
		}
		if res.Checkpoint != nil {
			newest = res.Checkpoint
		}
		if res.Added == 0 {
			break
		}
	}
	if newest == nil {
		return nil, nil, errors.New("no checkpoint was signed over the restore's record")
	}
	if err := db.ReleaseSequencer(ctx); err != nil { // for the server that starts next
		return nil, nil, err
	}
	return newest, rest, db.Close()
}

// matchesManifest checks that the restored copy is the database the
// manifest describes: its installation and its audit tree.
func (r *restorer) matchesManifest(ctx context.Context, db *sqlstore.DB) error {
	id, err := db.Installation(ctx)
	if err != nil {
		return err
	}
	var size int64
	err = db.View(ctx, func(tx nsor.Tx) (err error) { size, err = tx.AuditTreeSize(); return err })
	if err != nil {
		return err
	}
	if id != r.m.Installation || size != r.m.AuditTreeSize {
		return fmt.Errorf("%s: %w: its database is of installation %s with %d audit leaves, its manifest says %s with %d",
			r.in, backup.ErrCorrupt, id, size, r.m.Installation, r.m.AuditTreeSize)
	}
	return nil
}

// recordBackup records which backup was restored (system.restore).
func (r *restorer) recordBackup(ctx context.Context, db *sqlstore.DB) error {
	sum, err := r.m.SHA256()
	if err != nil {
		return err
	}
	svc := service.New(nsor.Deps{Store: db, Clock: wallClock})
	return svc.RecordRestoredBackup(ctx, osOperator(), backupInfo(r.m, sum))
}
