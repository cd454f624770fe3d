package nsor

// RequestPatch is a JSON merge patch (RFC 7396) of a request: a nil member
// keeps the request's value, a non-nil one replaces it.
type RequestPatch struct {
	Suspects    *[]int64
	Grounds     *string
	Declaration *bool
}
