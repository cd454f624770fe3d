package web

import (
	"net/http"
	"time"

	"nsor"
)

func (s *Server) listJurisdictions(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	js, err := s.svc.Jurisdictions(r.Context(), p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, js)
}

type jurisdictionBody struct {
	Kind     nsor.JurisdictionKind `json:"kind"`
	Code     string                `json:"code"`
	Name     string                `json:"name"`
	ParentID int64                 `json:"parent_id"`
	Head     nsor.DistrictHead     `json:"head,omitempty"`
}

func (s *Server) createJurisdiction(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b jurisdictionBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	j := &nsor.Jurisdiction{Kind: b.Kind, Code: b.Code, Name: b.Name, ParentID: b.ParentID, Head: b.Head}
	if err := s.svc.CreateJurisdiction(r.Context(), a, j); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, j)
}

func (s *Server) updateJurisdiction(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b jurisdictionPatch
	if err := decodePatch(r, &b); err != nil {
		return err
	}
	patch, err := b.domain()
	if err != nil {
		return err
	}
	if patch.Version, err = version(r, b.Version); err != nil {
		return err
	}
	j, err := s.svc.UpdateJurisdiction(r.Context(), a, id, patch)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(j.Version))
	return writeJSON(w, http.StatusOK, j)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	us, err := s.svc.Users(r.Context(), a, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, us)
}

// userCreated is a new account with its credentials, shown once.
type userCreated struct {
	User        *nsor.User        `json:"user"`
	Credentials *nsor.Credentials `json:"credentials"`
}

// pending is the answer to an act that waits for a second administrator.
type pending struct {
	Approval *nsor.Approval `json:"approval"`
}

func writePending(w http.ResponseWriter, p *nsor.Approval) error {
	return writeJSON(w, http.StatusAccepted, pending{Approval: p})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b nsor.NewUser
	if _, err := decode(r, &b); err != nil {
		return err
	}
	out, err := s.svc.AddUser(r.Context(), a, b)
	if err != nil {
		return err
	}
	if out.Pending() {
		return writePending(w, out.Approval)
	}
	return writeJSON(w, http.StatusCreated, userCreated{User: out.User, Credentials: out.Credentials})
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b userPatch
	if err := decodePatch(r, &b); err != nil {
		return err
	}
	patch, err := b.domain()
	if err != nil {
		return err
	}
	u, p, err := s.svc.UpdateUser(r.Context(), a, id, patch)
	if err != nil {
		return err
	}
	if p != nil {
		return writePending(w, p)
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) resetCredentials(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	creds, p, err := s.svc.ResetCredentials(r.Context(), a, id)
	if err != nil {
		return err
	}
	if p != nil {
		return writePending(w, p)
	}
	return writeJSON(w, http.StatusOK, creds)
}

type tokenBody struct {
	UserID         int64    `json:"user_id"`
	Name           string   `json:"name"`
	Scopes         []string `json:"scopes"`
	ExpiresInHours int      `json:"expires_in_hours"`
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b tokenBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	ttl := time.Duration(-1) // out of bounds: refused by the service as token.lifetime
	if b.ExpiresInHours > 0 && b.ExpiresInHours <= nsor.MaxTokenHours {
		ttl = time.Duration(b.ExpiresInHours) * time.Hour // bounded before it is multiplied
	}
	out, err := s.svc.IssueMachineToken(r.Context(), a, b.UserID, b.Name, b.Scopes, ttl)
	if err != nil {
		return err
	}
	if out.Pending() {
		return writePending(w, out.Approval)
	}
	tok := out.TokenInfo
	return writeJSON(w, http.StatusCreated, tokenResponse{Token: out.Token, TokenID: tok.ID, ExpiresAt: tok.ExpiresAt, Scopes: tok.Scopes})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// serviceAccountTokens lists a service account's tokens, without secrets.
func (s *Server) serviceAccountTokens(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ts, err := s.svc.ServiceAccountTokens(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeList(w, ts)
}
