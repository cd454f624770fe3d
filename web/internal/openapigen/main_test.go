package main

import (
	"strings"
	"testing"
)

// TestConvert checks the conversion on the YAML features openapi.yaml uses:
// block text, quoted keys, anchors with merge keys, and flow mappings.
func TestConvert(t *testing.T) {
	src := `
a: &base
  x: 1
  y: "two"
b:
  <<: *base
  z: [true, null]
"200": {description: "one, two"}
text: >
  folded
  lines
`
	want := `{
  "200": {
    "description": "one, two"
  },
  "a": {
    "x": 1,
    "y": "two"
  },
  "b": {
    "x": 1,
    "y": "two",
    "z": [
      true,
      null
    ]
  },
  "text": "folded lines\n"
}
`
	got, err := convert([]byte(src))
	if err != nil || string(got) != want {
		t.Errorf("convert(src) = %s, %v, want %s", got, err, want)
	}
}

// TestConvertRefuses checks that malformed YAML and non-string keys are
// refused, naming where.
func TestConvertRefuses(t *testing.T) {
	for src, want := range map[string]string{
		"a: [":            "did not find expected node content",
		"a:\n  200: ok\n": "/a: a mapping key is not a string",
	} {
		if _, err := convert([]byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("convert(%q) = %v, want an error containing %q", src, err, want)
		}
	}
}
