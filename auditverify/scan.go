package auditverify

import (
	"context"
	"database/sql"
	"fmt"
)

// Reading the records (SQLite's work, or the network's) and checking them
// (decoding and hashing) take about as long as each other, so they run on
// two goroutines: the reader fills batches of rows, the checker takes them
// in order. A million records verify in seconds on two cores
// (docs/benchmarks.md).

const batchRows = 4096

type recordBatch struct {
	rows  []recordRow
	lens  [][3]int // the lengths of data, action and object in arena
	arena []byte
}

// scanRecords calls each for every record in ID order, on a goroutine of
// its own; it returns once each has seen the last.
func (r *run) scanRecords(ctx context.Context, each func(*recordRow)) error {
	rows, err := r.tx.QueryContext(ctx, "SELECT id, data, actor_id, request_id, action, object, at_ms FROM audit_records ORDER BY id")
	if err != nil {
		return fmt.Errorf("read audit_records: %w", err)
	}
	defer rows.Close()
	full := make(chan *recordBatch, 2)
	free := make(chan *recordBatch, 3)
	for range cap(free) {
		free <- &recordBatch{}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range full {
			for i := range b.rows {
				each(&b.rows[i])
			}
			free <- b
		}
	}()
	err = fill(rows, full, free)
	close(full)
	<-done
	if err != nil {
		return fmt.Errorf("read audit_records: %w", err)
	}
	return nil
}

// fill reads the rows into batches: the bytes are copied, since the
// driver's are valid only until the next row.
func fill(rows *sql.Rows, full, free chan *recordBatch) error {
	var data, action, object sql.RawBytes
	b := <-free
	b.rows, b.lens, b.arena = b.rows[:0], b.lens[:0], b.arena[:0]
	for rows.Next() {
		var x recordRow
		if err := rows.Scan(&x.id, &data, &x.actor, &x.request, &action, &object, &x.atMs); err != nil {
			return err
		}
		b.arena = append(append(append(b.arena, data...), action...), object...)
		b.rows = append(b.rows, x)
		b.lens = append(b.lens, [3]int{len(data), len(action), len(object)})
		if len(b.rows) == batchRows {
			full <- b.seal()
			b = <-free
			b.rows, b.lens, b.arena = b.rows[:0], b.lens[:0], b.arena[:0]
		}
	}
	if len(b.rows) > 0 {
		full <- b.seal()
	}
	return rows.Err()
}

// seal points the rows' byte fields into the batch's arena, now that it no
// longer grows.
func (b *recordBatch) seal() *recordBatch {
	at := 0
	for i, l := range b.lens {
		x := &b.rows[i]
		x.data = b.arena[at : at+l[0] : at+l[0]]
		at += l[0]
		x.action = b.arena[at : at+l[1]]
		at += l[1]
		x.object = b.arena[at : at+l[2]]
		at += l[2]
	}
	return b
}
