package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
)

// Checkpoint returns the newest signed checkpoint, KindNotFound before the
// first. Anyone may call it; it is not audited.
func (s *Service) Checkpoint(ctx context.Context) (*nsor.Checkpoint, error) {
	var c *nsor.Checkpoint
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		c, err = tx.LatestCheckpoint()
		if err == nil && c == nil {
			err = nsor.Errorf(nsor.KindNotFound, "audit.no_checkpoint", "The audit log has no signed checkpoint yet.")
		}
		return err
	})
	return c, err
}

// ConsistencyProof proves that the tree of size from is a prefix of the
// tree of size to. Anyone may call it; bad sizes are KindInvalid
// "audit.bad_range".
func (s *Service) ConsistencyProof(ctx context.Context, from, to int64) ([][32]byte, error) {
	if s.prove == nil {
		return nil, auditLogOff()
	}
	var p [][32]byte
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		p, err = s.prove.ProveConsistency(tx, from, to)
		return err
	})
	return p, err
}

// ProveAuditRecord gives an auditor the record and the proof that it is in
// the newest checkpointed tree. Auditors only (scope audit:read); audited.
// A record too new for a checkpoint is KindConflict
// "audit.not_checkpointed"; an unknown one "audit.record_not_found".
func (s *Service) ProveAuditRecord(ctx context.Context, a *nsor.Actor, id int64) (*nsor.InclusionProof, error) {
	var p *nsor.InclusionProof
	err := s.do(ctx, a, "audit.proof", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireRole(a, nsor.RoleAuditor); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeAuditRead); err != nil {
			return err
		}
		rec.Object = object("audit", id)
		if s.prove == nil {
			return auditLogOff()
		}
		var err error
		p, err = s.prove.ProveRecord(ctx, tx, id)
		return err
	})
	return p, err
}

func auditLogOff() error {
	return nsor.Errorf(nsor.KindNotFound, "audit.log_off", "The signed audit log is not running on this server.")
}
