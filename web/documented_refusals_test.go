package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"nsor/client"
)

// TestRefusalsAreDocumented: refusals the server gives that the document
// did not list for their call (400 query.boolean on notifications, 415 on
// trace, 413 on the auditor's calls) are produced here through the
// validating client, which fails on a status the operation does not list.
func TestRefusalsAreDocumented(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io, auditor := e.login(c.io1), e.login(c.auditor)
	_, err := io.Do(e.ctx, http.MethodGet, "/api/v1/notifications?unread=maybe", nil, nil)
	problem(t, "notifications?unread=maybe", err, http.StatusBadRequest, "query.boolean")
	_, err = auditor.Do(e.ctx, http.MethodPost, "/api/v1/audit/trace", []byte("a leaked copy"), nil,
		client.Header{Key: "Content-Type", Value: "text/plain"})
	problem(t, "trace as text/plain", err, http.StatusUnsupportedMediaType, "body.content_type")
	big := []byte(`{"cnic":"` + strings.Repeat("9", 2<<20) + `"}`)
	for _, path := range []string{"/api/v1/audit/who", "/api/v1/audit/cases"} {
		_, err = auditor.Do(e.ctx, http.MethodPost, path, bytes.Clone(big), nil, client.Header{Key: "Content-Type", Value: "application/json"})
		problem(t, "2 MB body to "+path, err, http.StatusRequestEntityTooLarge, "body.too_large")
	}
}
