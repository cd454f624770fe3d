package service

import (
	"context"
	"encoding/json"
	"nsor"
	"nsor/auditrec"
	"time"
)

// prepared is the slow work an approval needs before its transaction: the
// new password's hash and second factor of an account made or reset.
type prepared struct {
	username string
	creds    *nsor.Credentials
	fresh    *nsor.User
}

// prepareApproval does the slow work of approval id outside any transaction.
// What it read is checked again inside (the username of a reset).
func (s *Service) prepareApproval(ctx context.Context, id int64) (*prepared, error) {
	var p *nsor.Approval
	var target *nsor.User
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		if p, err = tx.Approval(id); err == nil && (p.Kind == nsor.ApproveReset || p.Kind == nsor.ApproveUserUpdate) {
			target, err = tx.User(p.TargetID)
		}
		return err
	})
	if err != nil {
		return nil, nil // the transaction reads it again and refuses
	}
	var in nsor.NewUser
	switch p.Kind {
	case nsor.ApproveUserCreate:
		if err := json.Unmarshal(p.Change, &in); err != nil {
			return nil, nsor.Internalf(err, "decode proposal %d", id)
		}
	case nsor.ApproveReset:
		in = nsor.NewUser{Username: target.Username, Name: "-", Role: nsor.RoleIO}
	case nsor.ApproveUserUpdate:
		if !promotion(p, target) {
			return &prepared{}, nil
		}
		in = nsor.NewUser{Username: target.Username, Name: "-", Role: nsor.RoleIO}
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
func (s *Service) carryOut(tx nsor.Tx, p *nsor.Approval, prep *prepared, rec *auditrec.Record) (*nsor.AccountResult, error) {
	if prep == nil || (prep.fresh == nil && (p.Kind == nsor.ApproveUserCreate || p.Kind == nsor.ApproveReset)) {
		return nil, nsor.Errorf(nsor.KindConflict, "approval.decided", "This proposal changed while it was being approved; try again.")
	}
	switch p.Kind {
	case nsor.ApproveUserCreate:
		return s.approvedUser(tx, prep, rec)
	case nsor.ApproveUserUpdate:
		return s.approvedUpdate(tx, p, prep, rec)
	case nsor.ApproveReset:
		return s.approvedReset(tx, p, prep)
	case nsor.ApproveServiceAccount:
		var in nsor.NewServiceAccount
		if err := json.Unmarshal(p.Change, &in); err != nil {
			return nil, nsor.Internalf(err, "decode proposal %d", p.ID)
		}
		u, err := s.createServiceAccount(tx, in, rec)
		return &nsor.AccountResult{User: u}, err
	case nsor.ApproveToken:
		var g nsor.TokenGrant
		if err := json.Unmarshal(p.Change, &g); err != nil {
			return nil, nsor.Internalf(err, "decode proposal %d", p.ID)
		}
		return s.grantToken(tx, g, rec)
	}
	return nil, nsor.Errorf(nsor.KindInternal, "internal", "Unknown kind of proposal %q.", p.Kind)
}

func (s *Service) approvedUser(tx nsor.Tx, prep *prepared, rec *auditrec.Record) (*nsor.AccountResult, error) {
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
	return &nsor.AccountResult{User: u, Credentials: prep.creds}, nil
}

func (s *Service) approvedUpdate(tx nsor.Tx, p *nsor.Approval, prep *prepared, rec *auditrec.Record) (*nsor.AccountResult, error) {
	var patch nsor.UserPatch
	if err := json.Unmarshal(p.Change, &patch); err != nil {
		return nil, nsor.Internalf(err, "decode proposal %d", p.ID)
	}
	u, err := tx.User(p.TargetID)
	if err != nil {
		return nil, err
	}
	promoted := promotion(p, u)
	if promoted && (prep.fresh == nil || u.Username != prep.username) {
		return nil, nsor.Errorf(nsor.KindConflict, "approval.decided", "This proposal changed while it was being approved; try again.")
	}
	revoke, err := s.applyUserPatch(tx, u, patch)
	if err != nil {
		return nil, err
	}
	if revoke {
		u.CredVersion++
	}
	out := &nsor.AccountResult{User: u}
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
func promotion(p *nsor.Approval, u *nsor.User) bool {
	var patch nsor.UserPatch
	if p.Kind != nsor.ApproveUserUpdate || u == nil || u.IsService() || json.Unmarshal(p.Change, &patch) != nil {
		return false
	}
	return patch.Role != nil && patch.Role.Privileged()
}

func (s *Service) approvedReset(tx nsor.Tx, p *nsor.Approval, prep *prepared) (*nsor.AccountResult, error) {
	u, err := tx.User(p.TargetID)
	if err != nil {
		return nil, err
	}
	if u.Username != prep.username {
		return nil, nsor.NotFound("user")
	}
	resetTo(u, prep.fresh)
	u.MustChangePassword = true
	return &nsor.AccountResult{User: u, Credentials: prep.creds}, tx.UpdateUser(u)
}

// resetTo gives u fresh's password and second factor, clears its failures
// and voids its tokens.
func resetTo(u, fresh *nsor.User) {
	u.PasswordHash, u.TOTPSealed, u.TOTPLastStep = fresh.PasswordHash, fresh.TOTPSealed, 0
	u.Failures, u.LockedUntil = 0, time.Time{}
	u.CredVersion++
}
