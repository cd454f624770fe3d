package web

import (
	"context"
	"net/http"

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
	resubmitBody struct {
		versioned
		Clarification string `json:"clarification"`
	}
	returnBody struct {
		versioned
		Reason    string          `json:"reason"`
		Checklist *nsor.Checklist `json:"checklist,omitempty"`
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
		AcceptAdvisory bool `json:"accept_advisory"`
	}
)

// actFunc runs one act: it decodes the act's body and calls the service.
type actFunc func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error

// bodyAct makes the actFunc of an act whose body is B: it decodes B
// strictly, takes the version from the body or If-Match (they must agree),
// and runs the act with both.
func bodyAct[B any, PB interface {
	*B
	seen() int
}](run func(svc *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b PB) (*nsor.Request, error)) actFunc {
	return func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		b := PB(new(B))
		if _, err := decode(r, b); err != nil {
			return err
		}
		v, err := version(r, b.seen())
		if err != nil {
			return err
		}
		_, err = run(svc, ctx, a, id, v, b)
		return err
	}
}

type svc = nsor.Service

var acts = map[string]actFunc{
	"submit": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.Request, error) {
		return s.Submit(ctx, a, id, v)
	}),
	"resubmit": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *resubmitBody) (*nsor.Request, error) {
		return s.Resubmit(ctx, a, id, v, b.Clarification)
	}),
	"withdraw": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) (*nsor.Request, error) {
		return s.Withdraw(ctx, a, id, v, b.Reason)
	}),
	"reject": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) (*nsor.Request, error) {
		return s.Reject(ctx, a, id, v, b.Reason)
	}),
	"reopen": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) (*nsor.Request, error) {
		return s.Reopen(ctx, a, id, v, b.Reason)
	}),
	"return": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *returnBody) (*nsor.Request, error) {
		return s.Return(ctx, a, id, v, b.Checklist, b.Reason)
	}),
	"forward": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *forwardBody) (*nsor.Request, error) {
		return s.Forward(ctx, a, id, v, b.Checklist)
	}),
	"assign": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *assignBody) (*nsor.Request, error) {
		return s.Assign(ctx, a, id, v, b.AnalystID)
	}),
	"answer": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *answerBody) (*nsor.Request, error) {
		return s.Answer(ctx, a, id, v, b.Outcomes)
	}),
	"acknowledge": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, b *ackBody) (*nsor.Request, error) {
		return s.Acknowledge(ctx, a, id, v, b.AcceptAdvisory)
	}),
	"confirm": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.Request, error) {
		return s.Confirm(ctx, a, id, v)
	}),
	"release": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.Request, error) {
		return s.Release(ctx, a, id, v)
	}),
	"close": bodyAct(func(s *svc, ctx context.Context, a *nsor.Actor, id int64, v int, _ *versionBody) (*nsor.Request, error) {
		return s.Close(ctx, a, id, v)
	}),
}

// act runs POST /api/v1/requests/{id}/{action}.
func (s *Server) act(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	run, ok := acts[r.PathValue("action")]
	if !ok {
		return s.unrouted(w, r)
	}
	ctx, view := nsor.WithViewAfter(r.Context())
	if err := run(ctx, s.svc, r, a, id); err != nil {
		return err
	}
	return s.respondView(w, r, a, id, view())
}
