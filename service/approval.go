package service

import (
	"context"
	"encoding/json"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"slices"
)

// atConsole reports whether a is the operator at the server's console: a
// command run there, with no token. Whoever runs it holds the database and
// the keys already, so a second administrator would protect nothing; the API
// always acts with a token and never gets this exemption.
func atConsole(a *nsor.Actor) bool { return a.AtConsole() }

// serviceNeedsApproval reports whether a service account of role with
// scopes, or a token of it, needs a second administrator. An officer's
// service account is the exception among privileged roles: no case is ever
// transferred to it (transfer.officer_unknown), and without requests:write,
// itself a privileged scope, it files none, so it holds no release to read.
func serviceNeedsApproval(role nsor.Role, scopes []string) bool {
	return (role.Privileged() && role != nsor.RoleIO) || anyPrivilegedScope(scopes)
}

// anyPrivilegedScope reports whether any of scopes is privileged.
func anyPrivilegedScope(scopes []string) bool {
	return slices.ContainsFunc(scopes, func(s string) bool { return slices.Contains(nsor.PrivilegedScopes, s) })
}

// propose records a pending approval of kind for change to the user target
// (0 for a new account), as a's act.
func (s *Service) propose(tx nsor.Tx, a *nsor.Actor, rec *auditrec.Record, kind nsor.ApprovalKind, target int64, change any) (*nsor.Approval, error) {
	b, err := json.Marshal(change)
	if err != nil {
		return nil, nsor.Internalf(err, "encode proposal")
	}
	now := s.now()
	p := &nsor.Approval{Kind: kind, TargetID: target, Change: b, State: nsor.ApprovalPending, ProposedBy: a.ID(),
		ProposedAt: now, ExpiresAt: now.Add(nsor.ApprovalTTL)}
	if err := tx.CreateApproval(p); err != nil {
		return nil, err
	}
	rec.Object = object("approval", p.ID)
	detail(rec, "approval", nsor.ApprovalPending)
	if target != 0 {
		detail(rec, "user", target)
	}
	return p, s.askApprover(tx, a, p)
}

// askApprover tells every other active administrator that p awaits them.
func (s *Service) askApprover(tx nsor.Tx, a *nsor.Actor, p *nsor.Approval) error {
	to, err := usersOf(tx, nsor.RoleAdmin)
	if err != nil {
		return err
	}
	n := &nsor.Notification{Kind: nsor.NoteApproval, CreatedAt: s.now(),
		Message: fmt.Sprintf("Proposal %d (%s) awaits a second administrator's approval.", p.ID, p.Kind)}
	for _, u := range to {
		if u != a.ID() && u != p.TargetID {
			n.UserID, n.ID = u, 0
			if err := tx.AddNotification(n); err != nil {
				return err
			}
		}
	}
	return nil
}

// Approvals lists the proposals, newest first; state "" lists all, and a
// pending one past its time reads as expired (administrators only).
// Whether a pending one has lapsed is a condition of the query, so that a
// page is never emptied by the proposals of the other kind.
func (s *Service) Approvals(ctx context.Context, a *nsor.Actor, state nsor.ApprovalState, p nsor.Page) (nsor.Paged[*nsor.Approval], error) {
	var out nsor.Paged[*nsor.Approval]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.read(ctx, a, "approval.list", 0, func(tx nsor.Tx) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		f := nsor.ApprovalFilter{State: state, BeforeID: p.AfterID(), Limit: p.Fetch()}
		switch state {
		case nsor.ApprovalPending:
			f.At = s.now()
		case nsor.ApprovalExpired:
			f.State, f.At, f.Lapsed = nsor.ApprovalPending, s.now(), true
		}
		all, err := tx.Approvals(f)
		out = nsor.Cut(all, p, func(p *nsor.Approval) []int64 { return nsor.ByID(p.ID) })
		for _, x := range out.Items {
			s.lapse(x)
		}
		return err
	})
	return out, err
}

// lapse shows a pending approval past its time as expired.
func (s *Service) lapse(p *nsor.Approval) {
	if p.State == nsor.ApprovalPending && !s.now().Before(p.ExpiresAt) {
		p.State = nsor.ApprovalExpired
	}
}

// decidable refuses a decision on p by a: not pending, lapsed, a's own
// proposal, or a change about a themself.
func (s *Service) decidable(a *nsor.Actor, p *nsor.Approval) error {
	s.lapse(p)
	switch {
	case p.State == nsor.ApprovalExpired:
		return nsor.Errorf(nsor.KindConflict, "approval.expired", "This proposal lapsed after %v without a decision; propose it again.", nsor.ApprovalTTL)
	case p.State != nsor.ApprovalPending:
		return nsor.Errorf(nsor.KindConflict, "approval.decided", "This proposal was decided already.")
	case p.ProposedBy == a.ID():
		return nsor.Errorf(nsor.KindForbidden, "approval.own_proposal", "Another administrator must decide what you proposed.")
	case p.TargetID == a.ID():
		return nsor.Errorf(nsor.KindForbidden, "approval.about_yourself", "Another administrator must decide a change to your own account.")
	}
	return nil
}

// Decline declines a pending proposal (an administrator other than its
// proposer and its subject); nothing of it takes effect.
func (s *Service) Decline(ctx context.Context, a *nsor.Actor, id int64) (*nsor.Approval, error) {
	var p *nsor.Approval
	err := s.do(ctx, a, "approval.decline", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("approval", id)
		if err := requireAdmin(a); err != nil {
			return err
		}
		var err error
		if p, err = tx.Approval(id); err != nil {
			return err
		}
		if err := s.decidable(a, p); err != nil {
			return err
		}
		detail(rec, "approval_kind", p.Kind)
		p.State, p.DecidedBy, p.DecidedAt = nsor.ApprovalDeclined, a.ID(), s.now()
		return tx.DecideApproval(p)
	})
	return p, err
}

// Approve approves a pending proposal (an administrator other than its
// proposer and its subject) and carries it out in the same transaction. New
// credentials or a token secret are returned here, once, to the approver.
// The slow work (argon2id, a TOTP secret) is done before the transaction.
func (s *Service) Approve(ctx context.Context, a *nsor.Actor, id int64) (*nsor.AccountResult, error) {
	if err := requireAdmin(a); err != nil { // before any slow work
		rec := s.record(a, "approval.approve")
		rec.Object = object("approval", id)
		return nil, s.refused(ctx, rec, err)
	}
	prep, err := s.prepareApproval(ctx, id)
	if err != nil {
		return nil, s.refusedBusy(ctx, a, "approval.approve", "approval", id, err)
	}
	var out *nsor.AccountResult
	err = s.do(ctx, a, "approval.approve", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("approval", id)
		p, err := tx.Approval(id)
		if err != nil {
			return err
		}
		if err := s.decidable(a, p); err != nil {
			return err
		}
		detail(rec, "approval_kind", p.Kind)
		p.State, p.DecidedBy, p.DecidedAt = nsor.ApprovalApproved, a.ID(), s.now()
		if err := tx.DecideApproval(p); err != nil {
			return err
		}
		if out, err = s.carryOut(tx, p, prep, rec); err != nil {
			return err
		}
		out.Approval = p
		return nil
	})
	return out, err
}
