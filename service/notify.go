package service

import (
	"context"
	"nsor"
	"slices"
)

// notify puts a notification in each user's inbox, once per user.
func (s *Service) notify(tx nsor.Tx, users []int64, kind nsor.NotificationKind, requestID int64, msg string) error {
	now := s.now()
	var done []int64
	var ns []*nsor.Notification
	for _, u := range users {
		if u == 0 || slices.Contains(done, u) {
			continue
		}
		done = append(done, u)
		ns = append(ns, &nsor.Notification{UserID: u, Kind: kind, RequestID: requestID, Message: msg, CreatedAt: now})
	}
	return tx.AddNotifications(ns)
}

// usersOf returns the IDs of active users of role in the given jurisdictions.
func usersOf(tx nsor.Tx, role nsor.Role, jurisdictions ...int64) ([]int64, error) {
	return usersOfRoles(tx, []nsor.Role{role}, jurisdictions...)
}

// usersOfRoles returns the IDs of active users of any of roles in the given
// jurisdictions, in one query.
func usersOfRoles(tx nsor.UserTx, roles []nsor.Role, jurisdictions ...int64) ([]int64, error) {
	us, err := tx.Users(nsor.UserFilter{Roles: roles, JurisdictionIDs: jurisdictions})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids, nil
}

// districtUsers routes to the district's prosecutors and, when copy is true, its
// police head (the copy the SOP sends the DPO).
func districtUsers(tx nsor.Tx, districtID int64, dpo bool) ([]int64, error) {
	if dpo {
		return usersOfRoles(tx, []nsor.Role{nsor.RoleDPP, nsor.RoleDPO}, districtID)
	}
	return usersOf(tx, nsor.RoleDPP, districtID)
}

// oversightOf routes to the oversight officers above a district: the region's
// RPO and the province's AIG Investigation.
func (s *Service) oversightOf(tx nsor.Tx, r *nsor.Request) ([]int64, error) {
	d, err := s.jurisdiction(tx, r.DistrictID)
	if err != nil {
		return nil, err
	}
	return usersOf(tx, nsor.RoleOversight, d.AncestorIDs()...)
}

// bureau routes to users of a bureau role, except those in but.
func bureau(tx nsor.Tx, role nsor.Role, but ...int64) ([]int64, error) {
	ids, err := usersOf(tx, role)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ids, func(id int64) bool { return slices.Contains(but, id) }), nil
}

// Notifications returns a page of the actor's inbox, newest first.
func (s *Service) Notifications(ctx context.Context, a *nsor.Actor, unreadOnly bool, p nsor.Page) (nsor.Paged[*nsor.Notification], error) {
	var out nsor.Paged[*nsor.Notification]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.view(ctx, func(tx nsor.Tx) error {
		ns, err := tx.Notifications(a.ID(), unreadOnly, p.AfterID(), p.Fetch())
		out = nsor.Cut(ns, p, func(n *nsor.Notification) []int64 { return nsor.ByID(n.ID) })
		return err
	})
	return out, err
}

// MarkRead marks one of the actor's notifications read.
func (s *Service) MarkRead(ctx context.Context, a *nsor.Actor, id int64) error {
	return s.store.Update(ctx, func(tx nsor.Tx) error { return tx.MarkNotificationRead(a.ID(), id, s.now()) })
}
