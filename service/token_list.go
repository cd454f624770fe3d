package service

import (
	"context"
	"nsor"
)

// ServiceAccountTokens lists the machine tokens of a service account, live,
// expired and revoked, never their secrets (administrators only), so that
// an administrator can see what was issued and revoke what should not be
// live. Anything but a service account is KindNotFound "user".
func (s *Service) ServiceAccountTokens(ctx context.Context, a *nsor.Actor, userID int64) ([]*nsor.Token, error) {
	var out []*nsor.Token
	err := s.read(ctx, a, "token.list", 0, func(tx nsor.Tx) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		u, err := tx.User(userID)
		if err != nil {
			return err
		}
		if !u.IsService() {
			return nsor.NotFound("user")
		}
		out, err = tx.Tokens(userID)
		return err
	})
	return out, err
}
