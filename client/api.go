package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"nsor"
)

// Token is what signing in returns.
type Token struct {
	Token   string     `json:"token"`
	TokenID int64      `json:"token_id"`
	Scopes  []string   `json:"scopes"`
	User    *nsor.User `json:"user"`
}

// SignIn signs in with password and TOTP code and returns a client that
// uses the session token.
func (c *Client) SignIn(ctx context.Context, username, password, code string) (*Client, *Token, error) {
	var t Token
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/auth/token", map[string]string{"username": username, "password": password, "code": code}, &t)
	if err != nil {
		return nil, nil, err
	}
	return c.As(t.Token), &t, nil
}

// List is one page of a listing: its items, and whether more follow and the
// cursor that reads them.
type List[T any] struct {
	Items      []T    `json:"items"`
	HasMore    bool   `json:"has_more"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Page reads one page of the listing at path; query is its filters (e.g.
// "state=submitted&limit=20", without "?"), cursor "" for the first page.
func Page[T any](ctx context.Context, c *Client, path, query, cursor string) (*List[T], error) {
	q := query
	if cursor != "" {
		if q != "" {
			q += "&"
		}
		q += "cursor=" + url.QueryEscape(cursor)
	}
	if q != "" {
		path += "?" + q
	}
	var l List[T]
	_, err := c.Do(ctx, http.MethodGet, path, nil, &l)
	return &l, err
}

// All reads every page of the listing at path with the filters of query.
func All[T any](ctx context.Context, c *Client, path, query string) ([]T, error) {
	var all []T
	for cursor := ""; ; {
		l, err := Page[T](ctx, c, path, query, cursor)
		if err != nil {
			return all, err
		}
		all = append(all, l.Items...)
		if !l.HasMore {
			return all, nil
		}
		cursor = l.NextCursor
	}
}

// FIR is an FIR as the API returns it.
type FIR struct {
	nsor.FIR
	Warnings []nsor.Warning `json:"warnings"`
}

// CreateFIR enters an FIR; key is the idempotency key ("" for none).
func (c *Client) CreateFIR(ctx context.Context, in nsor.FIRInput, key string) (*FIR, error) {
	var f FIR
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/firs", in, &f, idemKey(key)...)
	return &f, err
}

func idemKey(key string) []Header {
	if key == "" {
		return nil
	}
	return []Header{{"Idempotency-Key", key}}
}

// PutFIRCopy uploads the FIR copy.
func (c *Client) PutFIRCopy(ctx context.Context, firID int64, data []byte) (*nsor.BlobRef, error) {
	var ref nsor.BlobRef
	_, err := c.Do(ctx, http.MethodPut, "/api/v1/firs/"+id(firID)+"/copy", data, &ref)
	return &ref, err
}

// CreateRequest opens a draft request.
func (c *Client) CreateRequest(ctx context.Context, in nsor.RequestInput, key string) (*nsor.RequestView, error) {
	var v nsor.RequestView
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/requests", in, &v, idemKey(key)...)
	return &v, err
}

// Request reads one request.
func (c *Client) Request(ctx context.Context, reqID int64) (*nsor.RequestView, error) {
	var v nsor.RequestView
	_, err := c.Do(ctx, http.MethodGet, "/api/v1/requests/"+id(reqID), nil, &v)
	return &v, err
}

// Requests lists every request the caller sees, page after page; query is
// the filters (e.g. "?state=submitted").
func (c *Client) Requests(ctx context.Context, query string) ([]*nsor.RequestView, error) {
	return All[*nsor.RequestView](ctx, c, "/api/v1/requests", strings.TrimPrefix(query, "?"))
}

// Act runs an act on a request (submit, forward, answer ...) with its body,
// which carries the version the caller saw.
func (c *Client) Act(ctx context.Context, reqID int64, action string, body any) (*nsor.RequestView, error) {
	var v nsor.RequestView
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/requests/"+id(reqID)+"/"+action, body, &v)
	return &v, err
}

// Search searches the register for one suspect of a forwarded request.
func (c *Client) Search(ctx context.Context, reqID, suspectID int64, terms *nsor.SearchTerms) ([]nsor.Candidate, error) {
	var l List[nsor.Candidate]
	var body any
	if terms != nil {
		body = terms
	}
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/requests/"+id(reqID)+"/suspects/"+id(suspectID)+"/search", body, &l)
	return l.Items, err
}

// Release is a release as its reader sees it.
type Release struct {
	nsor.Release
	Content    nsor.ReleaseSnapshot `json:"content"`
	Recipient  string               `json:"recipient"`
	Advisory   string               `json:"advisory"`
	Disclosure nsor.DisclosureBlock `json:"disclosure"`
	MarkedText string               `json:"marked_text"`
}

// ReadRelease reads the released records of a request.
func (c *Client) ReadRelease(ctx context.Context, reqID int64) (*Release, error) {
	var r Release
	_, err := c.Do(ctx, http.MethodGet, "/api/v1/requests/"+id(reqID)+"/release", nil, &r)
	return &r, err
}

// Notifications reads the caller's inbox.
func (c *Client) Notifications(ctx context.Context) ([]*nsor.Notification, error) {
	return All[*nsor.Notification](ctx, c, "/api/v1/notifications", "")
}

// RecordVersion is a proposed register change as the API returns it.
type RecordVersion struct {
	nsor.OffenderVersion
	Warnings []nsor.Warning `json:"warnings"`
}

// ProposeRecord enters a register record (maker).
func (c *Client) ProposeRecord(ctx context.Context, rec nsor.RecordInput, reason string) (*RecordVersion, error) {
	var v RecordVersion
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/register/records", map[string]any{"record": rec, "reason": reason}, &v)
	return &v, err
}

// CheckChange decides a pending change (checker).
func (c *Client) CheckChange(ctx context.Context, recordID int64, n int, approve bool, note string) error {
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/register/records/"+id(recordID)+"/versions/"+id(int64(n))+"/check",
		map[string]any{"approve": approve, "note": note}, nil)
	return err
}
