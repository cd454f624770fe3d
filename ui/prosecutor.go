package ui

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /prosecutor/queue", u.signedIn(u.dppQueue))
		u.mux.HandleFunc("GET /prosecutor/requests/{id}", u.sensitive(u.dppRequest, false))
		u.mux.HandleFunc("GET /prosecutor/requests/{id}/fir-copy", u.sensitive(u.firCopy, true))
		u.mux.HandleFunc("POST /prosecutor/requests/{id}/forward", u.signedIn(u.dppForward))
		u.mux.HandleFunc("POST /prosecutor/requests/{id}/return", u.signedIn(u.dppReturn))
		u.mux.HandleFunc("POST /prosecutor/requests/{id}/reject", u.signedIn(u.dppReject))
		u.mux.HandleFunc("POST /prosecutor/requests/{id}/release", u.signedIn(u.dppRelease))
	})
	addNav("/prosecutor/queue", "nav.dpp.queue", 10, nsor.RoleDPP)
}

// dppQueue is the prosecutor's main page: the district's requests awaiting
// them, by time left on the 48-hour clock, with the totals.
func (u *UI) dppQueue(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	q, err := u.app.ProsecutorQueue(r.Context(), c.Actor, cursor(r))
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "dpp_queue", nil, q)
	return nil
}

// dppRequestData is what the prosecutor's request page shows.
type dppRequestData struct {
	View       *nsor.RequestView
	Annexure   *nsor.AnnexureA
	Submission *nsor.Submission
}

// dppRequest shows a request with the checklist beside the FIR copy, the
// earlier rejections for the same suspect, and the acts open now.
func (u *UI) dppRequest(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	d, err := u.dppLoad(r, c)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "dpp_request", nil, d)
	return nil
}

func (u *UI) dppLoad(r *http.Request, c *Ctx) (*dppRequestData, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := u.app.Request(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	d := &dppRequestData{View: v}
	subs, err := u.app.Submissions(r.Context(), c.Actor, id, nsor.Page{Limit: nsor.MaxPageSize})
	if err != nil {
		return nil, err
	}
	if n := len(subs.Items); n > 0 {
		d.Submission = subs.Items[n-1]
		var a nsor.AnnexureA
		if json.Unmarshal(d.Submission.Annexure, &a) == nil {
			d.Annexure = &a
		}
	}
	return d, nil
}

// firCopy serves a request's FIR copy to those who act on it, in a frame of
// the request's page; the service records each view (PPC s.376A).
func (u *UI) firCopy(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, _, err := u.app.FIRCopy(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", b.Type)
	w.Header().Set("Content-Disposition", "inline")
	w.Header().Set("Content-Length", strconv.Itoa(len(b.Data)))
	_, _ = w.Write(b.Data)
	return nil
}

// dppAct runs one act from the request page; a refusal shows the page again
// with the messages beside their fields and what was typed.
// rename moves a service's field name to the form's where two forms of the
// page share one (the return's and the rejection's reason).
func (u *UI) dppAct(w http.ResponseWriter, r *http.Request, c *Ctx, done string, rename map[string]string,
	act func(id int64, version int) error) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := act(id, int(formInt(r, "version"))); err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		for from, to := range rename {
			if msgs, ok := f.Errors[from]; ok {
				delete(f.Errors, from)
				f.Errors[to] = append(f.Errors[to], msgs...)
			}
		}
		d, lerr := u.dppLoad(r, c)
		if lerr != nil {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "dpp_request", f, d)
		return nil
	}
	setFlash(w, r, done)
	redirect(w, r, "/prosecutor/queue")
	return nil
}

func checklistOf(r *http.Request) nsor.Checklist {
	on := func(k string) bool { return r.PostForm.Get("checklist."+k) == "on" }
	return nsor.Checklist{FIRCopyMatches: on("fir_copy_matches"), EligibleSection: on("eligible_section"),
		SuspectsNamedInFIR: on("suspects_named_in_fir"), GroundsSubstantiated: on("grounds_substantiated"),
		Note: strings.TrimSpace(r.PostForm.Get("checklist.note"))}
}

func (u *UI) dppForward(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dppAct(w, r, c, "dpp.forwarded", nil, func(id int64, version int) error {
		_, err := u.app.Forward(r.Context(), c.Actor, id, version, checklistOf(r))
		return err
	})
}

func (u *UI) dppReturn(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dppAct(w, r, c, "dpp.returned", nil, func(id int64, version int) error {
		_, err := u.app.Return(r.Context(), c.Actor, id, version, nil, r.PostForm["failed_items"], r.PostForm.Get("reason"))
		return err
	})
}

func (u *UI) dppReject(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dppAct(w, r, c, "dpp.rejected", map[string]string{"reason": "reject_reason"}, func(id int64, version int) error {
		_, err := u.app.Reject(r.Context(), c.Actor, id, version, r.PostForm.Get("reject_reason"))
		return err
	})
}

func (u *UI) dppRelease(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dppAct(w, r, c, "dpp.released", nil, func(id int64, version int) error {
		_, err := u.app.Release(r.Context(), c.Actor, id, version)
		return err
	})
}
