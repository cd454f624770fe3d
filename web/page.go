package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"net/url"
	"strconv"

	"nsor"
)

// Every listing is paged alike: limit (1 to 200, default 50) and cursor in
// the query; items, has_more and next_cursor in the answer. The cursor is
// opaque to the client: the key of the last row read, bound by a check to
// the listing and its filters, so that a cursor altered, damaged, or taken
// from another listing or another set of filters is refused (400
// query.cursor) rather than read as some other place in some other list.
// The check is not a secret and needs none: the filters, and what the
// caller may see, are applied to every page whatever the cursor says.

// page is the envelope of every listing.
type page[T any] struct {
	Items      []T    `json:"items"`
	HasMore    bool   `json:"has_more"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// checkBytes is the length of a cursor's check; its key is one or more
// 8-byte numbers before it.
const checkBytes = 16

// readPage reads the limit and cursor of a listing whose filters are the
// rest of r's query and body (nil for a GET).
func readPage(r *http.Request, body []byte) (nsor.Page, error) {
	q := r.URL.Query()
	var p nsor.Page
	if vs, ok := q["limit"]; ok {
		n, err := strconv.Atoi(vs[0])
		if len(vs) != 1 || err != nil || !digits(vs[0]) || n < 1 || n > nsor.MaxPageSize {
			return p, nsor.ErrPageLimit()
		}
		p.Limit = n
	}
	if vs, ok := q["cursor"]; ok {
		b, err := base64.RawURLEncoding.DecodeString(vs[0])
		n := len(b) - checkBytes
		if len(vs) != 1 || err != nil || n < 8 || n%8 != 0 {
			return p, nsor.ErrPageCursor()
		}
		key := b[:n]
		if subtle.ConstantTimeCompare(b[n:], cursorCheck(r, body, key)) != 1 {
			return p, nsor.ErrPageCursor()
		}
		for i := 0; i < n; i += 8 {
			p.After = append(p.After, int64(binary.BigEndian.Uint64(key[i:])))
		}
	}
	return p, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// cursorCheck binds a key to the listing (method and path), its filters
// (the query but limit and cursor, and the body) and the key itself.
func cursorCheck(r *http.Request, body []byte, key []byte) []byte {
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		if k != "limit" && k != "cursor" {
			q[k] = vs
		}
	}
	h := sha256.New()
	bodySum := sha256.Sum256(body)
	for _, part := range [][]byte{[]byte("nsor cursor v1"), []byte(r.Method), []byte(r.URL.Path), []byte(q.Encode()), bodySum[:], key} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	return h.Sum(nil)[:checkBytes]
}

// cursorFor is the cursor of the page after the row whose key is next.
func cursorFor(r *http.Request, body []byte, next []int64) string {
	var key []byte
	for _, k := range next {
		key = binary.BigEndian.AppendUint64(key, uint64(k))
	}
	return base64.RawURLEncoding.EncodeToString(append(key, cursorCheck(r, body, key)...))
}

// writePage answers with one page of a listing read with readPage(r, body).
func writePage[T any](w http.ResponseWriter, r *http.Request, body []byte, p nsor.Paged[T]) error {
	out := page[T]{Items: p.Items, HasMore: len(p.Next) > 0}
	if out.Items == nil {
		out.Items = []T{}
	}
	if out.HasMore {
		out.NextCursor = cursorFor(r, body, p.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}
