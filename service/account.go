package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
	"slices"
	"strings"
)

// CreateServiceAccount creates a machine client's own account
// (administrators only): no password, no second factor, never signed in to,
// never an administrator. One whose role reads the register or releases
// records, or that is granted register scopes, waits for a second
// administrator's approval.
func (s *Service) CreateServiceAccount(ctx context.Context, a *nsor.Actor, in nsor.NewServiceAccount) (*nsor.AccountResult, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	var out *nsor.AccountResult
	err := s.do(ctx, a, "service_account.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := s.checkServiceAccount(tx, in); err != nil {
			return err
		}
		if !atConsole(a) && serviceNeedsApproval(in.Role, in.Scopes) {
			p, err := s.propose(tx, a, rec, nsor.ApproveServiceAccount, 0, in)
			out = &nsor.AccountResult{Approval: p}
			return err
		}
		u, err := s.createServiceAccount(tx, in, rec)
		out = &nsor.AccountResult{User: u}
		return err
	})
	return out, err
}

// checkServiceAccount validates in against the rules and the database.
func (s *Service) checkServiceAccount(tx nsor.Tx, in nsor.NewServiceAccount) error {
	if err := nsor.CheckFields(in); err != nil {
		return err
	}
	var p nsor.Problems
	if !usernamePattern.MatchString(in.Username) {
		p.Add("username", "user.username_invalid", "A username is 3 to 64 characters: lower-case letters, digits, dot, dash or underscore.")
	}
	if strings.TrimSpace(in.Name) == "" {
		p.Add("name", "user.name_required", "Name the machine client.")
	}
	switch {
	case !in.Role.Valid():
		p.Add("role", "user.role_unknown", "Choose one of the roles of nsor.")
	case in.Role == nsor.RoleAdmin:
		p.Add("role", "service_account.admin", "A service account is never an administrator: administration is done by people.")
	}
	if len(in.Scopes) == 0 {
		p.Add("scopes", "token.scopes_required", "A service account is granted at least one scope.")
	}
	for _, sc := range in.Scopes {
		if !slices.Contains(nsor.MachineScopes, sc) {
			p.Add("scopes", "token.scope_unknown", "Unknown scope \""+sc+"\".")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if _, err := tx.UserByUsername(in.Username); err == nil {
		return nsor.Errorf(nsor.KindConflict, "user.username_taken", "This username is taken; choose another.")
	} else if nsor.KindOf(err) != nsor.KindNotFound {
		return err
	}
	return s.checkJurisdictionFits(tx, in.Role, in.JurisdictionID)
}

// createServiceAccount stores the account in describes, checked again.
func (s *Service) createServiceAccount(tx nsor.Tx, in nsor.NewServiceAccount, rec *auditrec.Record) (*nsor.User, error) {
	if err := s.checkServiceAccount(tx, in); err != nil {
		return nil, err
	}
	scopes := slices.Clone(in.Scopes)
	slices.Sort(scopes)
	u := &nsor.User{Username: in.Username, Name: strings.TrimSpace(in.Name), Role: in.Role, JurisdictionID: in.JurisdictionID,
		Kind: nsor.UserService, Scopes: slices.Compact(scopes), CreatedAt: s.now(), CredVersion: 1}
	if err := tx.CreateUser(u); err != nil {
		return nil, err
	}
	rec.Object = object("user", u.ID)
	detail(rec, "role", u.Role)
	detail(rec, "scopes", strings.Join(u.Scopes, " "))
	return u, nil
}
