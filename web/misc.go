package web

import (
	_ "embed"
	"encoding/hex"
	"net/http"

	"nsor"
)

func (s *Server) notifications(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	unread, err := boolQuery(r, "unread")
	if err != nil {
		return err
	}
	ns, err := s.svc.Notifications(r.Context(), a, unread, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, ns)
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.MarkRead(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	d, err := s.svc.Dashboard(r.Context(), a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// auditView is an audit record as an auditor reads it: identifiers only as
// their keyed hashes, and the stored bytes for independent checking.
type auditView struct {
	ID          int64             `json:"id"`
	At          any               `json:"at"`
	ActorID     int64             `json:"actor_id"`
	ActorRole   string            `json:"actor_role,omitempty"`
	TokenID     int64             `json:"token_id,omitempty"`
	Source      string            `json:"source"`
	Client      string            `json:"client,omitempty"`
	Action      string            `json:"action"`
	Outcome     string            `json:"outcome"`
	Code        string            `json:"code,omitempty"`
	Object      string            `json:"object,omitempty"`
	RequestID   int64             `json:"request_id,omitempty"`
	Purpose     string            `json:"purpose,omitempty"`
	Identifiers []identifierView  `json:"identifiers,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
	Data        []byte            `json:"data"`
}

type identifierView struct {
	Kind       string `json:"kind"`
	KeyVersion uint32 `json:"key_version"`
	MAC        string `json:"mac"`
}

func viewAudit(e *nsor.AuditEntry) auditView {
	r := e.Record
	v := auditView{ID: e.ID, At: r.At, ActorID: r.ActorID, ActorRole: r.ActorRole, TokenID: r.TokenID, Source: r.Source,
		Client: r.Client, Action: r.Action, Outcome: r.Outcome, Code: r.Code, Object: r.Object, RequestID: r.RequestID,
		Purpose: r.Purpose, Data: e.Data}
	for _, id := range r.Identifiers {
		v.Identifiers = append(v.Identifiers, identifierView{Kind: id.Kind, KeyVersion: id.KeyVersion, MAC: hex.EncodeToString(id.MAC[:])})
	}
	if len(r.Details) > 0 {
		v.Details = map[string]string{}
		for _, d := range r.Details {
			v.Details[d.Key] = d.Value
		}
	}
	return v
}

//go:generate go run ./internal/openapigen

//go:embed openapi.json
var openapiJSON []byte

// openapi serves the API's OpenAPI 3 document.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiJSON)
}
