package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"nsor"
)

// maxJSON bounds a JSON body; uploads have their own, configured limit.
const maxJSON = 1 << 20

// readBody reads at most limit bytes of the body, refusing more.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &nsor.Error{Kind: nsor.KindTooLarge, Code: "body.too_large",
			Message: "The request body is larger than this call accepts.",
			Fields:  []nsor.FieldError{{Field: "body", Code: "body.too_large", Message: "Too large."}}}
	} else if errors.Is(err, os.ErrDeadlineExceeded) {
		return nil, nsor.Errorf(nsor.KindBadRequest, "body.timeout", "The request body arrived too slowly and was cut off; send it again in one go.")
	} else if err != nil {
		return nil, nsor.Errorf(nsor.KindBadRequest, "body.unreadable", "The request body could not be read.")
	}
	return b, nil
}

// maxSignIn bounds the body of a sign-in, which anyone may send: a
// username (64 characters), a password (128) and a code, at four bytes a
// character and with JSON escapes, fit in far less. Read before the
// throttle, a larger bound would let a flood hold a megabyte a connection
// (docs/adr/0015-sign-in-under-attack.md).
const maxSignIn = 8 << 10

// decode reads a JSON body into v strictly: unknown fields, trailing data,
// wrong types and oversized bodies are refused, naming the field.
func decode(r *http.Request, v any) ([]byte, error) { return decodeAtMost(r, v, maxJSON) }

// decodeAtMost is decode with a body of at most limit bytes.
func decodeAtMost(r *http.Request, v any, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") &&
		(r.Method != http.MethodPatch || !strings.HasPrefix(ct, mergePatchType)) {
		return nil, &nsor.Error{Kind: nsor.KindUnsupportedMedia, Code: "body.content_type",
			Message: "Send the body as application/json."}
	}
	b, err := readBody(r, limit)
	if err != nil {
		return nil, err
	}
	if err := checkRaw(b); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, decodeError(err)
	}
	if dec.More() {
		return nil, badBody("body", "body.malformed", "The body holds more than one JSON value.")
	}
	return b, nil
}

func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	msg := err.Error()
	switch {
	case errors.Is(err, io.EOF): // nothing at all before the end: no body
		return badBody("body", "body.required", "This call needs a JSON body; the body was empty.")
	case errors.As(err, &typeErr):
		return badBody(typeErr.Field, "body.type", "The field "+typeErr.Field+" should be a "+typeErr.Type.String()+".")
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return badBody("body", "body.malformed", "The body is not valid JSON.")
	case strings.HasPrefix(msg, "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return badBody(f, "body.unknown_field", "This call does not take the field \""+f+"\".")
	}
	return badBody("body", "body.malformed", "The body could not be read as this call's JSON.")
}

func badBody(field, code, msg string) error {
	return &nsor.Error{Kind: nsor.KindBadRequest, Code: code, Message: msg,
		Fields: []nsor.FieldError{{Field: field, Code: code, Message: msg}}}
}

// pathNouns names what a path parameter identifies, for "not found"; "id"
// identifies what the path's first segment names.
var pathNouns = map[string]string{"sid": "suspect", "aid": "accused", "rid": "record", "n": "version",
	"requests": "request", "firs": "fir", "users": "user", "tokens": "token", "service-accounts": "user", "jurisdictions": "jurisdiction", "notifications": "notification",
	"register": "record"}

// pathID reads a numeric path parameter; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		if name == "id" {
			name, _, _ = strings.Cut(strings.TrimPrefix(r.URL.Path, "/api/v1/"), "/")
		}
		return 0, nsor.NotFound(pathNouns[name])
	}
	return id, nil
}

// suspectPath reads the request and the suspect a path
// /requests/{id}/suspects/{sid}/... names.
func suspectPath(r *http.Request) (id, sid int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	sid, err = pathID(r, "sid")
	return id, sid, err
}

// version is the version the client saw: the If-Match header ("v3" or 3)
// or the body's version field; when both are given they agree. If-Match: *
// is nsor.AnyVersion, "whichever is current" (RFC 9110 section 13.1.1),
// unless the body names one.
func version(r *http.Request, body int) (int, error) {
	h := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	switch {
	case h == "":
		return body, nil
	case r.Header.Get("If-Match") == "*" && body != 0:
		return body, nil
	case r.Header.Get("If-Match") == "*":
		return nsor.AnyVersion, nil
	}
	v, err := strconv.Atoi(strings.TrimPrefix(h, "v"))
	if err != nil || (body != 0 && body != v) {
		return 0, badBody("If-Match", "version.malformed", "If-Match carries the version as \"v3\", and agrees with the body's version.")
	}
	return v, nil
}

// boolQuery reads a true/false query parameter; absent is false.
func boolQuery(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, badBody(name, "query.boolean", name+" is true or false.")
}
