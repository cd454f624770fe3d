package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"nsor"
)

// retryAfter is the Retry-After of a 503 (RFC 9110, 10.2.3), in seconds:
// long enough for a database to restart or a connection to free up, short
// enough that a client's retry finds the system back.
const retryAfter = "30"

// Problem is an RFC 9457 problem document with nsor's extensions: the stable
// code and the offending fields.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Code   string            `json:"code"`
	Errors []nsor.FieldError `json:"errors,omitempty"`
	Ref    string            `json:"ref,omitempty"`
}

func writeProblem(w http.ResponseWriter, e *nsor.Error) {
	status := e.Kind.HTTPStatus()
	p := Problem{Type: "urn:nsor:problem:" + e.Code, Title: http.StatusText(status), Status: status,
		Detail: e.Message, Code: e.Code, Errors: e.Fields, Ref: e.Ref}
	w.Header().Set("Content-Type", "application/problem+json")
	switch {
	case e.RetryAfter > 0:
		// Whole seconds, rounded up (RFC 9110 section 10.2.3).
		w.Header().Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	case status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON writes v with status, its instants in the API's one form
// (instant.go).
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(fixInstants(b), '\n'))
	return err
}

// list is the envelope of every listing, so that paging can be added
// without breaking clients.
type list[T any] struct {
	Items []T `json:"items"`
}

func writeList[T any](w http.ResponseWriter, items []T) error {
	if items == nil {
		items = []T{}
	}
	return writeJSON(w, http.StatusOK, list[T]{Items: items})
}

// etag is a request's version as an entity tag.
func etag(version int) string { return `"v` + strconv.Itoa(version) + `"` }
