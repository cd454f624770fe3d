package web

import (
	"net/http"

	"nsor"
)

// Service accounts and the second administrator's approvals
// (docs/adr/0014-no-impersonation.md).

func (s *Server) createServiceAccount(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b nsor.NewServiceAccount
	if _, err := decode(r, &b); err != nil {
		return err
	}
	out, err := s.svc.CreateServiceAccount(r.Context(), a, b)
	if err != nil {
		return err
	}
	if out.Pending() {
		return writePending(w, out.Approval)
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) listApprovals(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	state := nsor.ApprovalState(r.URL.Query().Get("state"))
	switch state {
	case "", nsor.ApprovalPending, nsor.ApprovalApproved, nsor.ApprovalDeclined, nsor.ApprovalExpired:
	default:
		return badBody("state", "approval.state_unknown", "Choose state pending, approved, declined or expired.")
	}
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	ps, err := s.svc.Approvals(r.Context(), a, state, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, ps)
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := s.svc.Approve(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) decline(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.Decline(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
