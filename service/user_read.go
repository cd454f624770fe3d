package service

import (
	"context"

	"nsor"
)

// User is one account, read directly by an administrator, with the same
// authorisation and audit as the list of users (Users): the
// administrator's pages need not page through every user to show one.
// Refuses: auth.forbidden, user.not_found.
func (s *Service) User(ctx context.Context, a *nsor.Actor, id int64) (*nsor.User, error) {
	var u *nsor.User
	err := s.read(ctx, a, "user.list", 0, func(tx nsor.Tx) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		var err error
		u, err = tx.User(id)
		return err
	})
	return u, err
}
