package nsor

import (
	"context"
	"fmt"
)

// AnyVersion is the version a client names with If-Match: * (RFC 9110
// section 13.1.1): whichever version is current. The change is still made
// only if no other lands between reading and writing (the store's
// UPDATE ... WHERE version = ?).
const AnyVersion = -1

type firVersionKey struct{}

// WithFIRVersion carries to the changes of an FIR (its copy, its accused,
// its transfer) the version of the FIR the client saw, from If-Match; 0
// (none given) and AnyVersion check nothing. A version that is not the
// FIR's is 409 version.stale, as for requests
// (docs/adr/0005-errors-concurrency-idempotency.md).
func WithFIRVersion(ctx context.Context, version int) context.Context {
	return context.WithValue(ctx, firVersionKey{}, version)
}

// checkFIRVersion refuses a change of f made from another version of it.
func checkFIRVersion(ctx context.Context, f *FIR) error {
	v, _ := ctx.Value(firVersionKey{}).(int)
	if v <= 0 || v == f.Version {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "version.stale",
		Message: "This FIR changed since you loaded it; reload it and try again.",
		Fields:  []FieldError{{Field: "version", Code: "version.stale", Message: fmt.Sprintf("The FIR is at version %d.", f.Version)}}}
}

// bumpFIR moves f to its next version for a change of its accused, which
// the FIR's row does not hold, so that an If-Match on the FIR covers them
// and two changes made from the same version cannot both land.
func bumpFIR(tx Tx, f *FIR) error {
	f.Version++
	return tx.UpdateFIR(f, f.Version-1)
}
