package client

import (
	"context"
	"net/http"

	"nsor"
)

// PrintRelease fetches the printable page of a request's release, marked
// for the caller.
func (c *Client) PrintRelease(ctx context.Context, reqID int64) ([]byte, error) {
	var page []byte
	_, err := c.Do(ctx, http.MethodGet, "/api/v1/requests/"+id(reqID)+"/release/print", nil, &page)
	return page, err
}

// TraceDisclosure asks which disclosure a number or copied text is, and to
// whom it was rendered (auditors).
func (c *Client) TraceDisclosure(ctx context.Context, q nsor.TraceQuery) (*nsor.Trace, error) {
	var t nsor.Trace
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/audit/trace", q, &t)
	return &t, err
}
