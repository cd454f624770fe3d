package auditlog

import (
	"context"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
)

var _ nsor.AuditProver = (*Log)(nil)

// ProveRecord proves that a record is a leaf of the newest checkpointed
// tree. A record not yet covered by a checkpoint is KindConflict
// "audit.not_checkpointed": the next checkpoint covers it.
func (l *Log) ProveRecord(_ context.Context, tx nsor.Tx, recordID int64) (*nsor.InclusionProof, error) {
	if recordID <= 0 {
		return nil, recordNotFound()
	}
	idx, err := tx.AuditLeafOf(recordID)
	if nsor.KindOf(err) == nsor.KindNotFound {
		if es, err := tx.AuditRecords(nsor.AuditFilter{AfterID: recordID - 1, Limit: 1}); err != nil || len(es) == 0 || es[0].ID != recordID {
			return nil, recordNotFound()
		}
		return nil, notCheckpointed()
	}
	if err != nil {
		return nil, err
	}
	cp, err := tx.LatestCheckpoint()
	if err != nil {
		return nil, err
	}
	if cp == nil || idx >= cp.Size {
		return nil, notCheckpointed()
	}
	e, err := tx.AuditLeafRecord(idx)
	if err != nil {
		return nil, err
	}
	proof, err := tlog.ProveRecord(cp.Size, idx, &overlay{tx: tx})
	if err != nil {
		return nil, nsor.Internalf(err, "auditlog: prove leaf %d in %d", idx, cp.Size)
	}
	return &nsor.InclusionProof{RecordID: recordID, Index: idx, Record: e.Data, Checkpoint: cp.Note,
		TreeSize: cp.Size, Proof: hashes(proof)}, nil
}

// ProveConsistency proves that the tree of size older is a prefix of the
// tree of size newer (RFC 6962 consistency), for witnesses that hold an
// older checkpoint.
func (l *Log) ProveConsistency(tx nsor.Tx, older, newer int64) ([][32]byte, error) {
	size, err := tx.AuditTreeSize()
	if err != nil {
		return nil, err
	}
	// A proof starts at a tree of one leaf or more: the empty tree has no
	// hash to be consistent with (RFC 6962 section 2.1.2), and tlog refuses
	// it as an internal error would.
	if older < 1 || newer < older || newer > size {
		return nil, nsor.Invalid("from", "audit.bad_range",
			"The sizes must satisfy 1 <= from <= to <= the tree's size.")
	}
	p, err := tlog.ProveTree(newer, older, &overlay{tx: tx})
	if err != nil {
		return nil, nsor.Internalf(err, "auditlog: prove %d in %d", older, newer)
	}
	return hashes(p), nil
}

func notCheckpointed() error {
	return nsor.Errorf(nsor.KindConflict, "audit.not_checkpointed",
		"The record is not yet covered by a signed checkpoint; the next checkpoint, within seconds, will cover it.")
}

func hashes[T ~[]tlog.Hash](p T) [][32]byte {
	out := make([][32]byte, len(p))
	for i, h := range p {
		out[i] = h
	}
	return out
}

func recordNotFound() error {
	return nsor.Errorf(nsor.KindNotFound, "audit.record_not_found", "No such audit record was found.")
}
