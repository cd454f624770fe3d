// Package afis extracts minutiae from fingerprint images and compares
// minutiae templates: 1:1 scores, multi-finger verification with a threshold
// set from a stated false-match rate, and 1:N search of a gallery.
//
// Every result is a score or a ranked list of candidates for an examiner;
// nothing here decides that two fingerprints come from one person. How it works
// and what it measures on the FVC images is in docs/fingerprints.md.
package afis

import (
	"errors"
	"fmt"
)

// Error is a refusal of bad input. Code is stable; the message says what is
// wrong with the input.
type Error struct {
	Code string
	Msg  string
}

// Error returns the message, for logs.
func (e *Error) Error() string { return "afis: " + e.Msg }

// The refusal codes of this package.
const (
	CodeBadImage      = "fingerprint.bad_image"
	CodeBadResolution = "fingerprint.bad_resolution"
	CodeBadTemplate   = "fingerprint.bad_template"
)

func refuse(code, format string, args ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// CodeOf returns the refusal code of err, or "" when err is not a refusal of
// this package.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
