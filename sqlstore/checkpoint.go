package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// checkpointer copies the WAL back into the database file from a connection
// of its own, so that the writer's COMMIT pays only for its own fsync. With
// SQLite's automatic checkpoint, every thousandth page a commit wrote made
// that commit also copy and fsync the database file, and everyone in its
// batch waited. A PASSIVE checkpoint never blocks the writer or the readers.
func (db *DB) checkpointer(conn *sql.DB, every time.Duration) {
	defer close(db.checkpointDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-db.quit:
			_, _ = conn.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			conn.Close()
			return
		case <-t.C:
			_, _ = conn.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}
