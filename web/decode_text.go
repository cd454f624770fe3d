package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"nsor"
)

// checkRaw holds a JSON body to the text policy where decoding cannot
// (docs/text-policy.md): encoding/json replaces invalid UTF-8 with U+FFFD
// without a word, so the raw bytes are checked first and the field holding
// them is named; and a body that is not an object (null, an array, a
// number) would decode into nothing and make a call a silent no-op.
func checkRaw(b []byte) error {
	if !utf8.Valid(b) {
		return nsor.Invalid(fieldAt(b, invalidAt(b)), "text.invalid_utf8",
			"This entry holds bytes that are not readable text (invalid UTF-8); type it again.")
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] != '{' {
		return badBody("body", "body.not_object", "The body must be one JSON object, {...}; null, a list or a single value is not accepted.")
	}
	return nil
}

// invalidAt returns the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// frame is one open object or array on the way to a byte of a JSON body.
type frame struct {
	obj       bool
	key       string
	idx       int
	expectKey bool
}

// fieldAt names the field of the JSON body b whose token holds byte off,
// as the domain names fields ("accused[0].name"); "body" when it cannot.
func fieldAt(b []byte, off int) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.obj && top.expectKey {
			top.key, top.expectKey = s, false
			if int(dec.InputOffset()) > off {
				return "body" // the bad bytes are in a name, not a value
			}
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, &frame{obj: tok == json.Delim('{'), expectKey: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if int(dec.InputOffset()) > off {
				return pathOf(stack)
			}
		}
		advance(stack)
	}
}

// advance moves the innermost open container past one value.
func advance(stack []*frame) {
	if len(stack) == 0 {
		return
	}
	if top := stack[len(stack)-1]; top.obj {
		top.expectKey = true
	} else {
		top.idx++
	}
}

func pathOf(stack []*frame) string {
	var sb strings.Builder
	for _, f := range stack {
		switch {
		case !f.obj:
			fmt.Fprintf(&sb, "[%d]", f.idx)
		case sb.Len() > 0:
			sb.WriteString("." + f.key)
		default:
			sb.WriteString(f.key)
		}
	}
	if sb.Len() == 0 {
		return "body"
	}
	return sb.String()
}

// checkQuery holds every query parameter to the text policy before any
// handler reads one: a NUL or a control character in a URL would otherwise
// reach a database (PostgreSQL refuses NUL in text with an error, SQLite
// stores it). The code is query.<rule> and the field the parameter's name.
func checkQuery(r *http.Request) error {
	for name, vs := range r.URL.Query() {
		for _, v := range append([]string{name}, vs...) {
			if err := nsor.CheckText(name, v, nsor.LimitQuery); err != nil {
				e := nsor.AsError(err)
				e.Code = "query." + strings.TrimPrefix(e.Code, "text.")
				e.Fields[0].Code = e.Code
				return e
			}
		}
	}
	return nil
}
