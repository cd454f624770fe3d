package web

import (
	"context"
	"net/http"

	"nsor"
)

// Each act takes its own body, so that a field that belongs to another act
// is refused as unknown rather than silently ignored.
type (
	versionBody struct {
		Version int `json:"version"`
	}
	reasonBody struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	resubmitBody struct {
		Version       int    `json:"version"`
		Clarification string `json:"clarification"`
	}
	returnBody struct {
		Version   int             `json:"version"`
		Reason    string          `json:"reason"`
		Checklist *nsor.Checklist `json:"checklist,omitempty"`
	}
	forwardBody struct {
		Version   int            `json:"version"`
		Checklist nsor.Checklist `json:"checklist"`
	}
	assignBody struct {
		Version   int   `json:"version"`
		AnalystID int64 `json:"analyst_id,omitempty"`
	}
	answerBody struct {
		Version  int                 `json:"version"`
		Outcomes []nsor.OutcomeInput `json:"outcomes"`
	}
	ackBody struct {
		Version        int  `json:"version"`
		AcceptAdvisory bool `json:"accept_advisory"`
	}
)

// actFunc decodes an act's body and runs it; it returns the version the
// body carried and the act to run with the final version.
type actFunc func(r *http.Request) (int, func(ctx context.Context, a *nsor.Actor, id int64, v int) error, error)

func bodyAct[B any](ver func(*B) int, run func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *B) error) func(*nsor.Service) actFunc {
	return func(svc *nsor.Service) actFunc {
		return func(r *http.Request) (int, func(context.Context, *nsor.Actor, int64, int) error, error) {
			var b B
			if _, err := decode(r, &b); err != nil {
				return 0, nil, err
			}
			return ver(&b), func(ctx context.Context, a *nsor.Actor, id int64, v int) error {
				return run(svc, ctx, a, id, v, &b)
			}, nil
		}
	}
}

func ignore(_ *nsor.Request, err error) error { return err }

var acts = map[string]func(*nsor.Service) actFunc{
	"submit": bodyAct(func(b *versionBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *versionBody) error {
		return ignore(s.Submit(ctx, a, id, v))
	}),
	"resubmit": bodyAct(func(b *resubmitBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *resubmitBody) error {
		return ignore(s.Resubmit(ctx, a, id, v, b.Clarification))
	}),
	"withdraw": bodyAct(func(b *reasonBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) error {
		return ignore(s.Withdraw(ctx, a, id, v, b.Reason))
	}),
	"return": bodyAct(func(b *returnBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *returnBody) error {
		return ignore(s.Return(ctx, a, id, v, b.Checklist, b.Reason))
	}),
	"reject": bodyAct(func(b *reasonBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) error {
		return ignore(s.Reject(ctx, a, id, v, b.Reason))
	}),
	"forward": bodyAct(func(b *forwardBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *forwardBody) error {
		return ignore(s.Forward(ctx, a, id, v, b.Checklist))
	}),
	"assign": bodyAct(func(b *assignBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *assignBody) error {
		return ignore(s.Assign(ctx, a, id, v, b.AnalystID))
	}),
	"answer": bodyAct(func(b *answerBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *answerBody) error {
		return ignore(s.Answer(ctx, a, id, v, b.Outcomes))
	}),
	"reopen": bodyAct(func(b *reasonBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *reasonBody) error {
		return ignore(s.Reopen(ctx, a, id, v, b.Reason))
	}),
	"confirm": bodyAct(func(b *versionBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *versionBody) error {
		return ignore(s.Confirm(ctx, a, id, v))
	}),
	"release": bodyAct(func(b *versionBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *versionBody) error {
		return ignore(s.Release(ctx, a, id, v))
	}),
	"acknowledge": bodyAct(func(b *ackBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *ackBody) error {
		return ignore(s.Acknowledge(ctx, a, id, v, b.AcceptAdvisory))
	}),
	"close": bodyAct(func(b *versionBody) int { return b.Version }, func(s *nsor.Service, ctx context.Context, a *nsor.Actor, id int64, v int, b *versionBody) error {
		return ignore(s.Close(ctx, a, id, v))
	}),
}

// act runs POST /api/v1/requests/{id}/{action}.
func (s *Server) act(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mk, ok := acts[r.PathValue("action")]
	if !ok {
		return notFoundRoute()
	}
	bodyVersion, run, err := mk(s.svc)(r)
	if err != nil {
		return err
	}
	v, err := version(r, bodyVersion)
	if err != nil {
		return err
	}
	if err := run(r.Context(), a, id, v); err != nil {
		return err
	}
	return s.respondRequest(w, r, a, id, http.StatusOK)
}
