package nsor

import (
	"fmt"
)

// AnyVersion is the version a client names with If-Match: * (RFC 9110
// section 13.1.1): whichever version is current. The change is still made
// only if no other lands between reading and writing (the store's
// UPDATE ... WHERE version = ?).
const AnyVersion = -1

// CheckFIRVersion refuses a change of f made from another version of it:
// seen is the version of the FIR the client saw, from If-Match; 0 (none
// given) and AnyVersion check nothing. A version that is not the FIR's is
// 409 version.stale, as for requests
// (docs/adr/0005-errors-concurrency-idempotency.md).
func CheckFIRVersion(f *FIR, seen int) error {
	if seen <= 0 || seen == f.Version {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "version.stale",
		Message: "This FIR changed since you loaded it; reload it and try again.",
		Fields:  []FieldError{{Field: "version", Code: "version.stale", Message: fmt.Sprintf("The FIR is at version %d.", f.Version)}}}
}
