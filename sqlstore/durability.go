package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrNotDurable is returned by Open for a PostgreSQL server whose settings
// can lose writes it has acknowledged: nsor tells a prosecutor "done" only
// for what survives a crash (docs/rules.md#r32).
var ErrNotDurable = errors.New("sqlstore: PostgreSQL may lose acknowledged writes")

// durabilitySettings are the settings checkDurable judges.
var durabilitySettings = []string{"fsync", "full_page_writes", "synchronous_commit", "synchronous_standby_names"}

// checkDurability reads the settings as this session sees them, which
// includes ALTER DATABASE and ALTER ROLE, and judges them.
func checkDurability(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "SELECT name, setting FROM pg_settings WHERE name IN ('"+
		strings.Join(durabilitySettings, "', '")+"')")
	if err != nil {
		return fmt.Errorf("read the durability settings: %w", err)
	}
	defer rows.Close()
	settings := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return fmt.Errorf("read the durability settings: %w", err)
		}
		settings[name] = value
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the durability settings: %w", err)
	}
	return checkDurable(settings)
}

// checkDurable refuses settings under which a crash can lose a committed
// transaction:
//   - fsync off: commits are not forced to disk at all;
//   - full_page_writes off: a page torn by a power cut cannot be repaired
//     from the WAL;
//   - synchronous_commit off: COMMIT returns before its WAL is flushed.
//
// synchronous_commit = local flushes the WAL locally before COMMIT returns
// and so survives a crash of the server; it is refused only when
// synchronous standbys are configured, because then the operator relies on
// them, and a failover to a standby that never received the commit loses
// it. remote_write, on and remote_apply are accepted.
func checkDurable(settings map[string]string) error {
	var bad []string
	for _, name := range []string{"fsync", "full_page_writes", "synchronous_commit"} {
		v, ok := settings[name]
		if !ok {
			bad = append(bad, name+" is unreadable, and nsor cannot tell whether the server is durable")
			continue
		}
		if strings.EqualFold(v, "off") {
			bad = append(bad, name+" is off: "+durabilityWhy[name])
		}
	}
	if strings.EqualFold(settings["synchronous_commit"], "local") && strings.TrimSpace(settings["synchronous_standby_names"]) != "" {
		bad = append(bad, "synchronous_commit is local while synchronous_standby_names is set: "+
			"a failover to a standby can lose commits it never received")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s; set it to on (postgresql.conf, ALTER SYSTEM, ALTER DATABASE or ALTER ROLE)",
			ErrNotDurable, strings.Join(bad, "; "))
	}
	return nil
}

var durabilityWhy = map[string]string{
	"fsync":              "the server does not force commits to disk, and a crash can lose or corrupt them",
	"full_page_writes":   "a page half-written in a power cut cannot be repaired from the WAL",
	"synchronous_commit": "COMMIT returns before the commit is on disk, and a crash loses the last transactions",
}
