package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"slices"
	"strings"
)

// importChunk is how many rows one transaction commits, with the batch's
// progress and one audit record. Its identifiers (two a record) stay well
// inside an audit record's limit of 4,096.
const importChunk = 500

// ImportRecords imports a file of register records (a registrar, the
// maker): each row is checked as a single record is, a bad row is reported
// by line and never stops the good ones, a row that is a record already in
// the register or earlier in the file is reported as a duplicate and not
// imported, and every imported record is pending until a second registrar
// checks it or approves the batch (ApproveImport). Rows are committed a
// chunk at a time with the batch's progress and an audit record, so that a
// re-run of the same file, after an interruption, resumes after the last
// committed row (docs/adr/0022-bulk-import.md). progress, if not nil, is
// told after each chunk.
func (s *Service) ImportRecords(ctx context.Context, a *nsor.Actor, f nsor.ImportFile, progress func(nsor.ImportProgress)) (*nsor.ImportBatch, error) {
	var rows []nsor.ImportLine
	var b *nsor.ImportBatch
	err := s.do(ctx, a, "register.import", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Purpose = "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		if err := nsor.CheckImportFile(f); err != nil {
			return err
		}
		if err := nsor.ReadImport(f.Format, f.Content, func(l nsor.ImportLine) bool { rows = append(rows, l); return true }); err != nil {
			return err
		}
		hash := f.Hash()
		detail(rec, "content_hash", hash)
		var err error
		switch b, err = tx.ImportBatchByHash(hash); {
		case err == nil && b.MadeBy != a.ID():
			return &nsor.Error{Kind: nsor.KindConflict, Code: "import.other_maker", Ref: object("import", b.ID),
				Message: fmt.Sprintf("Import batch %d, another registrar's, holds this file; they resume it, or a second registrar checks it.", b.ID)}
		case err == nil:
			detail(rec, "resumed_after_line", b.LastLine)
		case nsor.KindOf(err) == nsor.KindNotFound:
			now := s.now()
			b = &nsor.ImportBatch{Name: f.Name, Format: f.Format, ContentHash: hash, State: nsor.ImportRunning, MadeBy: a.ID(), CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateImportBatch(b); err != nil {
				return err
			}
		default:
			return err
		}
		rec.Object = object("import", b.ID)
		detail(rec, "rows", len(rows))
		return nil
	})
	if err != nil || b.State != nsor.ImportRunning {
		return b, err
	}
	seen, err := s.importedKeys(ctx, b, rows)
	if err != nil {
		return b, err
	}
	resumed := 0
	for len(rows) > 0 && rows[0].Line <= b.LastLine {
		rows, resumed = rows[1:], resumed+1
	}
	tell := func() {
		if progress != nil {
			progress(nsor.ImportProgress{Batch: b, Resumed: resumed, Total: resumed + len(rows)})
		}
	}
	tell()
	done := 0
	for done < len(rows) {
		if err := ctx.Err(); err != nil {
			return b, nsor.Errorf(nsor.KindUnavailable, "import.interrupted", "The import was interrupted after line %d; run it again with the same file to resume.", b.LastLine)
		}
		chunk := rows[done:min(done+importChunk, len(rows))]
		next, keys, err := s.importChunk(ctx, a, b, chunk, seen)
		if err != nil {
			return b, err
		}
		b = next
		for k, v := range keys {
			seen[k] = v
		}
		done += len(chunk)
		tell()
	}
	err = s.do(ctx, a, "register.import.done", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("import", b.ID), "maintenance"
		prev := b.LastLine
		cur, err := tx.ImportBatch(b.ID)
		if err != nil {
			return err
		}
		if cur.State != nsor.ImportRunning { // another run finished it meanwhile
			b = cur
			return nil
		}
		cur.State, cur.UpdatedAt = nsor.ImportImported, s.now()
		if err := tx.UpdateImportBatch(cur, prev); err != nil {
			return err
		}
		b = cur
		for k, v := range map[string]int{"rows": b.Rows, "imported": b.Imported, "invalid": b.Invalid, "duplicates": b.Duplicates} {
			detail(rec, k, v)
		}
		if b.Imported == 0 {
			return nil
		}
		return s.askBatchChecker(tx, a, b)
	})
	tell()
	return b, err
}

// seenRow is an earlier row of the file that entered the register: its
// line and the record it became.
type seenRow struct {
	line     int
	recordID int64
	strong   bool
}

// importedKeys rebuilds, for a resumed batch, the duplicate keys of the rows
// an earlier run imported, so that a later row is still compared with them.
func (s *Service) importedKeys(ctx context.Context, b *nsor.ImportBatch, rows []nsor.ImportLine) (map[string]seenRow, error) {
	seen := map[string]seenRow{}
	if b.LastLine == 0 {
		return seen, nil
	}
	var done []*nsor.ImportRow
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		done, err = tx.ImportRows(nsor.ImportRowQuery{BatchID: b.ID, Outcomes: []string{nsor.RowImported, nsor.RowWarned}})
		return err
	})
	if err != nil {
		return nil, err
	}
	byLine := map[int]int64{}
	for _, r := range done {
		byLine[r.Line] = r.RecordID
	}
	now := s.now()
	for _, l := range rows {
		id, ok := byLine[l.Line]
		if !ok {
			continue
		}
		r, _, err := nsor.ValidateRecord(l.Record, now)
		if err != nil {
			continue
		}
		remember(seen, &r, l.Line, id)
	}
	return seen, nil
}

// remember adds a row's keys to seen, keeping the first row of each key.
func remember(seen map[string]seenRow, r *nsor.OffenderRecord, line int, id int64) {
	strong, weak := nsor.DuplicateKeys(r, match.NameKey)
	for _, k := range strong {
		if _, ok := seen[k]; !ok {
			seen[k] = seenRow{line, id, true}
		}
	}
	for _, k := range weak {
		if _, ok := seen[k]; !ok {
			seen[k] = seenRow{line, id, false}
		}
	}
}

// importChunk commits one chunk of rows with the batch's progress and one
// audit record, and returns the batch after it and the keys of the rows it
// imported.
func (s *Service) importChunk(ctx context.Context, a *nsor.Actor, b0 *nsor.ImportBatch, chunk []nsor.ImportLine, seen0 map[string]seenRow) (*nsor.ImportBatch, map[string]seenRow, error) {
	var b *nsor.ImportBatch
	var keys map[string]seenRow
	err := s.do(ctx, a, "register.import.rows", func(tx nsor.Tx, rec *auditrec.Record) error {
		bb := *b0
		b, keys = &bb, map[string]seenRow{}
		if err := s.catchUp(tx); err != nil {
			return err
		}
		rec.Object, rec.Purpose = object("import", b.ID), "maintenance"
		now := s.now()
		report := make([]*nsor.ImportRow, 0, len(chunk))
		var ids []string
		for _, l := range chunk {
			row, r := s.importRow(tx, a, b, l, seen0, keys)
			if err := row.err; err != nil {
				return err
			}
			report = append(report, &row.ImportRow)
			switch row.Outcome {
			case nsor.RowImported, nsor.RowWarned:
				b.Imported++
				ids = append(ids, fmt.Sprint(row.RecordID))
				s.tagRecord(rec, r)
			case nsor.RowInvalid:
				b.Invalid++
			case nsor.RowDuplicate:
				b.Duplicates++
			}
			b.Rows++
		}
		prev := b.LastLine
		b.LastLine, b.UpdatedAt = chunk[len(chunk)-1].Line, now
		if err := tx.AddImportRows(report); err != nil {
			return err
		}
		if err := tx.UpdateImportBatch(b, prev); err != nil {
			return err
		}
		detail(rec, "lines", fmt.Sprintf("%d-%d", chunk[0].Line, b.LastLine))
		detail(rec, "records", strings.Join(ids, ","))
		return nil
	})
	return b, keys, err
}

// importRowResult is one row's report line, and an error that must undo
// the chunk (a store failure; a broken rule is the row's report).
type importRowResult struct {
	nsor.ImportRow
	err error
}

func (s *Service) importRow(tx nsor.Tx, a *nsor.Actor, b *nsor.ImportBatch, l nsor.ImportLine, seen0, seen map[string]seenRow) (importRowResult, *nsor.OffenderRecord) {
	out := importRowResult{ImportRow: nsor.ImportRow{BatchID: b.ID, Line: l.Line}}
	invalid := func(err error) (importRowResult, *nsor.OffenderRecord) {
		out.Outcome, out.Problems = nsor.RowInvalid, problemsOf(err)
		return out, nil
	}
	if l.Err != nil {
		return invalid(l.Err)
	}
	r, warn, err := nsor.ValidateRecord(l.Record, s.now())
	if err != nil {
		return invalid(err)
	}
	if err := checkSampleRefs(tx, &r); err != nil {
		return invalid(err)
	}
	strong, weak := nsor.DuplicateKeys(&r, match.NameKey)
	for _, k := range strong {
		first, ok := seen[k]
		if !ok {
			first, ok = seen0[k]
		}
		if ok && first.strong {
			out.Outcome, out.RecordID = nsor.RowDuplicate, first.recordID
			out.Problems = []nsor.FieldError{{Field: keyField(k), Code: "import.duplicate_in_file",
				Message: fmt.Sprintf("Line %d of this file is the same person (%s); the row is not imported.", first.line, keyWhy(k))}}
			return out, nil
		}
	}
	found, err := tx.SearchOffenders(nsor.OffenderQuery{CNIC: r.CNIC, NameKey: match.NameKey(r.Name), AnyStatus: true, Limit: 50})
	if err != nil {
		out.err = err
		return out, nil
	}
	if _, ids := s.likelyDuplicates(&r, 0); len(ids) > 0 {
		out.Outcome, out.RecordID = nsor.RowDuplicate, ids[0]
		out.Problems = []nsor.FieldError{{Field: "record", Code: "import.likely_duplicate",
			Message: fmt.Sprintf("Register record %d is likely the same person (the matching engine's verdict under docs/rules.md#r7: a CNIC with a compatible name, or a name, parentage and full date of birth in other spellings); the row is not imported.", ids[0])}}
		return out, nil
	}
	var namesakes []string
	for _, o := range found {
		os, ow := nsor.DuplicateKeys(&o.Record, match.NameKey)
		for _, k := range strong {
			if containsKey(os, k) {
				out.Outcome, out.RecordID = nsor.RowDuplicate, o.ID
				out.Problems = []nsor.FieldError{{Field: keyField(k), Code: "import.duplicate",
					Message: fmt.Sprintf("Register record %d (%s) is the same person (%s); the row is not imported.", o.ID, o.Status, keyWhy(k))}}
				return out, nil
			}
		}
		if nsor.Shares(weak, ow) {
			namesakes = append(namesakes, fmt.Sprint(o.ID))
		}
	}
	for _, k := range weak {
		first, ok := seen[k]
		if !ok {
			first, ok = seen0[k]
		}
		if ok {
			warn = append(warn, nsor.Warning{Field: "name", Code: "import.namesake_in_file",
				Message: fmt.Sprintf("Line %d has the same name; a name alone does not identify, so both are imported: check them.", first.line)})
			break
		}
	}
	if len(namesakes) > 0 {
		warn = append(warn, nsor.Warning{Field: "name", Code: "import.possible_duplicate",
			Message: "Register records " + strings.Join(namesakes, ", ") + " have the same name: possibly the same person; check before approving."})
	}
	at := s.now()
	o := &nsor.Offender{Status: nsor.RecordPending, Record: r, OwnerID: a.ID(), CreatedAt: at, UpdatedAt: at}
	v := &nsor.OffenderVersion{N: 1, Kind: nsor.ChangeCreate, Record: r, Reason: fmt.Sprintf("Imported in batch %d (%s), line %d.", b.ID, b.Name, l.Line),
		MadeBy: a.ID(), MadeAt: at, Decision: nsor.DecisionPending}
	if err := tx.CreateOffender(o, v); err != nil {
		out.err = err
		return out, nil
	}
	out.Outcome, out.RecordID = nsor.RowImported, o.ID
	for _, w := range warn {
		out.Problems = append(out.Problems, nsor.FieldError(w))
		out.Outcome = nsor.RowWarned
	}
	remember(seen, &r, l.Line, o.ID)
	return out, &r
}

func containsKey(keys []string, k string) bool { return slices.Contains(keys, k) }

func keyField(k string) string {
	if strings.HasPrefix(k, "cnic:") {
		return "cnic"
	}
	return "name"
}

func keyWhy(k string) string {
	if strings.HasPrefix(k, "cnic:") {
		return "the same CNIC"
	}
	return "the same name, parentage and full date of birth"
}

// problemsOf lists an error's field errors, or the error itself as one.
func problemsOf(err error) []nsor.FieldError {
	e := nsor.AsError(err)
	if len(e.Fields) > 0 {
		return e.Fields
	}
	return []nsor.FieldError{{Field: "row", Code: e.Code, Message: e.Message}}
}

// askBatchChecker tells the other registrars that a batch awaits checking.
func (s *Service) askBatchChecker(tx nsor.Tx, a *nsor.Actor, b *nsor.ImportBatch) error {
	to, err := bureau(tx, nsor.RoleRegistrar, a.ID())
	if err != nil {
		return err
	}
	n := &nsor.Notification{Kind: nsor.NoteChangePending, Message: fmt.Sprintf("Import batch %d (%d records) awaits a second registrar's check.", b.ID, b.Imported), CreatedAt: s.now()}
	for _, u := range to {
		n.UserID, n.ID = u, 0
		if err := tx.AddNotification(n); err != nil {
			return err
		}
	}
	return nil
}

// ImportReport shows a batch and a page of its per-row report to a
// registrar: the rows after a line, only those with problems (invalid,
// duplicate, or imported with a warning) unless all is set.
func (s *Service) ImportReport(ctx context.Context, a *nsor.Actor, id int64, afterLine, limit int, all bool) (*nsor.ImportReport, error) {
	out := &nsor.ImportReport{}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	err := s.do(ctx, a, "register.import.read", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("import", id), "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		var err error
		if out.Batch, err = tx.ImportBatch(id); err != nil {
			return err
		}
		q := nsor.ImportRowQuery{BatchID: id, AfterLine: afterLine, Limit: limit + 1}
		if !all {
			q.Outcomes = []string{nsor.RowInvalid, nsor.RowDuplicate, nsor.RowWarned}
		}
		if out.Rows, err = tx.ImportRows(q); err != nil {
			return err
		}
		if out.More = len(out.Rows) > limit; out.More {
			out.Rows = out.Rows[:limit]
		}
		return nil
	})
	return out, err
}

// ApproveImport is a second registrar's check of a whole batch: every
// record of it still pending becomes active, as CheckChange would make it
// one by one. The registrar who imported the batch cannot approve it
// (maker-checker), nor can a machine client's account.
func (s *Service) ApproveImport(ctx context.Context, a *nsor.Actor, id int64, note string) (*nsor.ImportBatch, error) {
	var b *nsor.ImportBatch
	err := s.do(ctx, a, "register.import.approve", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("import", id), "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		if err := nsor.CheckText("note", note, nsor.LimitReason); err != nil {
			return err
		}
		var err error
		if b, err = tx.ImportBatch(id); err != nil {
			return err
		}
		switch {
		case b.MadeBy == a.ID():
			return nsor.Errorf(nsor.KindForbidden, "import.approver_is_maker", "You imported this batch; a second registrar must approve it (maker-checker).")
		case a.User.IsService():
			return nsor.Errorf(nsor.KindForbidden, "record.checker_not_person", "A batch is approved by a second registrar in person; a machine client's account may only import.")
		case b.State == nsor.ImportRunning:
			return nsor.Errorf(nsor.KindConflict, "import.not_finished", "Batch %d is still being imported (line %d); approve it once every row is in.", b.ID, b.LastLine)
		case b.State == nsor.ImportApproved:
			return nsor.Errorf(nsor.KindConflict, "import.already_approved", "Batch %d was already approved.", b.ID)
		}
		rows, err := tx.ImportRows(nsor.ImportRowQuery{BatchID: id, Outcomes: []string{nsor.RowImported, nsor.RowWarned}})
		if err != nil {
			return err
		}
		now := s.now()
		for _, r := range rows {
			v, err := tx.OffenderVersion(r.RecordID, 1)
			if err != nil {
				return err
			}
			if v.Decision != nsor.DecisionPending { // checked one by one meanwhile
				continue
			}
			v.Decision, v.CheckedBy, v.CheckedAt, v.CheckNote = nsor.DecisionApproved, a.ID(), now, note
			if err := tx.UpdateOffenderVersion(v); err != nil {
				return err
			}
			o, err := tx.Offender(r.RecordID)
			if err != nil {
				return err
			}
			if err := s.apply(tx, o, v); err != nil {
				return err
			}
			b.Activated++
		}
		prev := b.LastLine
		b.State, b.ApprovedBy, b.ApprovedAt, b.UpdatedAt = nsor.ImportApproved, a.ID(), &now, now
		detail(rec, "activated", b.Activated)
		if note != "" {
			s.tag(rec, "text", note)
		}
		return tx.UpdateImportBatch(b, prev)
	})
	return b, err
}
