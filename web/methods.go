package web

import (
	"net/http"
	"strings"

	"nsor"
)

// probeMethods are the methods a path is tried with to learn which it has.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// actPattern is the route of the request acts, which has a method only for
// the acts that exist.
const actPattern = "POST /api/v1/requests/{id}/{action}"

// allowed lists the methods the server has for r's path, in the order of
// probeMethods; none when the path is not the API's.
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		_, pattern := s.mux.Handler(probe)
		switch {
		case pattern == "" || !strings.Contains(pattern, " "): // the catch-all, or no route
			continue
		case pattern == actPattern && acts[lastSegment(r.URL.Path)] == nil:
			continue
		}
		out = append(out, m)
	}
	return out
}

func lastSegment(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }

// unrouted answers a call no route takes: 405 with Allow (RFC 9110 section
// 15.5.6) when the path has other methods, else 404 route.not_found.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) error {
	methods := s.allowed(r)
	if len(methods) == 0 {
		return notFoundRoute()
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	return &nsor.Error{Kind: nsor.KindMethodNotAllowed, Code: "route.method_not_allowed",
		Message: "This path does not take " + r.Method + "; it takes " + strings.Join(methods, ", ") + "."}
}
