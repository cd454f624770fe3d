// Command openapigen writes web/openapi.json, the document the server serves
// at /api/v1/openapi.json, from its source web/openapi.yaml. Run it with
// `go generate ./web`; web/openapi_test.go runs it too, and fails when the
// committed JSON is not its output, so that the two cannot drift.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

func main() {
	in := flag.String("in", "openapi.yaml", "the OpenAPI document in YAML")
	out := flag.String("out", "openapi.json", "where to write it as JSON")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapigen:", err)
		os.Exit(1)
	}
}

// run converts the file in to JSON and writes it to out.
func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	js, err := convert(src)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, js, 0o644)
}

// convert decodes one YAML document (anchors, aliases and merge keys
// resolved) and returns it as JSON indented by two spaces, with a final
// newline. Object keys come out sorted. Mapping keys that are not strings
// are refused: in OpenAPI they are always strings (quote "200").
func convert(src []byte) ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if err := stringKeys(doc, ""); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stringKeys checks that v, decoded from YAML at path, has only string
// keys: yaml.v3 decodes a mapping with any other key into map[any]any, which
// JSON cannot hold.
func stringKeys(v any, path string) error {
	switch x := v.(type) {
	case map[any]any:
		if path == "" {
			path = "/"
		}
		return fmt.Errorf("%s: a mapping key is not a string; quote it", path)
	case map[string]any:
		for k, e := range x {
			if err := stringKeys(e, path+"/"+k); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := stringKeys(e, fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
