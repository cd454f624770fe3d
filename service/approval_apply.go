package service

import (
	"context"
	"encoding/json"
	. "nsor"
	"nsor/auditrec"
	"time"
)

// prepared is the slow work an approval needs before its transaction: the
// new password's hash and second factor of an account made or reset.
type prepared struct {
	username string
	creds    *Credentials
	fresh    *User
}

// prepareApproval does the slow work of approval id outside any transaction.
// What it read is checked again inside (the username of a reset).
func (s *Service) prepareApproval(ctx context.Context, id int64) (*prepared, error) {
	var p *Approval
	var target *User
	err := s.view(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.Approval(id); err == nil && (p.Kind == ApproveReset || p.Kind == ApproveUserUpdate) {
			target, err = tx.User(p.TargetID)
		}
		return err
	})
	if err != nil {
		return nil, nil // the transaction reads it again and refuses
	}
	var in NewUser
	switch p.Kind {
	case ApproveUserCreate:
		if err := json.Unmarshal(p.Change, &in); err != nil {
			return nil, Internalf(err, "decode proposal %d", id)
		}
	case ApproveReset:
		in = NewUser{Username: target.Username, Name: "-", Role: RoleIO}
	case ApproveUserUpdate:
		if !promotion(p, target) {
			return &prepared{}, nil
		}
		in = NewUser{Username: target.Username, Name: "-", Role: RoleIO}
	default:
		return &prepared{}, nil
	}
	in.Password = ""
	creds, u, err := s.prepareUser(ctx, in)
	if err != nil {
		return nil, err
	}
	return &prepared{username: in.Username, creds: creds, fresh: u}, nil
}

// carryOut does what approval p holds, in the approving transaction.
func (s *Service) carryOut(tx Tx, p *Approval, prep *prepared, rec *auditrec.Record) (*AccountResult, error) {
	if prep == nil || (prep.fresh == nil && (p.Kind == ApproveUserCreate || p.Kind == ApproveReset)) {
		return nil, Errorf(KindConflict, "approval.decided", "This proposal changed while it was being approved; try again.")
	}
	switch p.Kind {
	case ApproveUserCreate:
		return s.approvedUser(tx, prep, rec)
	case ApproveUserUpdate:
		return s.approvedUpdate(tx, p, prep, rec)
	case ApproveReset:
		return s.approvedReset(tx, p, prep)
	case ApproveServiceAccount:
		var in NewServiceAccount
		if err := json.Unmarshal(p.Change, &in); err != nil {
			return nil, Internalf(err, "decode proposal %d", p.ID)
		}
		u, err := s.createServiceAccount(tx, in, rec)
		return &AccountResult{User: u}, err
	case ApproveToken:
		var g TokenGrant
		if err := json.Unmarshal(p.Change, &g); err != nil {
			return nil, Internalf(err, "decode proposal %d", p.ID)
		}
		return s.grantToken(tx, g, rec)
	}
	return nil, Errorf(KindInternal, "internal", "Unknown kind of proposal %q.", p.Kind)
}

func (s *Service) approvedUser(tx Tx, prep *prepared, rec *auditrec.Record) (*AccountResult, error) {
	u := prep.fresh
	if err := s.checkJurisdictionFits(tx, u.Role, u.JurisdictionID); err != nil {
		return nil, err
	}
	u.CreatedAt, u.MustChangePassword = s.now(), true
	if err := tx.CreateUser(u); err != nil {
		return nil, err
	}
	detail(rec, "user", u.ID)
	detail(rec, "role", u.Role)
	return &AccountResult{User: u, Credentials: prep.creds}, nil
}

func (s *Service) approvedUpdate(tx Tx, p *Approval, prep *prepared, rec *auditrec.Record) (*AccountResult, error) {
	var patch UserPatch
	if err := json.Unmarshal(p.Change, &patch); err != nil {
		return nil, Internalf(err, "decode proposal %d", p.ID)
	}
	u, err := tx.User(p.TargetID)
	if err != nil {
		return nil, err
	}
	promoted := promotion(p, u)
	if promoted && (prep.fresh == nil || u.Username != prep.username) {
		return nil, Errorf(KindConflict, "approval.decided", "This proposal changed while it was being approved; try again.")
	}
	revoke, err := s.applyUserPatch(tx, u, patch)
	if err != nil {
		return nil, err
	}
	if revoke {
		u.CredVersion++
	}
	out := &AccountResult{User: u}
	if promoted {
		resetTo(u, prep.fresh)
		u.MustChangePassword, out.Credentials = true, prep.creds
		detail(rec, "credentials_renewed", true)
	}
	detail(rec, "user", u.ID)
	detail(rec, "role", u.Role)
	return out, tx.UpdateUser(u)
}

// promotion reports whether approval p gives the person u a privileged
// role. Whoever held the account before, the administrator who made it
// alone and saw its first credentials among them, must not hold it after:
// the promotion comes with new credentials, made at approval and shown to
// the approver, as for an account created with that role
// (docs/adr/0014-no-impersonation.md).
func promotion(p *Approval, u *User) bool {
	var patch UserPatch
	if p.Kind != ApproveUserUpdate || u == nil || u.IsService() || json.Unmarshal(p.Change, &patch) != nil {
		return false
	}
	return patch.Role != nil && patch.Role.Privileged()
}

func (s *Service) approvedReset(tx Tx, p *Approval, prep *prepared) (*AccountResult, error) {
	u, err := tx.User(p.TargetID)
	if err != nil {
		return nil, err
	}
	if u.Username != prep.username {
		return nil, NotFound("user")
	}
	resetTo(u, prep.fresh)
	u.MustChangePassword = true
	return &AccountResult{User: u, Credentials: prep.creds}, tx.UpdateUser(u)
}

// resetTo gives u fresh's password and second factor, clears its failures
// and voids its tokens.
func resetTo(u, fresh *User) {
	u.PasswordHash, u.TOTPSealed, u.TOTPLastStep = fresh.PasswordHash, fresh.TOTPSealed, 0
	u.Failures, u.LockedUntil = 0, time.Time{}
	u.CredVersion++
}
