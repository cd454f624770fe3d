package auditlog

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditrec"
)

// A restore from a backup rolls the log back to the backup's tree. It is
// recorded as a signed note, so that the verifier accepts a newer checkpoint
// saved elsewhere as superseded by it and reports the leaves it lost, and as
// an audit record, which becomes the first leaf after the restore:
//
//	<origin>
//	restore
//	<tree size restored>
//	<size of the newest checkpoint superseded>
//	<its root hash in standard base64>
//	<time of the restore in UTC milliseconds>
//
// The second line keeps a restore note from ever parsing as a checkpoint.

// Restore is a parsed restore note.
type Restore struct {
	Origin         string
	Restored       int64
	SupersededSize int64
	SupersededRoot tlog.Hash
	At             time.Time
}

// RestoreBody is the signed text of a restore note.
func RestoreBody(r Restore) string {
	return fmt.Sprintf("%s\nrestore\n%d\n%d\n%s\n%d\n", r.Origin, r.Restored, r.SupersededSize,
		base64.StdEncoding.EncodeToString(r.SupersededRoot[:]), r.At.UTC().UnixMilli())
}

// ParseRestoreBody reads a restore note's text.
func ParseRestoreBody(text string) (Restore, error) {
	var r Restore
	lines := strings.Split(text, "\n")
	if len(lines) != 7 || lines[1] != "restore" || lines[6] != "" || lines[0] == "" {
		return r, fmt.Errorf("auditlog: malformed restore note")
	}
	nums := make([]int64, 0, 3)
	for _, s := range []string{lines[2], lines[3], lines[5]} {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
			return r, fmt.Errorf("auditlog: malformed restore note")
		}
		nums = append(nums, n)
	}
	h, err := base64.StdEncoding.Strict().DecodeString(lines[4])
	if err != nil || len(h) != tlog.HashSize || nums[0] > nums[1] {
		return r, fmt.Errorf("auditlog: malformed restore note")
	}
	r.Origin, r.Restored, r.SupersededSize, r.At = lines[0], nums[0], nums[1], time.UnixMilli(nums[2]).UTC()
	copy(r.SupersededRoot[:], h)
	return r, nil
}

// RecordRestore records, after a restore, that the log now holds restored
// leaves where the checkpoint superseded (the newest exported before the
// restore, opened and checked by the caller) covered more. It runs without
// the sequencer's lease: it adds no leaf, only the signed note and an audit
// record that the sequencer integrates next.
func (l *Log) RecordRestore(ctx context.Context, superseded *nsor.Checkpoint) (*Restore, error) {
	return l.recordRestore(ctx, superseded, -1, nil)
}

// recordRestore signs and stores a restore note of restored leaves (the
// tree's size when negative) superseding a checkpoint, with its
// audit.restore record carrying details besides the sizes.
func (l *Log) recordRestore(ctx context.Context, superseded *nsor.Checkpoint, restored int64, details []auditrec.Detail) (*Restore, error) {
	now := l.clock.Now()
	var r Restore
	err := l.store.Update(ctx, func(tx nsor.Tx) error {
		size := restored
		if size < 0 {
			var err error
			if size, err = tx.AuditTreeSize(); err != nil {
				return err
			}
		}
		r = Restore{Origin: l.cfg.Origin, Restored: size, SupersededSize: size, At: now}
		if superseded != nil && superseded.Size > size {
			r.SupersededSize, r.SupersededRoot = superseded.Size, superseded.Root
		}
		msg, err := note.Sign(&note.Note{Text: RestoreBody(r)}, l.signer)
		if err != nil {
			return err
		}
		if err := tx.AddAuditRestore(msg, now); err != nil {
			return err
		}
		_, err = tx.AppendAudit(&auditrec.Record{At: now, Source: "cli", Action: "audit.restore",
			Outcome: auditrec.OutcomeOK, Object: "audit/restore", Details: append([]auditrec.Detail{
				{Key: "restored_size", Value: strconv.FormatInt(r.Restored, 10)},
				{Key: "superseded_size", Value: strconv.FormatInt(r.SupersededSize, 10)}}, details...)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auditlog: record the restore: %w", err)
	}
	return &r, nil
}
