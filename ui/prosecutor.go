package ui

import (
	"encoding/json"
	"html/template"
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
	u.render(w, c, http.StatusOK, "dpp_queue", nil, dppQueueOf(c, q))
	return nil
}

// dppQueueData is the queue's page with each row's words and times written
// once here, not looked up and formatted by the template for every cell:
// the column labels repeat on every row (they head the cells when the table
// stacks on a narrow screen).
type dppQueueData struct {
	*nsor.ProsecutorQueue
	Col  struct{ Request, FIR, Suspects, Left, Earlier string }
	Rows []dppQueueRow
	// NextURL is the next page's address, "" on the last page.
	NextURL string
	// Body is the table's rows (rowsHTML).
	Body template.HTML
}

// dppQueueRow is one request of the queue as its row shows it.
type dppQueueRow struct {
	RequestID   int64
	Ref         string
	Resubmitted string // "submission 2" when submitted again, "" the first time
	FIR         string
	Station     string
	Suspects    []string
	Overdue     bool
	DueSoon     bool
	Left        string // time left, or overdue by
	Due         string // "due 2026-12-04 10:00"
	Earlier     []dppQueueEarlier
}

// dppQueueEarlier is an earlier return or rejection as a row shows it.
type dppQueueEarlier struct {
	Action, Ref, By, Suspect string
}

func dppQueueOf(c *Ctx, q *nsor.ProsecutorQueue) *dppQueueData {
	d := &dppQueueData{ProsecutorQueue: q, Rows: make([]dppQueueRow, len(q.Items))}
	d.Col.Request, d.Col.FIR, d.Col.Suspects = c.T("dpp.col.request"), c.T("dpp.col.fir"), c.T("dpp.col.suspects")
	d.Col.Left, d.Col.Earlier = c.T("dpp.col.left"), c.T("dpp.col.earlier")
	words := map[string]string{} // the actions' and matches' words, looked up once a page
	word := func(key string) string {
		w, ok := words[key]
		if !ok {
			w = c.T(key)
			words[key] = w
		}
		return w
	}
	for i, it := range q.Items {
		row := &d.Rows[i]
		*row = dppQueueRow{RequestID: it.RequestID, Ref: it.Ref, FIR: it.FIR, Station: it.Station, Suspects: it.Suspects,
			Overdue: it.Deadline.Overdue, DueSoon: it.DueSoon, Left: c.Left(it.Deadline.DueAt),
			Due: c.T("dpp.due", c.Time(it.Deadline.DueAt))}
		if it.Submissions > 1 {
			row.Resubmitted = c.T("dpp.resubmitted", it.Submissions)
		}
		for _, e := range it.Earlier {
			row.Earlier = append(row.Earlier, dppQueueEarlier{Action: word("dpp.act." + string(e.Action)), Ref: e.Ref,
				By: word("dpp.by." + e.By), Suspect: e.Suspect})
		}
	}
	if q.Next != nil {
		d.NextURL = "/prosecutor/queue?after=" + c.Cursor(q.Next)
	}
	d.Body = d.rowsHTML(c.T("dpp.overdue"))
	return d
}

// rowsHTML writes the table's rows, every value escaped for the text or the
// quoted attribute it stands in. It is the one part of the page written here
// and not by its template: html/template calls its escapers through
// reflection for each of a row's fifteen values, which for a page of 50 cost
// more than the rest of the page (docs/web.md, the queue's render);
// TestQueueRowsAsTemplate holds it to the template it replaces.
func (d *dppQueueData) rowsHTML(overdue string) template.HTML {
	var b strings.Builder
	b.Grow(len(d.Rows) * 700)
	esc := func(s string) { template.HTMLEscape(&b, []byte(s)) }
	cell := func(label string) {
		b.WriteString(`<td data-label="`)
		esc(label)
		b.WriteString(`">`)
	}
	for _, r := range d.Rows {
		b.WriteString("<tr")
		if r.Overdue {
			b.WriteString(` class="row-overdue"`)
		}
		b.WriteString(">\n")
		cell(d.Col.Request)
		b.WriteString(`<a href="/prosecutor/requests/`)
		b.WriteString(strconv.FormatInt(r.RequestID, 10))
		b.WriteString(`">`)
		esc(r.Ref)
		b.WriteString("</a>")
		if r.Resubmitted != "" {
			b.WriteString(` <span class="badge">`)
			esc(r.Resubmitted)
			b.WriteString("</span>")
		}
		b.WriteString("</td>\n")
		cell(d.Col.FIR)
		esc(r.FIR)
		b.WriteString(` · <span dir="auto">`)
		esc(r.Station)
		b.WriteString("</span></td>\n")
		cell(d.Col.Suspects)
		for i, s := range r.Suspects {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<span dir="auto">`)
			esc(s)
			b.WriteString("</span>")
		}
		b.WriteString("</td>\n")
		cell(d.Col.Left)
		switch {
		case r.Overdue:
			b.WriteString(`<span class="overdue"><span class="badge">`)
			esc(overdue)
			b.WriteString("</span> ")
			esc(r.Left)
			b.WriteString("</span>")
		case r.DueSoon:
			b.WriteString(`<span class="soon">`)
			esc(r.Left)
			b.WriteString("</span>")
		default:
			esc(r.Left)
		}
		b.WriteString("<br><small>")
		esc(r.Due)
		b.WriteString("</small></td>\n")
		cell(d.Col.Earlier)
		for _, e := range r.Earlier {
			b.WriteString(`<div><span class="badge">`)
			esc(e.Action)
			b.WriteString("</span> ")
			esc(e.Ref)
			b.WriteString(" (")
			esc(e.By)
			b.WriteString(`: <span dir="auto">`)
			esc(e.Suspect)
			b.WriteString("</span>)</div>")
		}
		if len(r.Earlier) == 0 {
			b.WriteString("—")
		}
		b.WriteString("</td>\n</tr>")
	}
	return template.HTML(b.String())
}

// dppRequestData is what the prosecutor's request page shows.
type dppRequestData struct {
	View       *nsor.RequestView
	Annexure   *nsor.AnnexureA
	Submission *nsor.Submission
	Samples    map[int64][]*nsor.RequestSample // attached, by suspect (ui/samples.go)
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
	if d.Samples, err = u.requestSamples(r, c, id); err != nil {
		return nil, err
	}
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
