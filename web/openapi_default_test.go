package web

import "testing"

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
