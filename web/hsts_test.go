package web_test

import (
	"net/http/httptest"
	"testing"

	"nsor/web"
)

// TestHSTSOverTLS: every response served over TLS, an error too, carries
// Strict-Transport-Security (RFC 6797); over plain HTTP (behind a TLS
// proxy, which sets its own) none does.
func TestHSTSOverTLS(t *testing.T) {
	e := newEnv(t)
	tlsSrv := httptest.NewTLSServer(web.New(e.svc, web.Options{}))
	t.Cleanup(tlsSrv.Close)
	for _, path := range []string{"/healthz", "/api/v1/requests", "/api/v1/no-such-call"} {
		resp, err := tlsSrv.Client().Get(tlsSrv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("GET %s over TLS: Strict-Transport-Security = %q, want max-age=31536000; includeSubDomains", path, got)
		}
	}
	resp, err := e.srv.Client().Get(e.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("GET /healthz over plain HTTP: Strict-Transport-Security = %q, want none", got)
	}
}
