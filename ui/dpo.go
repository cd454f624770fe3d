package ui

import (
	"net/http"
	"strconv"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /dpo", u.signedIn(u.dpoHome))
		u.mux.HandleFunc("GET /dpo/cases/{id}", u.signedIn(u.dpoCase))
		u.mux.HandleFunc("POST /dpo/cases/{id}/transfer", u.signedIn(u.dpoTransfer))
		u.mux.HandleFunc("POST /dpo/cases/{id}/co-investigators", u.signedIn(u.dpoAddOfficer))
	})
	addNav("/dpo", "nav.dpo.home", 10, nsor.RoleDPO)
	addNav("/prosecutor/queue", "nav.dpo.queue", 12, nsor.RoleDPO)
}

// dpoHomeData is the DPO's main page: the district's overdue work, its
// requests, and its cases with who is on them.
type dpoHomeData struct {
	Overdue  []*nsor.RequestView
	Requests nsor.Paged[*nsor.RequestView]
	Staffing *nsor.Staffing
	Lacking  int // sexual-violence cases of the page with no female officer
}

func (u *UI) dpoHome(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	ctx := r.Context()
	over, err := u.app.Requests(ctx, c.Actor, nsor.RequestQuery{Overdue: true, Page: nsor.Page{Limit: nsor.MaxPageSize}})
	if err != nil {
		return err
	}
	reqs, err := u.app.Requests(ctx, c.Actor, nsor.RequestQuery{Page: cursor(r)})
	if err != nil {
		return err
	}
	st, err := u.app.Staffing(ctx, c.Actor, nsor.Page{Limit: nsor.MaxPageSize})
	if err != nil {
		return err
	}
	d := &dpoHomeData{Overdue: over.Items, Requests: reqs, Staffing: st}
	for _, cs := range st.Cases {
		if cs.NeedsFemaleOfficer() {
			d.Lacking++
		}
	}
	u.render(w, c, http.StatusOK, "dpo_home", nil, d)
	return nil
}

// dpoCaseData is one case's staffing with the officers to choose from.
type dpoCaseData struct {
	Case     *nsor.CaseStaffing
	Officers []nsor.Officer
}

func (u *UI) dpoLoadCase(r *http.Request, c *Ctx) (*dpoCaseData, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	// The page of one FIR at or below id, newest first: the case itself
	// when it is the district's.
	st, err := u.app.Staffing(r.Context(), c.Actor, nsor.Page{After: []int64{id + 1}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(st.Cases) != 1 || st.Cases[0].FIRID != id {
		return nil, nsor.NotFound("fir")
	}
	return &dpoCaseData{Case: st.Cases[0], Officers: st.Officers}, nil
}

func (u *UI) dpoCase(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	d, err := u.dpoLoadCase(r, c)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "dpo_case", nil, d)
	return nil
}

func (u *UI) dpoAct(w http.ResponseWriter, r *http.Request, c *Ctx, done string, act func(id int64) error) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := act(id); err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		d, lerr := u.dpoLoadCase(r, c)
		if lerr != nil {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "dpo_case", f, d)
		return nil
	}
	setFlash(w, r, done)
	redirect(w, r, "/dpo/cases/"+strconv.FormatInt(id, 10))
	return nil
}

func (u *UI) dpoTransfer(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dpoAct(w, r, c, "dpo.transferred", func(id int64) error {
		_, err := u.app.Transfer(r.Context(), c.Actor, id, int(formInt(r, "version")), formInt(r, "io_user_id"), r.PostForm.Get("reason"))
		return err
	})
}

func (u *UI) dpoAddOfficer(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.dpoAct(w, r, c, "dpo.officer_added", func(id int64) error {
		_, err := u.app.AddCoInvestigator(r.Context(), c.Actor, id, int(formInt(r, "version")), formInt(r, "user_id"), r.PostForm.Get("co_reason"))
		if e := nsor.AsError(err); e != nil && len(e.Fields) > 0 {
			for i := range e.Fields { // the form's two reasons are two fields
				if e.Fields[i].Field == "reason" {
					e.Fields[i].Field = "co_reason"
				}
			}
		}
		return err
	})
}
