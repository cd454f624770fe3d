package web

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"
)

// TestEveryOperationHasDefault: a client generated from the document has a
// type for every refusal, including those no operation lists (405, a code
// added later), only if every operation has a default problem response.
func TestEveryOperationHasDefault(t *testing.T) {
	doc := loadOpenAPI(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			d := op.Responses.Default()
			if d == nil || d.Value == nil || d.Value.Content.Get("application/problem+json") == nil {
				t.Errorf("%s %s has no default problem response", method, path)
			}
		}
	}
}

// TestNoEmptyEnumMember: "" is not a value of any enumeration; a member
// that can be empty is left out instead (generators make a nameless
// constant of "").
func TestNoEmptyEnumMember(t *testing.T) {
	var doc any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if enum, ok := x["enum"].([]any); ok && slices.Contains(enum, any("")) {
				t.Errorf("%s: enum %v has the member \"\"", path, enum)
			}
			for k, y := range x {
				walk(path+"/"+k, y)
			}
		case []any:
			for i, y := range x {
				walk(path+"/"+strconv.Itoa(i), y)
			}
		}
	}
	walk("#", doc)
}
