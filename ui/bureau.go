package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /bureau", u.signedIn(u.bureauHome))
		u.mux.HandleFunc("POST /bureau/notices/{id}/read", u.signedIn(u.bureauRead))
		u.mux.HandleFunc("GET /bureau/requests/{id}", u.sensitive(u.bureauRequest, false))
		u.mux.HandleFunc("GET /bureau/requests/{id}/fir-copy", u.sensitive(u.firCopy, true))
		u.mux.HandleFunc("POST /bureau/requests/{id}/assign", u.signedIn(u.bureauAssign))
		u.mux.HandleFunc("POST /bureau/requests/{id}/search", u.signedIn(u.bureauSearch))
		u.mux.HandleFunc("POST /bureau/requests/{id}/answer", u.signedIn(u.bureauAnswer))
		u.mux.HandleFunc("POST /bureau/requests/{id}/confirm", u.signedIn(u.bureauConfirm))
		u.mux.HandleFunc("POST /bureau/requests/{id}/reopen", u.signedIn(u.bureauReopen))
	})
	addNav("/bureau", "nav.bureau.home", 10, nsor.RoleAnalyst, nsor.RoleSupervisor)
}

// bureauHomeData is the analyst's and the supervisor's main page: the
// unread notices (work that arrived), the forwarded queue by age, and the
// answers awaiting a second officer's confirmation.
type bureauHomeData struct {
	Unread   int
	Notices  []*nsor.Notification
	Queue    []*nsor.RequestView
	Confirm  []*nsor.RequestView
	Analysts []nsor.Officer
	Names    map[int64]string
	Me       int64
}

func (u *UI) bureauHome(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	ctx := r.Context()
	d := &bureauHomeData{Me: c.Actor.ID(), Names: map[int64]string{}}
	var err error
	if d.Unread, err = u.app.UnreadCount(ctx, c.Actor); err != nil {
		return err
	}
	ns, err := u.app.Notifications(ctx, c.Actor, true, nsor.Page{Limit: 10})
	if err != nil {
		return err
	}
	d.Notices = ns.Items
	q, err := u.app.Requests(ctx, c.Actor, nsor.RequestQuery{States: []nsor.State{nsor.StateForwarded}, Page: nsor.Page{Limit: nsor.MaxPageSize}})
	if err != nil {
		return err
	}
	d.Queue = q.Items
	// By age: the longest waiting first.
	slices.SortStableFunc(d.Queue, func(a, b *nsor.RequestView) int { return a.StageStarted.Compare(b.StageStarted) })
	a, err := u.app.Requests(ctx, c.Actor, nsor.RequestQuery{States: []nsor.State{nsor.StateAnswered}, Page: nsor.Page{Limit: nsor.MaxPageSize}})
	if err != nil {
		return err
	}
	for _, v := range a.Items {
		if v.AnyRecordFound() {
			d.Confirm = append(d.Confirm, v)
		}
	}
	if c.Actor.Is(nsor.RoleSupervisor) {
		if d.Analysts, err = u.app.BureauAnalysts(ctx, c.Actor); err != nil {
			return err
		}
		for _, o := range d.Analysts {
			d.Names[o.ID] = o.Name
		}
	}
	u.render(w, c, http.StatusOK, "bureau_home", nil, d)
	return nil
}

func (u *UI) bureauRead(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 4<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.app.MarkRead(r.Context(), c.Actor, id); err != nil {
		return err
	}
	redirect(w, r, "/bureau")
	return nil
}

// bureauRequestData is a request as the bureau works it: the suspects as
// the prosecutor verified them and, after a search, the candidates for one
// of them with their reasons.
type bureauRequestData struct {
	View       *nsor.RequestView
	SearchedID int64
	Candidates []nsor.Candidate
	Searched   bool
}

func (u *UI) bureauRequest(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := u.app.Request(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "bureau_request", nil, &bureauRequestData{View: v})
	return nil
}

// bureauAgain shows the request page again with the refused form.
func (u *UI) bureauAgain(w http.ResponseWriter, r *http.Request, c *Ctx, id int64, err error, d *bureauRequestData) error {
	f := NewForm(r.PostForm)
	if !f.Refuse(c, err) {
		return err
	}
	if d == nil {
		d = &bureauRequestData{}
	}
	if d.View == nil {
		v, lerr := u.app.Request(r.Context(), c.Actor, id)
		if lerr != nil {
			return err
		}
		d.View = v
	}
	u.render(w, c, statusOf(nsor.KindOf(err)), "bureau_request", f, d)
	return nil
}

func (u *UI) bureauAct(w http.ResponseWriter, r *http.Request, c *Ctx, done, next string, act func(id int64, version int) error) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := act(id, int(formInt(r, "version"))); err != nil {
		return u.bureauAgain(w, r, c, id, err, nil)
	}
	setFlash(w, r, done)
	if next == "" {
		next = "/bureau/requests/" + strconv.FormatInt(id, 10)
	}
	redirect(w, r, next)
	return nil
}

func (u *UI) bureauAssign(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	next := ""
	if c.Actor.Is(nsor.RoleSupervisor) {
		next = "/bureau"
	}
	return u.bureauAct(w, r, c, "bureau.assigned", next, func(id int64, version int) error {
		_, err := u.app.Assign(r.Context(), c.Actor, id, version, formInt(r, "analyst_id"))
		return err
	})
}

// bureauSearch searches the register for one suspect (an act: recorded with
// the request as its purpose) and shows the candidates with their reasons.
func (u *UI) bureauSearch(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid := formInt(r, "suspect_id")
	terms := nsor.SearchTerms{Name: strings.TrimSpace(r.PostForm.Get("name")), CNIC: strings.TrimSpace(r.PostForm.Get("cnic")),
		Reason: strings.TrimSpace(r.PostForm.Get("search_reason"))}
	cands, err := u.app.SearchRegister(r.Context(), c.Actor, id, sid, terms)
	if err != nil {
		return u.bureauAgain(w, r, c, id, err, &bureauRequestData{SearchedID: sid})
	}
	v, err := u.app.Request(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "bureau_request", nil, &bureauRequestData{View: v, SearchedID: sid, Candidates: cands, Searched: true})
	return nil
}

// bureauAnswer records the outcome for every suspect: the fields of suspect
// n are outcome.n, record_id.n, basis.n and note.n.
func (u *UI) bureauAnswer(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.bureauAct(w, r, c, "bureau.answered", "/bureau", func(id int64, version int) error {
		var outs []nsor.OutcomeInput
		for _, s := range r.PostForm["suspect"] {
			n, _ := strconv.ParseInt(s, 10, 64)
			outs = append(outs, nsor.OutcomeInput{SuspectID: n, Outcome: nsor.Outcome(r.PostForm.Get("outcome." + s)),
				RecordID: formInt(r, "record_id."+s), Basis: nsor.Basis(r.PostForm.Get("basis." + s)),
				Note: strings.TrimSpace(r.PostForm.Get("note." + s)), Needed: r.PostForm["needed."+s]})
		}
		_, err := u.app.Answer(r.Context(), c.Actor, id, version, outs)
		return err
	})
}

func (u *UI) bureauConfirm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.bureauAct(w, r, c, "bureau.confirmed", "/bureau", func(id int64, version int) error {
		_, err := u.app.Confirm(r.Context(), c.Actor, id, version)
		return err
	})
}

func (u *UI) bureauReopen(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.bureauAct(w, r, c, "bureau.reopened", "/bureau", func(id int64, version int) error {
		_, err := u.app.Reopen(r.Context(), c.Actor, id, version, r.PostForm.Get("reason"))
		return err
	})
}
