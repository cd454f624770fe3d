package web

import (
	"context"
	_ "embed"
	"html/template"
	"net/http"
	"time"

	"nsor"
)

// health answers 200 when the server can serve: the database answers. A
// server that refuses every change (KindUnavailable: its audit log is behind
// the checkpoint it exported) answers 503 with the refusal's code and
// message, so that the operator sees why.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			s.opts.Log.Error("health", "err", err)
			msg := "unavailable"
			if e := nsor.AsError(err); e.Kind == nsor.KindUnavailable {
				msg += ": " + e.Code + ": " + e.Message
			}
			http.Error(w, msg, http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func notFoundRoute() error {
	return nsor.Errorf(nsor.KindNotFound, "route.not_found", "There is no such API call; see /api/v1/openapi.json.")
}

//go:embed home.html
var homeHTML string

var homePage = template.Must(template.New("home").Parse(homeHTML))

// home is the landing page: what this server is, where the API is, and on a
// demo server the synthetic-data mark.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = homePage.Execute(w, struct{ Demo bool }{s.opts.Demo})
}
