package service

import (
	"context"
	. "nsor"
)

// ServiceAccountTokens lists the machine tokens of a service account, live,
// expired and revoked, never their secrets (administrators only), so that
// an administrator can see what was issued and revoke what should not be
// live. Anything but a service account is KindNotFound "user".
func (s *Service) ServiceAccountTokens(ctx context.Context, a *Actor, userID int64) ([]*Token, error) {
	var out []*Token
	err := s.read(ctx, a, "token.list", 0, func(tx Tx) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		u, err := tx.User(userID)
		if err != nil {
			return err
		}
		if !u.IsService() {
			return NotFound("user")
		}
		out, err = tx.Tokens(userID)
		return err
	})
	return out, err
}
