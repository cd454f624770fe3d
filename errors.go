package nsor

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrorKind classifies an Error; adapters map it to a transport status
// (the web adapter to an HTTP status, the CLI to an exit code).
type ErrorKind int

// The kinds of Error. KindNotFound is also the answer for anything outside
// the caller's jurisdiction, so that existence is never revealed.
const (
	KindInternal             ErrorKind = iota // a fault of the system, not of the caller
	KindInvalid                               // the input breaks a rule (HTTP 422)
	KindBadRequest                            // the input cannot be read at all (HTTP 400)
	KindUnauthenticated                       // no valid credentials (HTTP 401)
	KindForbidden                             // visible, but this actor may not do this (HTTP 403)
	KindNotFound                              // absent, or outside the actor's jurisdiction (HTTP 404)
	KindConflict                              // wrong state, stale version, duplicate (HTTP 409)
	KindPreconditionRequired                  // a transition without the version the client saw (HTTP 428)
	KindTooLarge                              // a body or upload over its limit (HTTP 413)
	KindUnsupportedMedia                      // an upload of a type that is not accepted (HTTP 415)
	KindLocked                                // too many failures; try later (HTTP 429)
	KindUnavailable                           // the store cannot serve now, or the audit log refuses changes until an operator acts (HTTP 503)
	KindMethodNotAllowed                      // the path exists, but not with this method (HTTP 405)
)

// httpStatus is the HTTP status of each kind, as the comments above give it.
var httpStatus = map[ErrorKind]int{
	KindInternal:             http.StatusInternalServerError,
	KindInvalid:              http.StatusUnprocessableEntity,
	KindBadRequest:           http.StatusBadRequest,
	KindUnauthenticated:      http.StatusUnauthorized,
	KindForbidden:            http.StatusForbidden,
	KindNotFound:             http.StatusNotFound,
	KindConflict:             http.StatusConflict,
	KindPreconditionRequired: http.StatusPreconditionRequired,
	KindTooLarge:             http.StatusRequestEntityTooLarge,
	KindUnsupportedMedia:     http.StatusUnsupportedMediaType,
	KindLocked:               http.StatusTooManyRequests,
	KindUnavailable:          http.StatusServiceUnavailable,
	KindMethodNotAllowed:     http.StatusMethodNotAllowed,
}

// HTTPStatus is the HTTP status that the API and the pages answer a refusal
// of this kind with; an unknown kind is a fault of the system (500).
func (k ErrorKind) HTTPStatus() int {
	if s, ok := httpStatus[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// FieldError names one offending field of the input and the rule it breaks.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Params are the particulars the message names (a limit, a count, a
	// line), by name, so that an interface in another language can say
	// them in its own words ({max} in its catalogue). Not part of the API's
	// answer, whose message already carries them.
	Params Params `json:"-"`
}

// Params are a refusal's particulars by name: the numbers and words its
// English message interpolates. Values are plain text, never register data
// (a limit, a count, a line number, a state).
type Params map[string]string

// Error is the one error type of nsor. Code is stable and documented in
// docs/errors.md; Message is written for an officer, not a programmer; Err is
// the cause, for the operator's log only.
type Error struct {
	Kind    ErrorKind
	Code    string
	Message string
	Fields  []FieldError
	// Ref points at a related object the caller may see, e.g. the existing
	// open request that a duplicate collides with.
	Ref string
	// RetryAfter, for KindLocked, is how long the caller should wait before
	// trying again (the HTTP adapter's Retry-After, RFC 9110 section 10.2.3).
	RetryAfter time.Duration
	// Params are the particulars of Message, as FieldError.Params.
	Params Params
	Err    error
}

// Error reads the error as code, message, offending fields and cause.
func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	for _, f := range e.Fields {
		s += "; " + f.Field + ": " + f.Code
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind and code with a formatted message.
func Errorf(kind ErrorKind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a KindInvalid error for one field.
func Invalid(field, code, message string) *Error {
	return &Error{Kind: KindInvalid, Code: code, Message: message,
		Fields: []FieldError{{Field: field, Code: code, Message: message}}}
}

// WithParams sets the particulars of e and of each of its field errors of
// the same code, and returns e.
func (e *Error) WithParams(p Params) *Error {
	e.Params = p
	for i := range e.Fields {
		if e.Fields[i].Code == e.Code {
			e.Fields[i].Params = p
		}
	}
	return e
}

// NotFound returns the "not found" error for a kind of object. It is also what
// an actor gets for an object outside their jurisdiction.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: what + ".not_found", Message: "No such " + what + " was found."}
}

// Internalf wraps a cause as an internal error; the caller sees only a generic
// message, the operator's log the chain.
func Internalf(cause error, format string, args ...any) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "The system could not complete this action; nothing was changed.",
		Err: fmt.Errorf(format+": %w", append(args, cause)...)}
}

// Unavailable wraps a cause as a KindUnavailable error: the database is
// unreachable, out of connections or out of space. Like an internal error
// it changed nothing and the caller sees only a generic message; unlike one,
// it is worth retrying (docs/adr/0018-deployment-hygiene.md).
func Unavailable(cause error) *Error {
	return &Error{Kind: KindUnavailable, Code: "store.unavailable",
		Message: "The system cannot reach its database just now; nothing was changed. Try again in a minute.",
		Err:     fmt.Errorf("store unavailable: %w", cause)}
}

// IsFault reports whether err is the system's fault rather than the
// caller's (KindInternal or KindUnavailable): such an error is not a refusal
// and is not recorded as one; it is returned as it is.
func IsFault(err error) bool {
	k := KindOf(err)
	return k == KindInternal || k == KindUnavailable
}

// AsError returns err as an *Error, wrapping anything else as internal.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internalf(err, "unexpected")
}

// ErrorCode returns the stable code of err, or "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// KindOf returns the kind of err; nil and foreign errors are KindInternal.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Problems collects field errors so that one response can name every
// offending field at once.
type Problems struct{ fields []FieldError }

// Add records a field error.
func (p *Problems) Add(field, code, message string) {
	p.fields = append(p.fields, FieldError{Field: field, Code: code, Message: message})
}

// AddWith records a field error with its particulars.
func (p *Problems) AddWith(field, code, message string, params Params) {
	p.fields = append(p.fields, FieldError{Field: field, Code: code, Message: message, Params: params})
}

// AddErr records err if it is a field error (or any *Error) under field.
func (p *Problems) AddErr(field string, err error) {
	if err == nil {
		return
	}
	e := AsError(err)
	if len(e.Fields) == 0 {
		p.AddWith(field, e.Code, e.Message, e.Params)
		return
	}
	for _, f := range e.Fields {
		f.Field = joinField(field, f.Field)
		p.fields = append(p.fields, f)
	}
}

func joinField(prefix, f string) string {
	switch {
	case prefix == "":
		return f
	case f == "":
		return prefix
	}
	return prefix + "." + f
}

// Err returns nil when nothing was added, else a KindInvalid *Error whose code
// is the first field's.
func (p *Problems) Err() error {
	if len(p.fields) == 0 {
		return nil
	}
	first := p.fields[0]
	msg := first.Message
	if len(p.fields) > 1 {
		msg = fmt.Sprintf("%s (and %d more problems)", first.Message, len(p.fields)-1)
	}
	return &Error{Kind: KindInvalid, Code: first.Code, Message: msg, Fields: p.fields, Params: first.Params}
}

// Warning is advice about accepted input, e.g. a CNIC whose gender digit
// disagrees with the stated gender.
type Warning struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Params are the particulars of Message, as FieldError.Params.
	Params Params `json:"-"`
}
