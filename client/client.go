// Package client is a Go client of the nsor JSON API. The end-to-end tests,
// the benchmark and machine clients use it.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Client calls one nsor server as one user.
type Client struct {
	Base  string // e.g. http://127.0.0.1:8080
	Token string
	HTTP  *http.Client
}

// New returns a client of the server at base.
func New(base string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: hc}
}

// As returns a copy of c that uses token.
func (c *Client) As(token string) *Client {
	cp := *c
	cp.Token = token
	return &cp
}

// FieldError names an offending field of a refused call.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is a problem document (RFC 9457) returned by the server.
type Error struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Code   string       `json:"code"`
	Errors []FieldError `json:"errors"`
	Ref    string       `json:"ref"`
}

// Error reads the problem as status, code and detail.
func (e *Error) Error() string {
	return fmt.Sprintf("nsor: %d %s: %s", e.Status, e.Code, e.Detail)
}

// Call options.
type (
	// Header adds a header to one call.
	Header struct{ Key, Value string }
)

// Do sends one call. A body of type []byte is sent as is (uploads);
// anything else as JSON. out, when not nil, receives the JSON answer. A
// non-2xx answer is returned as *Error.
func (c *Client) Do(ctx context.Context, method, path string, body, out any, hdrs ...Header) (*http.Response, error) {
	req, err := c.request(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	for _, h := range hdrs {
		req.Header.Set(h.Key, h.Value)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		if jerr := json.Unmarshal(data, e); jerr != nil {
			e.Detail = string(data)
		}
		return resp, e
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = data
		return resp, nil
	}
	if out != nil && len(data) > 0 {
		return resp, json.Unmarshal(data, out)
	}
	return resp, nil
}

func (c *Client) request(ctx context.Context, method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/octet-stream"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ct = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return nil, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return req, nil
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
