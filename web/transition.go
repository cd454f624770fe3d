package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"

	"nsor"
)

// versioned is the version the client saw, which every act's body carries.
type versioned struct {
	Version int `json:"version"`
}

func (v *versioned) seen() int { return v.Version }

// Each act takes its own body, so that a field that belongs to another act
// is refused as unknown rather than silently ignored.
type (
	versionBody struct{ versioned }
	reasonBody  struct {
		versioned
		Reason string `json:"reason"`
	}
	// withdrawBody's reason is needed only once the request was submitted,
	// which the service decides; a draft is withdrawn without a body.
	withdrawBody reasonBody
	resubmitBody struct {
		versioned
		Clarification string `json:"clarification"`
	}
	returnBody struct {
		versioned
		Reason      string          `json:"reason"`
		FailedItems []string        `json:"failed_items,omitempty"`
		Checklist   *nsor.Checklist `json:"checklist,omitempty"`
	}
	forwardBody struct {
		versioned
		Checklist nsor.Checklist `json:"checklist"`
	}
	assignBody struct {
		versioned
		AnalystID int64 `json:"analyst_id,omitempty"`
	}
	answerBody struct {
		versioned
		Outcomes []nsor.OutcomeInput `json:"outcomes"`
	}
	ackBody struct {
		versioned
		AcceptAdvisory bool   `json:"accept_advisory"`
		AdvisorySHA256 string `json:"advisory_sha256,omitempty"`
	}
)

// needer is the body of an act that cannot go without it: needs names the
// fields it must carry besides the version (docs/adr/0005-errors-concurrency-idempotency.md).
type needer interface{ needs() []string }

func (reasonBody) needs() []string   { return []string{"reason"} }
func (resubmitBody) needs() []string { return []string{"clarification"} }
func (returnBody) needs() []string   { return []string{"reason", "failed_items"} }
func (forwardBody) needs() []string  { return []string{"checklist"} }
func (answerBody) needs() []string   { return []string{"outcomes"} }
func (ackBody) needs() []string      { return []string{"accept_advisory"} }

// bodyRequired refuses an empty body where the act needs one, naming what
// it must carry.
func bodyRequired(fields []string) error {
	e := &nsor.Error{Kind: nsor.KindBadRequest, Code: "body.required",
		Message: "This act needs a JSON body with " + strings.Join(fields, ", ") + "; the body was empty."}
	for _, f := range fields {
		e.Fields = append(e.Fields, nsor.FieldError{Field: f, Code: "body.required", Message: "Required."})
	}
	return e
}

// decodeAct reads an act's body into v strictly, as decode does, and
// reports an empty one, which is no fields at all: the version then comes
// from If-Match, and a missing version is the service's 428.
func decodeAct(r *http.Request, v any) (empty bool, err error) {
	b, err := readBody(r, maxJSON)
	if err != nil {
		return false, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return true, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	_, err = decode(r, v)
	return false, err
}

// actFunc runs one act: it decodes the act's body and calls the service.
type actFunc func(ctx context.Context, svc nsor.App, r *http.Request, a *nsor.Actor, id int64) (*nsor.RequestView, error)

// bodyAct makes the actFunc of an act whose body is B: it decodes B
// strictly, takes the version from the body or If-Match (they must agree),
// and runs the act with both. An empty body is no fields: with If-Match, an
// act that needs a body (needer) is 400 body.required; without, every act
// is 428 version.required, after the service has authorised it.
func bodyAct[B any, PB interface {
	*B
	seen() int
}](run func(svc nsor.App, ctx context.Context, a *nsor.Actor, id int64, v int, b PB) (*nsor.RequestView, error)) actFunc {
	return func(ctx context.Context, svc nsor.App, r *http.Request, a *nsor.Actor, id int64) (*nsor.RequestView, error) {
		b := PB(new(B))
		empty, err := decodeAct(r, b)
		if err != nil {
			return nil, err
		}
		v, err := version(r, b.seen())
		if err != nil {
			return nil, err
		}
		if n, ok := any(b).(needer); ok && empty && v != 0 {
			return nil, bodyRequired(n.needs())
		}
		return run(svc, ctx, a, id, v, b)
	}
}

type svc = nsor.App

var acts = map[string]actFunc{
	"submit": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.RequestView, error) {
		return s.Submit(ctx, a, id, v)
	}),
	"resubmit": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *resubmitBody) (*nsor.RequestView, error) {
		return s.Resubmit(ctx, a, id, v, b.Clarification)
	}),
	"withdraw": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *withdrawBody) (*nsor.RequestView, error) {
		return s.Withdraw(ctx, a, id, v, b.Reason)
	}),
	"reject": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) (*nsor.RequestView, error) {
		return s.Reject(ctx, a, id, v, b.Reason)
	}),
	"reopen": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) (*nsor.RequestView, error) {
		return s.Reopen(ctx, a, id, v, b.Reason)
	}),
	"return": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *returnBody) (*nsor.RequestView, error) {
		return s.Return(ctx, a, id, v, b.Checklist, b.FailedItems, b.Reason)
	}),
	"forward": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *forwardBody) (*nsor.RequestView, error) {
		return s.Forward(ctx, a, id, v, b.Checklist)
	}),
	"assign": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *assignBody) (*nsor.RequestView, error) {
		return s.Assign(ctx, a, id, v, b.AnalystID)
	}),
	"answer": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *answerBody) (*nsor.RequestView, error) {
		return s.Answer(ctx, a, id, v, b.Outcomes)
	}),
	"acknowledge": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *ackBody) (*nsor.RequestView, error) {
		return s.Acknowledge(ctx, a, id, v, b.AcceptAdvisory, b.AdvisorySHA256)
	}),
	"confirm": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.RequestView, error) {
		return s.Confirm(ctx, a, id, v)
	}),
	"release": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.RequestView, error) {
		return s.Release(ctx, a, id, v)
	}),
	"close": bodyAct(func(s svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.RequestView, error) {
		return s.Close(ctx, a, id, v)
	}),
}

// act runs POST /api/v1/requests/{id}/{action}.
func (s *Server) act(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name := nsor.Action(r.PathValue("action"))
	run, ok := acts[string(name)]
	if !ok || !slices.Contains(nsor.Routed(), name) {
		return s.unrouted(w, r)
	}
	v, err := run(r.Context(), s.svc, r, a, id)
	if err != nil {
		return err
	}
	return writeRequest(w, http.StatusOK, v)
}
