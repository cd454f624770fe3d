package web

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"

	"nsor"
)

func writeRequest(w http.ResponseWriter, status int, v *nsor.RequestView) error {
	w.Header().Set("ETag", etag(v.Version))
	return writeJSON(w, status, v)
}

func (s *Server) listRequests(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	overdue, err := boolQuery(r, "overdue")
	if err != nil {
		return err
	}
	q := nsor.RequestQuery{Overdue: overdue, Page: p}
	for _, st := range r.URL.Query()["state"] {
		if !isState(st) {
			return badBody("state", "query.state", "Unknown state \""+st+"\".")
		}
		q.States = append(q.States, nsor.State(st))
	}
	vs, err := s.svc.Requests(r.Context(), a, q)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, vs)
}

func isState(s string) bool {
	for _, x := range nsor.States {
		if string(x) == s {
			return true
		}
	}
	return false
}

func (s *Server) createRequest(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b nsor.RequestInput
	body, err := decode(r, &b)
	if err != nil {
		return err
	}
	v, err := s.svc.CreateRequest(r.Context(), a, b, idempotency(r, body))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/requests/"+strconv.FormatInt(v.ID, 10))
	return writeRequest(w, http.StatusCreated, v)
}

func (s *Server) getRequest(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Request(r.Context(), a, id)
	if err != nil {
		return err
	}
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag(v.Version) {
		w.Header().Set("ETag", match)
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	return writeRequest(w, http.StatusOK, v)
}

func (s *Server) editRequest(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b requestPatch
	if err := decodePatch(r, &b); err != nil {
		return err
	}
	patch, err := b.domain()
	if err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	view, err := s.svc.PatchRequest(r.Context(), a, id, v, patch)
	if err != nil {
		return err
	}
	return writeRequest(w, http.StatusOK, view)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	es, err := s.svc.Events(r.Context(), a, id, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, es)
}

// submissionView shows the Annexure A of a submission as JSON.
type submissionView struct {
	N         int             `json:"n"`
	At        any             `json:"submitted_at"`
	SHA256    string          `json:"sha256"`
	Annexure  json.RawMessage `json:"annexure"`
	Checklist *nsor.Checklist `json:"checklist,omitempty"`
	CheckedBy int64           `json:"checked_by,omitempty"`
}

func (s *Server) submissions(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	subs, err := s.svc.Submissions(r.Context(), a, id, p)
	if err != nil {
		return err
	}
	out := nsor.Paged[submissionView]{Items: make([]submissionView, len(subs.Items)), Next: subs.Next}
	for i, x := range subs.Items {
		out.Items[i] = submissionView{N: x.N, At: x.At, SHA256: x.SHA256, Annexure: x.Annexure, Checklist: x.Checklist, CheckedBy: x.CheckedBy}
	}
	return writePage(w, r, nil, out)
}

// firCopy serves the FIR copy as a download, never inline, with its digest.
func (s *Server) firCopy(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, _, err := s.svc.FIRCopy(r.Context(), a, id)
	if err != nil {
		return err
	}
	ext := map[string]string{"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[b.Type]
	w.Header().Set("Content-Type", b.Type)
	w.Header().Set("Content-Disposition", `attachment; filename="fir-copy.`+ext+`"`)
	sum, _ := hex.DecodeString(b.SHA256)
	w.Header().Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":") // RFC 9530
	_, err = w.Write(b.Data)
	return err
}

func (s *Server) readRelease(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.ReadRelease(r.Context(), a, id)
	if err != nil {
		return err
	}
	w.Header().Set("X-NSOR-Disclosure", v.Number)
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) searchForSuspect(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, sid, err := suspectPath(r)
	if err != nil {
		return err
	}
	var terms nsor.SearchTerms
	if r.ContentLength != 0 {
		if _, err := decode(r, &terms); err != nil {
			return err
		}
	}
	cs, err := s.svc.SearchRegister(r.Context(), a, id, sid, terms)
	if err != nil {
		return err
	}
	return writeList(w, cs)
}

func (s *Server) recordForRequest(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "rid")
	if err != nil {
		return err
	}
	o, err := s.svc.RecordForRequest(r.Context(), a, id, rid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recordView(o))
}

// recordResponse is a register record with its derived facts.
type recordResponse struct {
	*nsor.Offender
	Serial           bool                    `json:"serial_offender"`
	LastKnownAddress *nsor.Address           `json:"last_known_address,omitempty"`
	Versions         []*nsor.OffenderVersion `json:"versions,omitempty"`
}

func recordView(o *nsor.Offender) recordResponse {
	return recordResponse{Offender: o, Serial: o.Record.Serial(), LastKnownAddress: o.Record.LastKnownAddress()}
}
