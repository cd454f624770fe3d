package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// These tests hold web/openapi.yaml, web/openapi.json and web/routes.go
// together: the JSON served is the conversion of the YAML, the document is
// valid OpenAPI 3.0, and it names exactly the routes the server has. That
// every call of the end-to-end tests agrees with it is checked by the
// validating transport of openapi_validate_test.go.

// loadOpenAPI parses the embedded document, the one the server serves.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatalf("LoadFromData(openapi.json) = %v, want a document", err)
	}
	return doc
}

// TestOpenAPIJSONIsGenerated fails when openapi.json (embedded and on disk)
// is not what the generator makes of openapi.yaml: edit the YAML, then run
// `go generate ./web`. It runs the generator itself, as go generate does.
func TestOpenAPIJSONIsGenerated(t *testing.T) {
	out := filepath.Join(t.TempDir(), "openapi.json")
	cmd := exec.Command("go", "run", "./internal/openapigen", "-in", "openapi.yaml", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/openapigen = %v: %s, want openapi.json", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, want) {
		t.Errorf("openapi.json is not the conversion of openapi.yaml (%d bytes, want %d); run go generate ./web", len(onDisk), len(want))
	}
	if !bytes.Equal(openapiJSON, onDisk) {
		t.Errorf("embedded openapi.json = %d bytes, want the file's %d; rebuild", len(openapiJSON), len(onDisk))
	}
}

// TestOpenAPIValid validates the document as OpenAPI 3.0.3.
func TestOpenAPIValid(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("Validate(openapi.json) = %v, want nil", err)
	}
}

// TestOpenAPIServed checks that /api/v1/openapi.json serves the embedded
// document as JSON, without a token.
func TestOpenAPIServed(t *testing.T) {
	rec := httptest.NewRecorder()
	New(nil, Options{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || !bytes.Equal(rec.Body.Bytes(), openapiJSON) {
		t.Errorf("GET /api/v1/openapi.json = %d %q (%d bytes), want 200 application/json with the embedded document",
			rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
}

// routePattern matches a route registration of routes.go.
var routePattern = regexp.MustCompile(`m\.HandleFunc\("([^"]+)"`)

// routes reads the method-qualified patterns registered in routes.go. The
// landing page ("GET /{$}") and the catch-all without a method are not API
// calls.
func routes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range routePattern.FindAllSubmatch(src, -1) {
		p := string(m[1])
		if !strings.Contains(p, " ") || p == "GET /{$}" {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 40 {
		t.Fatalf("routes(routes.go) = %d routes, want the API's (at least 40); has routes.go changed shape?", len(out))
	}
	return out
}

// documented returns the document's operations as "METHOD /path".
func documented(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	sort.Strings(out)
	return out
}

// expand turns a route into the operations that document it: the acts on a
// request are one route ("POST .../{action}") but one operation each, since
// each takes its own body.
func expand(route string) []string {
	if !strings.Contains(route, "{action}") {
		return []string{route}
	}
	var out []string
	for act := range acts {
		out = append(out, strings.Replace(route, "{action}", act, 1))
	}
	sort.Strings(out)
	return out
}

// TestOpenAPICoversRoutes fails when a route of routes.go is missing from
// the document, or when the document names a call the server does not route.
func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	ops := documented(doc)
	var want []string
	for _, r := range routes(t) {
		want = append(want, expand(r)...)
	}
	missing, extra := compareOps(ops, want)
	for _, w := range missing {
		t.Errorf("document lacks %s, a route of routes.go", w)
	}
	for _, op := range extra {
		t.Errorf("document names %s, which routes.go does not route", op)
	}
}

// compareOps returns the operations of want missing from ops, and those of
// ops not in want.
func compareOps(ops, want []string) (missing, extra []string) {
	for _, w := range want {
		if !slices.Contains(ops, w) {
			missing = append(missing, w)
		}
	}
	for _, op := range ops {
		if !slices.Contains(want, op) {
			extra = append(extra, op)
		}
	}
	return missing, extra
}

// TestOpenAPIRoutesParsed checks the parse of routes.go against the server's
// own mux: each parsed route, with its wildcards filled in, is served by
// exactly that pattern.
func TestOpenAPIRoutesParsed(t *testing.T) {
	s := New(nil, Options{})
	for _, r := range routes(t) {
		method, path, _ := strings.Cut(r, " ")
		url := regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "1")
		_, got := s.mux.Handler(httptest.NewRequest(method, url, nil))
		if got != r {
			t.Errorf("mux.Handler(%s %s) pattern = %q, want %q", method, url, got, r)
		}
	}
}

// public are the operations that need no token.
var public = []string{"GET /healthz", "GET /api/v1/openapi.json", "POST /api/v1/auth/token",
	"GET /api/v1/audit/checkpoint", "GET /api/v1/audit/consistency"}

// TestOpenAPIOperations checks what every operation must say: an ID, a
// summary and a description in an officer's words, the bearer scheme unless
// public, 401 and 500 when it needs a token, and a problem document for every
// error status.
func TestOpenAPIOperations(t *testing.T) {
	doc := loadOpenAPI(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.OperationID == "" || op.Summary == "" || len(op.Description) < 80 {
				t.Errorf("%s: operationId %q, summary %q, description of %d characters; want all three, the description saying who may call it",
					name, op.OperationID, op.Summary, len(op.Description))
			}
			checkSecurity(t, name, op)
			checkProblems(t, name, op)
		}
	}
}

func checkSecurity(t *testing.T, name string, op *openapi3.Operation) {
	t.Helper()
	isPublic := slices.Contains(public, name)
	if isPublic != (op.Security != nil && len(*op.Security) == 0) {
		t.Errorf("%s: security = %v, want none exactly when public (%v)", name, op.Security, isPublic)
	}
	if !isPublic && (op.Responses.Value("401") == nil || op.Responses.Value("500") == nil) {
		t.Errorf("%s: responses lack 401 or 500, which every authenticated call can answer", name)
	}
}

func checkProblems(t *testing.T, name string, op *openapi3.Operation) {
	t.Helper()
	for code, resp := range op.Responses.Map() {
		if code < "400" || strings.HasPrefix(name, "GET /healthz") {
			continue
		}
		mt := resp.Value.Content.Get("application/problem+json")
		if mt == nil || mt.Schema == nil || mt.Schema.Ref != "#/components/schemas/Problem" {
			t.Errorf("%s: response %s is not an application/problem+json Problem", name, code)
		}
	}
}

// TestOpenAPIClosedObjects fails when an object schema with properties does
// not refuse others (additionalProperties: false): the server refuses unknown
// fields in every JSON body, and a field it starts to emit undescribed must
// fail the tests.
func TestOpenAPIClosedObjects(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, ref := range doc.Components.Schemas {
		for _, at := range openObjects(ref, "#/components/schemas/"+name) {
			t.Errorf("%s: additionalProperties is not false, want false", at)
		}
	}
}

// openObjects returns where, inside ref, an object schema with properties
// admits others.
func openObjects(ref *openapi3.SchemaRef, at string) []string {
	var out []string
	walkSchema(ref, at, map[*openapi3.Schema]bool{}, func(s *openapi3.Schema, at string) {
		if len(s.Properties) > 0 && (s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) {
			out = append(out, at)
		}
	})
	return out
}

// walkSchema calls fn on ref's schema and every schema inside it, once each.
func walkSchema(ref *openapi3.SchemaRef, at string, seen map[*openapi3.Schema]bool, fn func(*openapi3.Schema, string)) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	fn(s, at)
	for name, p := range s.Properties {
		walkSchema(p, at+"/properties/"+name, seen, fn)
	}
	walkSchema(s.Items, at+"/items", seen, fn)
	walkSchema(s.AdditionalProperties.Schema, at+"/additionalProperties", seen, fn)
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for i, x := range list {
			walkSchema(x, at+"/"+strings.Repeat("*", i+1), seen, fn)
		}
	}
}

// TestOpenAPINoNulls fails on a null anywhere in the document: in YAML, an
// unquoted comma inside a flow mapping ({description: a, b}) silently makes
// a key "b" with a null value, and the text is lost.
func TestOpenAPINoNulls(t *testing.T) {
	var doc any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatalf("json.Unmarshal(openapi.json) = %v, want a document", err)
	}
	walkJSON(doc, "", func(at string) {
		t.Errorf("openapi.json%s = null, want a value (quote text with commas in openapi.yaml)", at)
	})
}

// walkJSON calls null with the JSON pointer of every null inside v.
func walkJSON(v any, at string, null func(at string)) {
	switch x := v.(type) {
	case nil:
		null(at)
	case map[string]any:
		for k, e := range x {
			walkJSON(e, at+"/"+k, null)
		}
	case []any:
		for i, e := range x {
			walkJSON(e, at+"/"+strconv.Itoa(i), null)
		}
	}
}

// TestOpenAPIChecksCatchPlantedBugs is the planted-bug control of the checks
// above: a route missing from the document, a path the server does not
// route, an open object and a null must each be reported.
func TestOpenAPIChecksCatchPlantedBugs(t *testing.T) {
	missing, extra := compareOps([]string{"GET /a", "GET /planted"}, []string{"GET /a", "POST /a"})
	if !slices.Equal(missing, []string{"POST /a"}) || !slices.Equal(extra, []string{"GET /planted"}) {
		t.Errorf("compareOps(planted) = %v, %v, want [POST /a], [GET /planted]", missing, extra)
	}
	open := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"},
		Properties: openapi3.Schemas{"inner": &openapi3.SchemaRef{Value: &openapi3.Schema{
			Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"x": openapi3.NewStringSchema().NewRef()}}}},
		AdditionalProperties: openapi3.AdditionalProperties{Has: new(false)}}}
	if got := openObjects(open, "#"); !slices.Equal(got, []string{"#/properties/inner"}) {
		t.Errorf("openObjects(planted) = %v, want [#/properties/inner]", got)
	}
	var nulls []string
	walkJSON(map[string]any{"a": map[string]any{"b": nil}, "c": []any{1.0, nil}}, "", func(at string) { nulls = append(nulls, at) })
	sort.Strings(nulls)
	if !slices.Equal(nulls, []string{"/a/b", "/c/1"}) {
		t.Errorf("walkJSON(planted) nulls = %v, want [/a/b /c/1]", nulls)
	}
}
