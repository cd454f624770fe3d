package web

import (
	"mime"
	"net/http"
	"strconv"

	"nsor"
)

// maxImportAPI bounds an import sent through the API: about 150,000 rows.
// A larger file is imported with nsor import at the server, which resumes
// after an interruption without sending the file again.
const maxImportAPI = 64 << 20

// importFormats are the media types an import's body may be declared as.
var importFormats = map[string]nsor.ImportFormat{
	"text/csv": nsor.ImportCSV, "application/x-ndjson": nsor.ImportJSONL, "application/jsonl": nsor.ImportJSONL,
	"application/json-lines": nsor.ImportJSONL,
}

// importRecords imports the body, a CSV or JSON-lines file, as the
// registrar's batch. Sending the same file again resumes or returns its
// batch: the file's content is its identity, so no idempotency key is
// needed.
func (s *Server) importRecords(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	format, ok := importFormats[mt]
	if !ok {
		return &nsor.Error{Kind: nsor.KindUnsupportedMedia, Code: "body.content_type",
			Message: "Send the file as text/csv or application/x-ndjson (JSON lines)."}
	}
	data, err := readBody(r, maxImportAPI)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "import." + string(format)
	}
	b, err := s.svc.ImportRecords(r.Context(), a, nsor.ImportFile{Name: name, Format: format, Content: data}, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// importReport is a batch with a page of its per-row report.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	after, limit := 0, 100
	for name, into := range map[string]*int{"after": &after, "limit": &limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && (n < 1 || n > 1000)) {
				return nsor.Invalid(name, "query."+map[string]string{"after": "cursor", "limit": "limit"}[name],
					"after is a line number; limit is 1 to 1000.")
			}
			*into = n
		}
	}
	rep, err := s.svc.ImportReport(r.Context(), a, id, after, limit, q.Get("rows") == "all")
	if err != nil {
		return err
	}
	if rep.Rows == nil {
		rep.Rows = []*nsor.ImportRow{}
	}
	return writeJSON(w, http.StatusOK, rep)
}

type approveImportBody struct {
	Note string `json:"note,omitempty"`
}

// approveImport is a second registrar's approval of a batch.
func (s *Server) approveImport(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var b approveImportBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	out, err := s.svc.ApproveImport(r.Context(), a, id, b.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
