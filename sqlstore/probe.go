package sqlstore

import (
	"context"

	"nsor"
)

// probePad is the size of the probe's row: more than a page, so that on
// SQLite it needs pages of its own (overflow pages), as a write of new data
// would; a database that cannot grow fails it.
const probePad = 8 << 10

// Probe commits one write through the same path as every Update, a row
// inserted and deleted again, and reports whether it succeeded: nil, or
// nsor.KindUnavailable when the disk is full or the database cannot be
// reached. It implements nsor.WriteProber. The caller bounds how often it
// runs (web/health.go): each costs a COMMIT.
func (db *DB) Probe(ctx context.Context) error {
	return db.Update(ctx, func(t nsor.Tx) error {
		x := t.(*tx)
		if _, err := x.exec("INSERT INTO health_probe (id, pad) VALUES (1, ?)", make([]byte, probePad)); err != nil {
			return err
		}
		_, err := x.exec("DELETE FROM health_probe")
		return err
	})
}

var _ nsor.WriteProber = (*DB)(nil)
