package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"

	"nsor/auditlog"
	"nsor/auditverify"
	"nsor/sqlstore"
)

var errNotVerified = errors.New("the audit verifier did not accept the restored database")

// verifyRestore runs the audit verifier ("nsor audit verify", package
// auditverify, in this process) on the restored database with the public
// keys, the checkpoint the restore superseded and the export directory
// (when there is one), whose kept leaf hashes prove the restored prefix: it
// must accept the rollback that the signed restore note explains, and it
// reports the records lost. A restore that lost records holds only in part
// (exit 3), which is what a restore is; tampering or a failure to verify
// refuses the restore.
func verifyRestore(ctx context.Context, dsn, pubFile, checkpointFile, exportDir string, stdout io.Writer) error {
	verify := auditCommands["verify"]
	if verify == nil {
		return fmt.Errorf("%w: this nsor has no audit verifier (nsor audit verify)", errNotVerified)
	}
	args := []string{"--database", dsn, "--pub", pubFile}
	if checkpointFile != "" {
		args = append(args, "--checkpoint", checkpointFile)
	}
	if st, err := os.Stat(exportDir); err == nil && st.IsDir() {
		args = append(args, "--checkpoint-dir", exportDir)
	}
	var partial exitStatus = auditverify.ExitPartial
	if err := verify(ctx, args, stdout); err != nil && !errors.Is(err, partial) {
		return fmt.Errorf("%w: %v", errNotVerified, err)
	}
	return nil
}

// moveAside renames the database and whatever SQLite keeps beside it (its
// write-ahead log and shared memory, which belong to it) to kept.
func moveAside(target, kept string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(target+suffix, kept+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			return fmt.Errorf("keep the old database aside: %w", err)
		}
	}
	return nil
}

// closedCleanly makes the restored copy whole in its own file: a
// write-ahead log left beside it would not follow the rename.
func closedCleanly(ctx context.Context, path string) error {
	if err := sqlstore.FoldSQLite(ctx, path); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			return fmt.Errorf("the restored copy still has %s beside it; is another process reading it?", suffix)
		}
	}
	return syncFile(path)
}

// report says what the restore did and where the log stands.
func (r *restorer) report(target, kept string, rest *auditlog.Restore) {
	p := func(format string, args ...any) { fmt.Fprintf(r.stdout, "nsor: "+format+"\n", args...) }
	p("restored the backup of %s (installation %s, schema %d, %d audit leaves) into %s",
		r.m.CreatedAt.Format("2006-01-02 15:04:05 UTC"), r.m.Installation, r.m.Schema, r.m.AuditTreeSize, target)
	if kept != "" {
		p("the database it replaced is kept as %s", kept)
	}
	if rest.SupersededSize > rest.Restored {
		p("restore recorded: the audit log restarts at %d leaves; the checkpoint it superseded covered %d: leaves [%d, %d) were lost",
			rest.Restored, rest.SupersededSize, rest.Restored, rest.SupersededSize)
	} else {
		p("restore recorded: the audit log restarts at %d leaves, losing none that a checkpoint covered", rest.Restored)
	}
}

// redactURL hides a URL's password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(the database)"
	}
	return u.Redacted()
}
