package ui

import (
	"net/http"
	"strconv"
	"strings"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /registrar", u.signedIn(u.regQueue))
		u.mux.HandleFunc("POST /registrar/records/{id}/versions/{n}/check", u.signedIn(u.regCheck))
		u.mux.HandleFunc("GET /registrar/records/{id}", u.sensitive(u.regRecord, false))
	})
	addNav("/registrar", "nav.registrar", 10, nsor.RoleRegistrar)
}

// regQueue is the registrar's main page: the maker-checker queue, the
// changes awaiting a second registrar, oldest first, with their content
// (the read is recorded by the service).
func (u *UI) regQueue(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	p, err := u.app.PendingChanges(r.Context(), c.Actor, cursor(r))
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "registrar_queue", nil, p)
	return nil
}

func (u *UI) regCheck(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return nsor.NotFound("record")
	}
	approve := r.PostForm.Get("decision") == "approve"
	if _, err := u.app.CheckChange(r.Context(), c.Actor, id, n, approve, strings.TrimSpace(r.PostForm.Get("note"))); err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		p, lerr := u.app.PendingChanges(r.Context(), c.Actor, nsor.Page{})
		if lerr != nil {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_queue", f, p)
		return nil
	}
	if approve {
		setFlash(w, r, "registrar.approved")
	} else {
		setFlash(w, r, "registrar.declined")
	}
	redirect(w, r, "/registrar")
	return nil
}

// regRecordData is a record's history as a registrar reads it, for a
// stated purpose.
type regRecordData struct {
	Record   *nsor.Offender
	Versions []*nsor.OffenderVersion
	Purpose  string
}

// regRecord shows a register record and its history. The purpose is asked
// first and recorded with the read (docs/rules.md#r8).
func (u *UI) regRecord(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	purpose := strings.TrimSpace(r.URL.Query().Get("purpose"))
	d := &regRecordData{Purpose: purpose}
	if purpose == "" {
		u.render(w, c, http.StatusOK, "registrar_record", nil, d)
		return nil
	}
	o, vs, err := u.app.Record(r.Context(), c.Actor, id, purpose)
	if err != nil {
		f := NewForm(r.URL.Query())
		if !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_record", f, d)
		return nil
	}
	d.Record, d.Versions = o, vs
	u.render(w, c, http.StatusOK, "registrar_record", nil, d)
	return nil
}
