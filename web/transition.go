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

// actBody decodes an act's body and returns the version the client saw:
// the body's, or the If-Match header's (they must agree).
func actBody(r *http.Request, b any, bodyVersion *int) (int, error) {
	if _, err := decode(r, b); err != nil {
		return 0, err
	}
	return version(r, *bodyVersion)
}

// actFunc runs one act with its decoded body.
type actFunc func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error

func ignore(_ *nsor.Request, err error) error { return err }

var acts = map[string]actFunc{
	"submit": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b versionBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Submit(ctx, a, id, v))
	},
	"resubmit": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b resubmitBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Resubmit(ctx, a, id, v, b.Clarification))
	},
	"withdraw": reasonAct((*nsor.Service).Withdraw),
	"reject":   reasonAct((*nsor.Service).Reject),
	"reopen":   reasonAct((*nsor.Service).Reopen),
	"return": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b returnBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Return(ctx, a, id, v, b.Checklist, b.Reason))
	},
	"forward": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b forwardBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Forward(ctx, a, id, v, b.Checklist))
	},
	"assign": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b assignBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Assign(ctx, a, id, v, b.AnalystID))
	},
	"answer": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b answerBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Answer(ctx, a, id, v, b.Outcomes))
	},
	"acknowledge": func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b ackBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(svc.Acknowledge(ctx, a, id, v, b.AcceptAdvisory))
	},
	"confirm": versionAct((*nsor.Service).Confirm),
	"release": versionAct((*nsor.Service).Release),
	"close":   versionAct((*nsor.Service).Close),
}

// versionAct is an act whose body is the version alone.
func versionAct(run func(*nsor.Service, context.Context, *nsor.Actor, int64, int) (*nsor.Request, error)) actFunc {
	return func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b versionBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(run(svc, ctx, a, id, v))
	}
}

// reasonAct is an act whose body is the version and a reason.
func reasonAct(run func(*nsor.Service, context.Context, *nsor.Actor, int64, int, string) (*nsor.Request, error)) actFunc {
	return func(ctx context.Context, svc *nsor.Service, r *http.Request, a *nsor.Actor, id int64) error {
		var b reasonBody
		v, err := actBody(r, &b, &b.Version)
		if err != nil {
			return err
		}
		return ignore(run(svc, ctx, a, id, v, b.Reason))
	}
}

// act runs POST /api/v1/requests/{id}/{action}.
func (s *Server) act(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	run, ok := acts[r.PathValue("action")]
	if !ok {
		return notFoundRoute()
	}
	if err := run(r.Context(), s.svc, r, a, id); err != nil {
		return err
	}
	return s.respondRequest(w, r, a, id, http.StatusOK)
}
