package web

import (
	"net/http"

	"nsor"
)

// One node of the hierarchy, read directly, with its version as the ETag
// for a change (If-Match).
func (s *Server) getJurisdiction(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.svc.Jurisdiction(r.Context(), a, id)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(j.Version))
	return writeJSON(w, http.StatusOK, j)
}

// One account, read directly by an administrator.
func (s *Server) getUser(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.svc.User(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// recordCheckBody is a record to check before it is entered, with the purpose
// of the check (it shows register records, so it is recorded).
type recordCheckBody struct {
	Record  nsor.RecordInput `json:"record"`
	Purpose string           `json:"purpose"`
}

// checkRecord checks a record without entering it: the refusals an entry
// would meet, its warnings and the records it may duplicate.
func (s *Server) checkRecord(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b recordCheckBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	chk, err := s.svc.CheckRecord(r.Context(), a, b.Record, b.Purpose)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, chk)
}

// listImports lists the import batches, newest first.
func (s *Server) listImports(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	bs, err := s.svc.ImportBatches(r.Context(), a, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, bs)
}
