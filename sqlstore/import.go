package sqlstore

import (
	"nsor"
)

const batchCols = "id, name, format, content_hash, state, made_by, created_at, updated_at, last_line, rows_read, " +
	"imported, invalid, duplicates, approved_by, approved_at, activated"

func scanBatch(b *nsor.ImportBatch) func(scanner) error {
	return func(s scanner) error {
		var approved nsor.ImportBatch
		if err := s.Scan(&b.ID, &b.Name, &b.Format, &b.ContentHash, &b.State, &b.MadeBy, instant{&b.CreatedAt},
			instant{&b.UpdatedAt}, &b.LastLine, &b.Rows, &b.Imported, &b.Invalid, &b.Duplicates, &b.ApprovedBy,
			instant{&approved.UpdatedAt}, &b.Activated); err != nil {
			return err
		}
		if !approved.UpdatedAt.IsZero() {
			b.ApprovedAt = &approved.UpdatedAt
		}
		return nil
	}
}

// CreateImportBatch stores b and sets b.ID; the same content twice is a
// conflict.
func (t *tx) CreateImportBatch(b *nsor.ImportBatch) error {
	id, err := t.insertUnique("INSERT INTO import_batches (name, format, content_hash, state, made_by, created_at, "+
		"updated_at, last_line, rows_read, imported, invalid, duplicates, approved_by, approved_at, activated) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		b.Name, b.Format, b.ContentHash, b.State, b.MadeBy, ms(b.CreatedAt), ms(b.UpdatedAt), b.LastLine, b.Rows,
		b.Imported, b.Invalid, b.Duplicates, b.ApprovedBy, approvedAt(b), b.Activated)
	if err != nil {
		return t.conflict(err, "import.same_file", "A batch of this file's content exists already.")
	}
	b.ID = id
	return nil
}

func approvedAt(b *nsor.ImportBatch) any {
	if b.ApprovedAt == nil {
		return nil
	}
	return ms(*b.ApprovedAt)
}

// ImportBatch returns the batch with the ID.
func (t *tx) ImportBatch(id int64) (*nsor.ImportBatch, error) {
	b := &nsor.ImportBatch{}
	return b, t.one("import", scanBatch(b), "SELECT "+batchCols+" FROM import_batches WHERE id = ?", id)
}

// ImportBatchByHash returns the batch of the content with this SHA-256.
func (t *tx) ImportBatchByHash(hash string) (*nsor.ImportBatch, error) {
	b := &nsor.ImportBatch{}
	return b, t.one("import", scanBatch(b), "SELECT "+batchCols+" FROM import_batches WHERE content_hash = ?", hash)
}

// ImportBatches lists batches newest first, below beforeID when it is set.
func (t *tx) ImportBatches(beforeID int64, limit int) ([]*nsor.ImportBatch, error) {
	if beforeID <= 0 {
		beforeID = 1<<63 - 1
	}
	return list(t, "import", scanBatch, "SELECT "+batchCols+" FROM import_batches WHERE id < ? ORDER BY id DESC LIMIT ?", beforeID, limit)
}

// UpdateImportBatch stores b's progress if the stored batch is still at
// prevLastLine.
func (t *tx) UpdateImportBatch(b *nsor.ImportBatch, prevLastLine int) error {
	n, err := t.exec("UPDATE import_batches SET state = ?, updated_at = ?, last_line = ?, rows_read = ?, imported = ?, "+
		"invalid = ?, duplicates = ?, approved_by = ?, approved_at = ?, activated = ? WHERE id = ? AND last_line = ?",
		b.State, ms(b.UpdatedAt), b.LastLine, b.Rows, b.Imported, b.Invalid, b.Duplicates, b.ApprovedBy, approvedAt(b),
		b.Activated, b.ID, prevLastLine)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.staleOrMissing("import", "SELECT 1 FROM import_batches WHERE id = ?", b.ID)
	}
	return nil
}

// AddImportRows stores rows of a batch's report in one statement.
func (t *tx) AddImportRows(rows []*nsor.ImportRow) error {
	const chunk = 1000
	for len(rows) > 0 {
		n := min(chunk, len(rows))
		if err := insertLater(t, "INSERT INTO import_rows (batch_id, line, outcome, record_id, problems_json) VALUES ",
			"(?, ?, ?, ?, ?)", rows[:n], func(r *nsor.ImportRow) []any {
				return []any{r.BatchID, r.Line, r.Outcome, r.RecordID, asJSON(&r.Problems)}
			}); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// ImportRows lists a batch's rows in line order.
func (t *tx) ImportRows(q nsor.ImportRowQuery) ([]*nsor.ImportRow, error) {
	var w where
	w.add("batch_id = ?", q.BatchID)
	if q.AfterLine != 0 {
		w.add("line > ?", q.AfterLine)
	}
	if len(q.Outcomes) > 0 {
		inValues(&w, "outcome", q.Outcomes)
	}
	return list(t, "import row", func(r *nsor.ImportRow) func(scanner) error {
		return func(s scanner) error {
			return s.Scan(&r.BatchID, &r.Line, &r.Outcome, &r.RecordID, asJSON(&r.Problems))
		}
	}, "SELECT batch_id, line, outcome, record_id, problems_json FROM import_rows"+w.sql()+" ORDER BY line"+w.limit(q.Limit), w.args...)
}
