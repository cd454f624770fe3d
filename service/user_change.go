package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
	"strings"
)

// UpdateUser changes an account (administrators only). A change of role,
// jurisdiction or status revokes the user's tokens. Nobody changes their own
// role, jurisdiction or status; a service account keeps its role and
// jurisdiction; and a change to a role that reads the register, releases
// records or administers is proposed for a second administrator's approval
// (the Approval is returned instead of the user).
func (s *Service) UpdateUser(ctx context.Context, a *nsor.Actor, id int64, p nsor.UserPatch) (*nsor.User, *nsor.Approval, error) {
	var u *nsor.User
	var pending *nsor.Approval
	err := s.do(ctx, a, "user.update", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("user", id)
		if err := requireAdmin(a); err != nil {
			return err
		}
		var err error
		if u, err = tx.User(id); err != nil {
			return err
		}
		if err := checkPatch(a, u, p); err != nil {
			return err
		}
		if p.Role != nil && *p.Role != u.Role && p.Role.Privileged() && !atConsole(a) {
			try := *u
			if _, err := s.applyUserPatch(tx, &try, p); err != nil {
				return err
			}
			pending, err = s.propose(tx, a, rec, nsor.ApproveUserUpdate, id, p)
			detail(rec, "role", *p.Role)
			return err
		}
		revoke, err := s.applyUserPatch(tx, u, p)
		if err != nil {
			return err
		}
		if revoke {
			u.CredVersion++
			detail(rec, "tokens_revoked", true)
		}
		detail(rec, "role", u.Role)
		if p.Gender != nil {
			detail(rec, "gender", u.Gender)
		}
		return tx.UpdateUser(u)
	})
	if pending != nil || err != nil {
		return nil, pending, err
	}
	return u, nil, nil
}

// checkPatch refuses what no administrator may do alone or at all: change
// their own role, jurisdiction or status (an administrator who disabled
// themself could not be re-enabled by themself either), or change a service
// account's role or jurisdiction (it was granted for one client's purpose).
func checkPatch(a *nsor.Actor, u *nsor.User, p nsor.UserPatch) error {
	role := p.Role != nil && *p.Role != u.Role
	juris := p.JurisdictionID != nil && *p.JurisdictionID != u.JurisdictionID
	status := p.Disabled != nil && *p.Disabled != u.Disabled
	switch {
	case u.ID == a.ID() && (role || juris || status):
		return nsor.Errorf(nsor.KindForbidden, "user.self_change",
			"Nobody changes their own role, jurisdiction or status; another administrator must.")
	case u.IsService() && (role || juris):
		return nsor.Errorf(nsor.KindConflict, "user.service_account_fixed",
			"A service account keeps the role and jurisdiction it was made with; make a new one instead.")
	}
	return nil
}

func (s *Service) applyUserPatch(tx nsor.Tx, u *nsor.User, p nsor.UserPatch) (revoke bool, err error) {
	if err := nsor.CheckFields(p); err != nil {
		return false, err
	}
	for field, v := range map[string]*string{"name": p.Name, "rank": p.Rank, "belt_number": p.BeltNumber} {
		if v != nil && strings.TrimSpace(*v) == "" {
			return false, nsor.Invalid(field, "user.field_required", "A "+strings.ReplaceAll(field, "_", " ")+" cannot be blanked; give the new value.")
		}
	}
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Rank != nil {
		u.Rank = *p.Rank
	}
	if p.BeltNumber != nil {
		u.BeltNumber = *p.BeltNumber
	}
	if p.Gender != nil {
		g, err := nsor.ParseGender(*p.Gender)
		if err != nil {
			return false, err
		}
		u.Gender = g
	}
	if p.Role != nil && *p.Role != u.Role {
		if !p.Role.Valid() {
			return false, nsor.Invalid("role", "user.role_unknown", "Choose one of the roles of nsor.")
		}
		u.Role, revoke = *p.Role, true
	}
	if p.JurisdictionID != nil && *p.JurisdictionID != u.JurisdictionID {
		u.JurisdictionID, revoke = *p.JurisdictionID, true
	}
	if p.Disabled != nil && *p.Disabled != u.Disabled {
		u.Disabled, revoke = *p.Disabled, true
	}
	if revoke {
		return true, s.checkJurisdictionFits(tx, u.Role, u.JurisdictionID)
	}
	return false, nil
}

// ResetCredentials gives a person a new password and a new second factor,
// revoking every token (administrators only). Over the API it is proposed
// for a second administrator's approval, and the new credentials are shown
// once, to the approver (the Approval is returned); at the server's console
// it is done at once and they are returned here. The slow work (argon2id,
// the new secret) is done before the transaction.
func (s *Service) ResetCredentials(ctx context.Context, a *nsor.Actor, id int64) (*nsor.Credentials, *nsor.Approval, error) {
	if err := requireAdmin(a); err != nil { // before any slow work
		rec := s.record(a, "user.reset_credentials")
		rec.Object = object("user", id)
		return nil, nil, s.refused(ctx, rec, err)
	}
	var prep *prepared
	if atConsole(a) {
		var err error
		if prep, err = s.prepareReset(ctx, id); err != nil {
			return nil, nil, s.refusedBusy(ctx, a, "user.reset_credentials", "user", id, err)
		}
	}
	var creds *nsor.Credentials
	var pending *nsor.Approval
	err := s.do(ctx, a, "user.reset_credentials", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("user", id)
		u, err := tx.User(id)
		if err != nil {
			return err
		}
		if u.IsService() {
			return nsor.Errorf(nsor.KindConflict, "user.service_account_no_credentials",
				"A service account has no password or second factor; issue it a new token instead.")
		}
		if prep == nil {
			pending, err = s.propose(tx, a, rec, nsor.ApproveReset, id, nil)
			return err
		}
		r, err := s.approvedReset(tx, &nsor.Approval{TargetID: id}, prep)
		if err == nil {
			creds = r.Credentials
		}
		return err
	})
	return creds, pending, err
}

// prepareReset makes the new credentials of user id outside a transaction.
func (s *Service) prepareReset(ctx context.Context, id int64) (*prepared, error) {
	var username string
	err := s.view(ctx, func(tx nsor.Tx) error {
		u, err := tx.User(id)
		if err == nil {
			username = u.Username
		}
		return err
	})
	if err != nil {
		if nsor.KindOf(err) == nsor.KindNotFound {
			return &prepared{}, nil // the transaction refuses, and records it
		}
		return nil, err
	}
	creds, fresh, err := s.prepareUser(ctx, nsor.NewUser{Username: username, Name: "-", Role: nsor.RoleIO})
	if err != nil {
		return nil, err
	}
	return &prepared{username: username, creds: creds, fresh: fresh}, nil
}
