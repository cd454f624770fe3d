package web

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"

	"nsor"
)

// sampleMeta reads what an uploader states beside the bytes, as query
// parameters: position, ppi, sample_type.
func sampleMeta(r *http.Request) (nsor.SampleMeta, error) {
	q := r.URL.Query()
	var m nsor.SampleMeta
	for _, p := range []struct {
		name string
		to   *int
	}{{"position", &m.Position}, {"ppi", &m.PPI}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return m, nsor.Invalid(p.name, "sample.meta", "Write "+p.name+" as a whole number.")
			}
			*p.to = n
		}
	}
	m.SampleType = q.Get("sample_type")
	return m, nil
}

// sampleBody reads a sample's raw body, up to the largest sample of any
// format; the format's own limit is the service's to apply.
func sampleBody(r *http.Request) ([]byte, error) {
	data, err := readBody(r, nsor.MaxTransactionSize+1)
	if nsor.KindOf(err) == nsor.KindTooLarge {
		return nil, nsor.Invalid("data", "sample.too_large", "A sample is at most 16 MiB (an ANSI/NIST-ITL transaction).")
	}
	return data, err
}

// uploadSample: POST /api/v1/register/samples?kind=&format=, the raw bytes as the body.
func (s *Server) uploadSample(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	meta, err := sampleMeta(r)
	if err != nil {
		return err
	}
	data, err := sampleBody(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	sm, err := s.svc.UploadSample(r.Context(), a, q.Get("kind"), q.Get("format"), data, meta)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/register/samples/"+sm.SHA256)
	return writeJSON(w, http.StatusCreated, sampleResponse{Sample: sm, Reference: nsor.SampleRef(sm.SHA256)})
}

// sampleResponse is a sample with the reference a record names it by.
type sampleResponse struct {
	*nsor.Sample
	Reference string `json:"reference"`
}

// getSample: GET /api/v1/register/samples/{sha}?purpose=, a registrar's read.
func (s *Server) getSample(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	sm, err := s.svc.Sample(r.Context(), a, r.PathValue("sha"), r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sampleResponse{Sample: sm, Reference: nsor.SampleRef(sm.SHA256)})
}

// sampleData: GET /api/v1/register/samples/{sha}/data?purpose=, a registrar's read
// of the bytes.
func (s *Server) sampleData(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	sm, data, err := s.svc.SampleData(r.Context(), a, r.PathValue("sha"), r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	return writeSample(w, sm, data)
}

// requestSampleData: GET /api/v1/requests/{id}/samples/{sha}/data, the
// analyst's read of a sample within the request.
func (s *Server) requestSampleData(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sm, data, err := s.svc.RequestSampleData(r.Context(), a, id, r.PathValue("sha"))
	if err != nil {
		return err
	}
	return writeSample(w, sm, data)
}

// writeSample serves a sample's bytes as a download, with their digest.
func writeSample(w http.ResponseWriter, sm *nsor.Sample, data []byte) error {
	sum, err := hex.DecodeString(sm.SHA256)
	if err != nil {
		return nsor.Internalf(err, "sample digest")
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+sm.SHA256[:16]+`.`+sm.Format+`"`)
	w.Header().Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":") // RFC 9530
	w.Header().Set("X-NSOR-Sample-Format", sm.Format)
	_, err = w.Write(data)
	return err
}

// attachRequestSample: POST /api/v1/requests/{id}/suspects/{sid}/samples?purpose=&format=,
// the raw bytes as the body.
func (s *Server) attachRequestSample(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, sid, err := suspectPath(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	meta, err := sampleMeta(r)
	if err != nil {
		return err
	}
	data, err := sampleBody(r)
	if err != nil {
		return err
	}
	rs, err := s.svc.AttachRequestSample(r.Context(), a, id, sid, q.Get("purpose"), q.Get("format"), data, meta)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rs)
}

// requestSamples: GET /api/v1/requests/{id}/samples.
func (s *Server) requestSamples(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rss, err := s.svc.RequestSamples(r.Context(), a, id)
	if err != nil {
		return err
	}
	if rss == nil {
		rss = []*nsor.RequestSample{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": rss})
}
