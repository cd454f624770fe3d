package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// restartFrames is the WAL length (in pages) past which the checkpointer
// makes the log start again from its beginning: about 64 MiB of 4 KiB pages.
const restartFrames = 16384

// checkpointer copies the WAL back into the database file from a connection
// of its own, so that the writer's COMMIT pays only for its own fsync. With
// SQLite's automatic checkpoint, every thousandth page a commit wrote made
// that commit also copy and fsync the database file, and everyone in its
// batch waited. A PASSIVE checkpoint never blocks the writer or the readers,
// but under a steady stream of writes it never catches up, and the WAL only
// grows: every commit then lengthens the file, and its fsync must also write
// the file's new size to the filesystem journal. So when the log passes
// restartFrames, a RESTART checkpoint holds the next writer back for the
// moment it takes to finish, and the log is reused from its start.
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
			checkpoint(conn)
		}
	}
}

func checkpoint(conn *sql.DB) {
	ctx := context.Background()
	var busy, logged, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &done); err != nil {
		return
	}
	if logged > restartFrames {
		_, _ = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(RESTART)")
	}
}
