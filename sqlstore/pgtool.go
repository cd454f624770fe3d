package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// RestorePostgres loads a copy made by Snapshot into the PostgreSQL
// database at dsn, in one transaction: when it fails, the database is as
// it was. The caller checks first that the database is empty. Objects are
// owned by the restoring user, whatever role owned them before.
func RestorePostgres(ctx context.Context, dsn, file string) error {
	if !isPostgresURL(dsn) {
		return fmt.Errorf("sqlstore: %s is not a PostgreSQL URL", redactDSN(dsn))
	}
	return pgTool(ctx, "pg_restore", dsn, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", file)
}

// pgTool runs one of PostgreSQL's client programs (pg_dump, pg_restore) on
// the database at dsn. The password goes in the environment, not on the
// command line, where every user of the machine could read it.
func pgTool(ctx context.Context, name, dsn string, args ...string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("sqlstore: invalid PostgreSQL URL")
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, name, append([]string{"--dbname=" + u.String()}, args...)...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("sqlstore: %s of %s: %w: %s", name, redactDSN(dsn), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
