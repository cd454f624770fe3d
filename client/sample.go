package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"nsor"
)

// SampleUpload is a stored sample as the upload answers it: the sample and
// the reference a record names it by.
type SampleUpload struct {
	nsor.Sample
	Reference string `json:"reference"`
}

// sampleQuery writes the upload's query: its parameters and what the
// uploader states.
func sampleQuery(q url.Values, meta nsor.SampleMeta) string {
	if meta.Position != 0 {
		q.Set("position", strconv.Itoa(meta.Position))
	}
	if meta.PPI != 0 {
		q.Set("ppi", strconv.Itoa(meta.PPI))
	}
	if meta.SampleType != "" {
		q.Set("sample_type", meta.SampleType)
	}
	return q.Encode()
}

// UploadSample uploads a registrar's biometric sample.
func (c *Client) UploadSample(ctx context.Context, kind, format string, data []byte, meta nsor.SampleMeta) (*SampleUpload, error) {
	var out SampleUpload
	q := sampleQuery(url.Values{"kind": {kind}, "format": {format}}, meta)
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/register/samples?"+q, data, &out)
	return &out, err
}

// AttachRequestSample attaches a tenprint or a crime-scene profile to a
// suspect of the caller's draft request.
func (c *Client) AttachRequestSample(ctx context.Context, reqID, suspectID int64, purpose, format string, data []byte, meta nsor.SampleMeta) (*nsor.RequestSample, error) {
	var out nsor.RequestSample
	q := sampleQuery(url.Values{"purpose": {purpose}, "format": {format}}, meta)
	_, err := c.Do(ctx, http.MethodPost, "/api/v1/requests/"+id(reqID)+"/suspects/"+id(suspectID)+"/samples?"+q, data, &out)
	return &out, err
}

// RequestSamples lists the samples attached to a request.
func (c *Client) RequestSamples(ctx context.Context, reqID int64) ([]*nsor.RequestSample, error) {
	var out struct {
		Items []*nsor.RequestSample `json:"items"`
	}
	_, err := c.Do(ctx, http.MethodGet, "/api/v1/requests/"+id(reqID)+"/samples", nil, &out)
	return out.Items, err
}
