package web

import (
	"net/http"
	"time"

	"nsor"
)

type signInBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Code     string `json:"code"`
}

// tokenResponse is what a sign-in or a machine token issue returns; the
// secret appears only here.
type tokenResponse struct {
	Token     string     `json:"token"`
	TokenID   int64      `json:"token_id"`
	ExpiresAt time.Time  `json:"expires_at"`
	Scopes    []string   `json:"scopes"`
	User      *nsor.User `json:"user,omitempty"`
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	var b signInBody
	if _, err := decodeAtMost(r, &b, maxSignIn); err != nil {
		return err
	}
	secret, tok, u, err := s.svc.SignIn(r.Context(), b.Username, b.Password, b.Code, client(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, tokenResponse{Token: secret, TokenID: tok.ID, ExpiresAt: tok.ExpiresAt, Scopes: tok.Scopes, User: u})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	if err := s.svc.SignOut(r.Context(), a); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type meResponse struct {
	User         *nsor.User         `json:"user"`
	Jurisdiction *nsor.Jurisdiction `json:"jurisdiction"`
	Token        *nsor.Token        `json:"token"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	return writeJSON(w, http.StatusOK, meResponse{User: a.User, Jurisdiction: a.Jurisdiction, Token: a.Token})
}

type passwordBody struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
	Code    string `json:"code"`
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b passwordBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(r.Context(), a, b.Current, b.New, b.Code); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
