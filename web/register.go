package web

import (
	"net/http"

	"nsor"
)

type recordBody struct {
	Record nsor.RecordInput `json:"record"`
	Reason string           `json:"reason"`
}

// versionResponse is a proposed change with the warnings its entry raised.
type versionResponse struct {
	*nsor.OffenderVersion
	Warnings []nsor.Warning `json:"warnings,omitempty"`
}

func (s *Server) proposeRecord(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b recordBody
	body, err := decode(r, &b)
	if err != nil {
		return err
	}
	v, warn, err := s.svc.ProposeRecord(r.Context(), a, b.Record, b.Reason, idempotency(r, body))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, versionResponse{OffenderVersion: v, Warnings: warn})
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, vs, err := s.svc.Record(r.Context(), a, id, r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	out := recordView(o)
	out.Versions = vs
	return writeJSON(w, http.StatusOK, out)
}

type changeBody struct {
	Record *nsor.RecordInput `json:"record,omitempty"`
	Remove bool              `json:"remove,omitempty"`
	Reason string            `json:"reason"`
}

func (s *Server) proposeChange(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b changeBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	v, warn, err := s.svc.ProposeChange(r.Context(), a, id, b.Record, b.Remove, b.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, versionResponse{OffenderVersion: v, Warnings: warn})
}

type checkBody struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note,omitempty"`
}

func (s *Server) checkChange(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	var b checkBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	o, err := s.svc.CheckChange(r.Context(), a, id, int(n), b.Approve, b.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recordView(o))
}

func (s *Server) pendingChanges(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	vs, err := s.svc.PendingChanges(r.Context(), a, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, vs)
}

type registerSearchBody struct {
	Name    string `json:"name,omitempty"`
	CNIC    string `json:"cnic,omitempty"`
	Purpose string `json:"purpose"`
}

// searchRegister is a registrar's maintenance search. It is a POST so that
// the terms, which identify people, never appear in a URL or an access log.
func (s *Server) searchRegister(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b registerSearchBody
	body, err := decode(r, &b)
	if err != nil {
		return err
	}
	p, err := readPage(r, body)
	if err != nil {
		return err
	}
	os, err := s.svc.SearchRecords(r.Context(), a, nsor.SearchTerms{Name: b.Name, CNIC: b.CNIC}, b.Purpose, p)
	if err != nil {
		return err
	}
	out := nsor.Paged[recordResponse]{Items: make([]recordResponse, len(os.Items)), Next: os.Next}
	for i, o := range os.Items {
		out.Items[i] = recordView(o)
	}
	return writePage(w, r, body, out)
}
