package web

import (
	"bytes"
	"net/http"

	"nsor"
)

// printRelease serves the printable page of a release, marked for its
// reader. The page holds no script and no image, so its policy allows
// nothing but its own inline style.
func (s *Server) printRelease(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, v, err := s.svc.PrintRelease(r.Context(), a, id)
	if err != nil {
		return err
	}
	if s.opts.Demo {
		page = bytes.Replace(page, []byte("<body>\n"), []byte("<body>\n"+demoBanner), 1)
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-NSOR-Disclosure", v.Number)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(page)
	return err
}

// traceDisclosure answers an auditor's trace of a disclosure number or of
// text copied from a leaked page.
func (s *Server) traceDisclosure(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var q nsor.TraceQuery
	if _, err := decode(r, &q); err != nil {
		return err
	}
	t, err := s.svc.TraceDisclosure(r.Context(), a, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// demoBanner marks the printable page of a demo server as synthetic data,
// as every page of a demo server is (README.md).
const demoBanner = `<p style="font:bold 12pt sans-serif;color:#a00;border:2px solid #a00;padding:.3em;text-align:center">` +
	"SYNTHETIC DATA: a demonstration server; no real person is named.</p>\n"
