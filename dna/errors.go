package dna

import "fmt"

// Error is a refusal of the dna package: a stable code (listed in
// docs/errors.md), the offending field and a message for the examiner.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Field + ": " + e.Message }

func errorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}
