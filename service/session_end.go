package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
)

// EndOtherSessions ends every session of the actor but the one they use
// (a browser left signed in elsewhere), and returns how many it ended.
// Machine tokens are not sessions and are left alone.
func (s *Service) EndOtherSessions(ctx context.Context, a *nsor.Actor) (int, error) {
	var n int
	err := s.do(ctx, a, "auth.sessions_end", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("user", a.ID())
		if a.User == nil || a.Token == nil {
			return nsor.Errorf(nsor.KindBadRequest, "auth.no_token", "There is no token to sign out of.")
		}
		var err error
		n, err = s.endSessions(tx, a.ID(), a.Token.ID)
		detail(rec, "ended", n)
		return err
	})
	return n, err
}

// EndUserSessions ends every session of a user (administrators only), and
// returns how many it ended: for a device lost or a person who left. It
// needs no second administrator: it takes access away, and the user signs in
// again with their own credentials.
func (s *Service) EndUserSessions(ctx context.Context, a *nsor.Actor, userID int64) (int, error) {
	var n int
	err := s.do(ctx, a, "user.sessions_end", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("user", userID)
		if err := requireAdmin(a); err != nil {
			return err
		}
		if _, err := tx.User(userID); err != nil {
			return err
		}
		var err error
		n, err = s.endSessions(tx, userID, 0)
		detail(rec, "ended", n)
		return err
	})
	return n, err
}

// endSessions revokes the live sessions of user but keep (0: none).
func (s *Service) endSessions(tx nsor.Tx, user, keep int64) (int, error) {
	ts, err := tx.Tokens(user)
	if err != nil {
		return 0, err
	}
	now, n := s.now(), 0
	for _, t := range ts {
		if t.Kind != nsor.TokenSession || t.ID == keep || !t.RevokedAt.IsZero() || !now.Before(t.ExpiresAt) {
			continue
		}
		if err := tx.RevokeToken(t.ID, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
