package web

import (
	"net/http"
	"strconv"

	"nsor"
)

// firResponse is an FIR with the warnings its entry raised.
type firResponse struct {
	*nsor.FIR
	Warnings []nsor.Warning `json:"warnings,omitempty"`
}

func (s *Server) listFIRs(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	fs, err := s.svc.FIRs(r.Context(), a, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, fs)
}

func (s *Server) createFIR(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b nsor.FIRInput
	body, err := decode(r, &b)
	if err != nil {
		return err
	}
	f, warn, err := s.svc.CreateFIR(r.Context(), a, b, idempotency(r, body))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/firs/"+strconv.FormatInt(f.ID, 10))
	return writeJSON(w, http.StatusCreated, firResponse{FIR: f, Warnings: warn})
}

func (s *Server) getFIR(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.svc.FIR(r.Context(), a, id)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(f.Version))
	return writeJSON(w, http.StatusOK, firResponse{FIR: f})
}

// putFIRCopy takes the file as the raw body; its type is read from its bytes.
func (s *Server) putFIRCopy(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := readBody(r, s.svc.Config().MaxUpload+1)
	if nsor.KindOf(err) == nsor.KindTooLarge {
		return nsor.ErrUploadTooLarge(s.svc.Config().MaxUpload)
	} else if err != nil {
		return err
	}
	seen, err := firSeen(r)
	if err != nil {
		return err
	}
	ref, err := s.svc.PutFIRCopy(r.Context(), a, id, seen, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ref)
}

type accusedBody struct {
	Accused nsor.AccusedInput `json:"accused"`
	Reason  string            `json:"reason"`
}

type accusedResponse struct {
	*nsor.Accused
	Warnings []nsor.Warning `json:"warnings,omitempty"`
}

func (s *Server) addAccused(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b accusedBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	seen, err := firSeen(r)
	if err != nil {
		return err
	}
	acc, warn, err := s.svc.AddAccused(r.Context(), a, id, seen, b.Accused, b.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, accusedResponse{Accused: acc, Warnings: warn})
}

func (s *Server) amendAccused(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	var b accusedBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	seen, err := firSeen(r)
	if err != nil {
		return err
	}
	acc, warn, err := s.svc.AmendAccused(r.Context(), a, id, aid, seen, b.Accused, b.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, accusedResponse{Accused: acc, Warnings: warn})
}

type transferBody struct {
	IOUserID int64  `json:"io_user_id"`
	Reason   string `json:"reason"`
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b transferBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	seen, err := firSeen(r)
	if err != nil {
		return err
	}
	f, err := s.svc.Transfer(r.Context(), a, id, seen, b.IOUserID, b.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(f.Version))
	return writeJSON(w, http.StatusOK, firResponse{FIR: f})
}

// firSeen is the FIR version of If-Match, if any, for the service: a change
// of an FIR made from a version that is no longer current is 409
// version.stale. Without If-Match (0) the change is made (docs/adr/0005).
func firSeen(r *http.Request) (int, error) { return version(r, 0) }
