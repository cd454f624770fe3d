package main

import (
	"database/sql"
	"time"

	_ "modernc.org/sqlite"
)

// rawCommitRate is the baseline: one-row INSERTs, each its own durable
// commit, in WAL mode with synchronous=FULL, as nsor's store runs SQLite.
func rawCommitRate(path string, n int) (float64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)`); err != nil {
		return 0, err
	}
	row := make([]byte, 200)
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := db.Exec(`INSERT INTO t (v) VALUES (?)`, row); err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
