package nsor

import (
	"context"
	"slices"
	"strings"
	"time"

	"nsor/auditrec"
)

// IssueMachineToken issues a scoped, expiring token for a machine client
// (administrators only); its secret is returned only here.
func (s *Service) IssueMachineToken(ctx context.Context, a *Actor, userID int64, name string, scopes []string, ttl time.Duration) (string, *Token, error) {
	var secret string
	var tok *Token
	err := s.do(ctx, a, "token.issue", func(tx Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := checkMachineToken(name, scopes, ttl); err != nil {
			return err
		}
		u, err := tx.User(userID)
		if KindOf(err) == KindNotFound || (err == nil && u.Disabled) {
			return Invalid("user_id", "token.user_unknown", "No such active user.")
		} else if err != nil {
			return err
		}
		if secret, tok, err = s.newToken(tx, u, TokenMachine, name, scopes, ttl); err != nil {
			return err
		}
		rec.Object = object("token", tok.ID)
		detail(rec, "scopes", strings.Join(scopes, " "))
		detail(rec, "user", userID)
		return nil
	})
	return secret, tok, err
}

// MaxTokenHours is the longest life of a machine token: 366 days.
const MaxTokenHours = 366 * 24

func checkMachineToken(name string, scopes []string, ttl time.Duration) error {
	var p Problems
	p.AddErr("", CheckText("name", name, LimitLine))
	if strings.TrimSpace(name) == "" {
		p.Add("name", "token.name_required", "Name the machine client this token is for.")
	}
	if len(scopes) == 0 {
		p.Add("scopes", "token.scopes_required", "A machine token carries at least one scope.")
	}
	for _, sc := range scopes {
		if !slices.Contains(MachineScopes, sc) {
			p.Add("scopes", "token.scope_unknown", "Unknown scope \""+sc+"\".")
		}
	}
	if ttl < time.Hour || ttl > MaxTokenHours*time.Hour {
		p.Add("expires_in_hours", "token.lifetime", "A machine token lives between 1 hour and 366 days.")
	}
	return p.Err()
}

// RevokeToken revokes a token: an administrator any, a user their own.
func (s *Service) RevokeToken(ctx context.Context, a *Actor, id int64) error {
	return s.do(ctx, a, "token.revoke", func(tx Tx, rec *auditrec.Record) error {
		rec.Object = object("token", id)
		t, err := tx.Token(id)
		if err != nil {
			return err
		}
		if t.UserID != a.ID() && requireAdmin(a) != nil {
			return NotFound("token")
		}
		return tx.RevokeToken(id, s.now())
	})
}
