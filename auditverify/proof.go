package auditverify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditrec"
)

// Proof is an inclusion proof as the API (GET /api/v1/audit/records/{id}/proof)
// and "nsor audit proof" give it: a record's stored bytes, its leaf index,
// and the RFC 6962 audit path from that leaf to the root of a signed
// checkpoint.
type Proof struct {
	RecordID   int64    `json:"record_id"`
	LeafIndex  int64    `json:"leaf_index"`
	TreeSize   int64    `json:"tree_size"`
	Record     []byte   `json:"record"`     // base64 in JSON
	Checkpoint string   `json:"checkpoint"` // the signed note
	Proof      [][]byte `json:"proof"`      // base64 hashes, leaf to root
}

// maxProofHashes bounds an audit path: a tree of 2^63 leaves needs 63.
const maxProofHashes = 64

// ParseProof decodes a proof's JSON strictly: every field present, nothing
// else, and hashes of 32 bytes.
func ParseProof(data []byte) (*Proof, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("proof: %w: %v", ErrMalformed, err)
	}
	for _, f := range []string{"record_id", "leaf_index", "tree_size", "record", "checkpoint", "proof"} {
		if _, ok := raw[f]; !ok {
			return nil, fmt.Errorf("proof: %w: no %q", ErrMalformed, f)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Proof
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("proof: %w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("proof: %w: data after the object", ErrMalformed)
	}
	if p.LeafIndex < 0 || p.TreeSize <= p.LeafIndex || len(p.Proof) > maxProofHashes {
		return nil, fmt.Errorf("proof: %w: leaf %d in a tree of %d with %d hashes", ErrMalformed, p.LeafIndex, p.TreeSize, len(p.Proof))
	}
	for i, h := range p.Proof {
		if len(h) != tlog.HashSize {
			return nil, fmt.Errorf("proof: %w: hash %d has %d bytes", ErrMalformed, i, len(h))
		}
	}
	return &p, nil
}

// ErrProof is a proof that does not prove what it claims.
var ErrProof = errors.New("the proof does not hold")

// ProofResult is what a proof that holds proves.
type ProofResult struct {
	Record     *auditrec.Record // the record, decoded
	Checkpoint Checkpoint       // the signed checkpoint it is in
}

// CheckProof checks an inclusion proof offline: the checkpoint is signed by
// one of keys, it is of the proof's tree size, the record decodes, and the
// audit path leads from the record's leaf hash to the checkpoint's root.
// ErrUnknownKey and ErrMalformed mean the input is unusable; ErrProof and
// ErrBadSignature that it is false.
func CheckProof(p *Proof, keys *Keys) (*ProofResult, error) {
	c, err := keys.OpenCheckpoint([]byte(p.Checkpoint))
	if err != nil {
		return nil, fmt.Errorf("proof's checkpoint: %w", err)
	}
	if c.Size != p.TreeSize {
		return nil, fmt.Errorf("%w: the proof is for a tree of %d leaves, its checkpoint of %d", ErrProof, p.TreeSize, c.Size)
	}
	rec, err := auditrec.Decode(p.Record)
	if err != nil {
		return nil, fmt.Errorf("%w: the record does not decode: %v", ErrProof, err)
	}
	path := make(tlog.RecordProof, len(p.Proof))
	for i, h := range p.Proof {
		copy(path[i][:], h)
	}
	if err := tlog.CheckRecord(path, c.Size, c.Root, p.LeafIndex, tlog.RecordHash(p.Record)); err != nil {
		return nil, fmt.Errorf("%w: record %d is not leaf %d of the signed tree of %d: %v", ErrProof, p.RecordID, p.LeafIndex, c.Size, err)
	}
	return &ProofResult{Record: rec, Checkpoint: c}, nil
}
