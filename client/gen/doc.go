// Package gen is the Go client of nsor's JSON API generated from
// web/openapi.yaml by oapi-codegen, without edits: it shows that the
// document is enough to build a working client (web/genclient_test.go walks
// the whole procedure through it). Regenerate after changing the document:
//
//	go generate ./client/gen
//
// The hand-written client of the tests and the CLI is nsor/client.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../web/openapi.yaml
