package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
	"slices"
	"strings"
	"time"
)

// IssueMachineToken issues a scoped, expiring token to a service account
// (administrators only); its secret is returned only here. A token that
// reads or changes the register, or of an account whose role does, waits for
// a second administrator, to whom the secret is shown on approval.
func (s *Service) IssueMachineToken(ctx context.Context, a *nsor.Actor, userID int64, name string, scopes []string, ttl time.Duration) (*nsor.AccountResult, error) {
	var out *nsor.AccountResult
	err := s.do(ctx, a, "token.issue", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := checkMachineToken(name, scopes, ttl); err != nil {
			return err
		}
		u, err := tokenAccount(tx, userID, scopes)
		if err != nil {
			return err
		}
		g := nsor.TokenGrant{UserID: userID, Name: name, Scopes: scopes, TTL: ttl}
		if !atConsole(a) && serviceNeedsApproval(u.Role, scopes) {
			p, err := s.propose(tx, a, rec, nsor.ApproveToken, userID, g)
			out = &nsor.AccountResult{Approval: p}
			return err
		}
		out, err = s.grantToken(tx, g, rec)
		return err
	})
	return out, err
}

// tokenAccount returns the active service account userID names, if it was
// granted every one of scopes.
func tokenAccount(tx nsor.UserTx, userID int64, scopes []string) (*nsor.User, error) {
	u, err := tx.User(userID)
	if nsor.KindOf(err) == nsor.KindNotFound || (err == nil && u.Disabled) {
		return nil, nsor.Invalid("user_id", "token.user_unknown", "No such active user.")
	} else if err != nil {
		return nil, err
	}
	if !u.IsService() {
		return nil, nsor.Invalid("user_id", "token.not_service_account",
			"Machine tokens are issued only to service accounts; a person signs in with their own password and code.")
	}
	for _, sc := range scopes {
		if !slices.Contains(u.Scopes, sc) {
			return nil, nsor.Invalid("scopes", "token.scope_not_granted", "The service account was not granted the scope \""+sc+"\".")
		}
	}
	return u, nil
}

// grantToken issues the token g asks for, to a service account that still
// holds its scopes.
func (s *Service) grantToken(tx nsor.Tx, g nsor.TokenGrant, rec *auditrec.Record) (*nsor.AccountResult, error) {
	u, err := tokenAccount(tx, g.UserID, g.Scopes)
	if err != nil {
		return nil, err
	}
	secret, tok, err := s.newToken(tx, u, nsor.TokenMachine, g.Name, g.Scopes, g.TTL, 0)
	if err != nil {
		return nil, err
	}
	rec.Object = object("token", tok.ID)
	detail(rec, "scopes", strings.Join(g.Scopes, " "))
	detail(rec, "user", g.UserID)
	return &nsor.AccountResult{Token: secret, TokenInfo: tok}, nil
}

func checkMachineToken(name string, scopes []string, ttl time.Duration) error {
	var p nsor.Problems
	p.AddErr("", nsor.CheckText("name", name, nsor.LimitLine))
	if strings.TrimSpace(name) == "" {
		p.Add("name", "token.name_required", "Name the machine client this token is for.")
	}
	if len(scopes) == 0 {
		p.Add("scopes", "token.scopes_required", "A machine token carries at least one scope.")
	}
	for _, sc := range scopes {
		if !slices.Contains(nsor.MachineScopes, sc) {
			p.Add("scopes", "token.scope_unknown", "Unknown scope \""+sc+"\".")
		}
	}
	if ttl < time.Hour || ttl > nsor.MaxTokenHours*time.Hour {
		p.Add("expires_in_hours", "token.lifetime", "A machine token lives between 1 hour and 366 days.")
	}
	return p.Err()
}

// RevokeToken revokes a token: an administrator any, a user their own.
func (s *Service) RevokeToken(ctx context.Context, a *nsor.Actor, id int64) error {
	return s.do(ctx, a, "token.revoke", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("token", id)
		t, err := tx.Token(id)
		if err != nil {
			return err
		}
		if t.UserID != a.ID() && requireAdmin(a) != nil {
			return nsor.NotFound("token")
		}
		return tx.RevokeToken(id, s.now())
	})
}
