package web_test

import (
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestWrongMethodIs405: every path of the document, called with a method it
// does not have, answers 405 route.method_not_allowed with an Allow header
// that lists the methods the document gives the path (RFC 9110 section
// 15.5.5), not 404 as if the path did not exist.
func TestWrongMethodIs405(t *testing.T) {
	e := newEnv(t)
	token := e.login(e.users["admin"]).Token
	data, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	tried := 0
	for path, item := range doc.Paths.Map() {
		has := slices.Sorted(func(yield func(string) bool) {
			for m := range item.Operations() {
				if !yield(m) {
					return
				}
			}
		})
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if slices.Contains(has, m) || (m == http.MethodGet && path == "/") {
				continue
			}
			req, _ := http.NewRequestWithContext(e.ctx, m, e.srv.URL+param.ReplaceAllString(path, "1"), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			tried++
			allow := strings.Split(resp.Header.Get("Allow"), ", ")
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", m, path, resp.StatusCode)
				continue
			}
			for _, want := range has {
				if !slices.Contains(allow, want) {
					t.Errorf("%s %s: Allow = %q, want it to list %s", m, path, resp.Header.Get("Allow"), want)
				}
			}
			for _, got := range allow {
				if got != http.MethodHead && !slices.Contains(has, got) {
					t.Errorf("%s %s: Allow = %q lists %s, which the document does not give the path", m, path, resp.Header.Get("Allow"), got)
				}
			}
		}
	}
	if tried < 100 {
		t.Errorf("tried %d wrong methods, want every path's", tried)
	}
}
