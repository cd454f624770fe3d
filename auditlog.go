package nsor

import (
	"context"
	"time"
)

// The audit log is a Merkle tree (RFC 6962) whose leaves are the stored
// audit records, byte for byte (docs/adr/0010-merkle-log.md). The store keeps
// its tables; package auditlog computes the hashes, runs the sequencer that
// integrates new records and signs checkpoints. The domain sees only what
// the auditor's procedures need: inclusion proofs of records.

// AuditLogTx is the Merkle log's storage. Only the sequencer writes it, and
// only while it holds the lease; everyone may read it.
type AuditLogTx interface {
	// LeaseSequencer takes or renews the sequencer's lease for holder until
	// until. It returns false, changing nothing, while another holder's lease
	// runs at now. In a read-write transaction the lease row stays locked
	// until commit, so two instances never integrate at once.
	LeaseSequencer(holder string, now, until time.Time) (bool, error)
	// YieldSequencer ends holder's lease if holder holds it, so that
	// another instance takes over at its next step rather than when the
	// lease runs out. Another holder's lease is left as it is.
	YieldSequencer(holder string) error
	// AuditTreeSize is the number of leaves.
	AuditTreeSize() (int64, error)
	// UnsequencedAudit returns up to limit committed audit records that are
	// not yet leaves, lowest ID first.
	UnsequencedAudit(limit int) ([]*AuditEntry, error)
	// AuditHashes returns the stored tree hashes at the given indexes
	// (golang.org/x/mod/sumdb/tlog StoredHashIndex), in the same order;
	// an absent index is an error.
	AuditHashes(indexes []int64) ([][32]byte, error)
	// AppendAuditLeaves makes records leaves first, first+1, ... and stores
	// the tree hashes the new leaves create. first must be the tree size.
	AppendAuditLeaves(first int64, recordIDs []int64, hashes []AuditHash) error
	// AuditLeafOf returns the leaf index of a record, or KindNotFound when
	// the record does not exist or is not yet a leaf.
	AuditLeafOf(recordID int64) (int64, error)
	// AuditLeafRecord returns the stored record at a leaf index.
	AuditLeafRecord(index int64) (*AuditEntry, error)
	// LatestCheckpoint returns the newest stored checkpoint, or nil.
	LatestCheckpoint() (*Checkpoint, error)
	// CheckpointAt returns the checkpoint of a tree size, or KindNotFound.
	CheckpointAt(size int64) (*Checkpoint, error)
	// CheckpointsAfter counts the stored checkpoints of more than size
	// leaves.
	CheckpointsAfter(size int64) (int64, error)
	// AddCheckpoint stores a signed checkpoint; sizes only grow.
	AddCheckpoint(c *Checkpoint) error
}

// AuditHash is one stored hash of the Merkle tree.
type AuditHash struct {
	Index int64 // tlog.StoredHashIndex
	Hash  [32]byte
}

// Checkpoint is a signed statement of the tree's size and root hash, in the
// C2SP tlog-checkpoint format (a signed note).
type Checkpoint struct {
	Size int64
	Root [32]byte
	Note []byte // the signed note, exactly as exported
	At   time.Time
}

// InclusionProof proves that an audit record is leaf Index of the tree that
// Checkpoint signs: anyone with the log's public key can check it offline.
type InclusionProof struct {
	RecordID   int64
	Index      int64
	Record     []byte // the record's stored bytes; the leaf hash is over these
	Checkpoint []byte // the signed note of the tree the proof is for
	TreeSize   int64
	Proof      [][32]byte // RFC 6962 audit path, leaf to root
}

// AuditProver makes inclusion proofs. Package auditlog implements it over
// the store; the service calls it with the store's transaction it holds.
type AuditProver interface {
	// ProveRecord returns a proof that the record is in the newest
	// checkpointed tree; KindConflict when the record is too new to be in
	// it yet (the next checkpoint will cover it), KindNotFound when there
	// is no such record.
	ProveRecord(ctx context.Context, tx Tx, recordID int64) (*InclusionProof, error)
	// ProveConsistency proves that the tree of size older is a prefix of
	// the tree of size newer (RFC 6962 consistency proof).
	ProveConsistency(tx Tx, older, newer int64) ([][32]byte, error)
}

// AuditRestoreTx records restores from a backup in the log's tables.
type AuditRestoreTx interface {
	// AddAuditRestore stores a signed restore note.
	AddAuditRestore(note []byte, at time.Time) error
	// AuditRestores lists the signed restore notes, oldest first.
	AuditRestores() ([][]byte, error)
}
