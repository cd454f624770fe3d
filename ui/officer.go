package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"nsor"
)

// The investigating officer's pages: FIRs with their accused and copy, the
// request (Annexure A) made from an FIR, its submission and answer to a
// return, the advisory and the released records.
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /officer", u.signedIn(u.officerHome))
		u.mux.HandleFunc("GET /officer/firs", u.signedIn(u.officerFIRs))
		u.mux.HandleFunc("GET /officer/firs/new", u.signedIn(u.firForm))
		u.mux.HandleFunc("POST /officer/firs", u.signedIn(u.createFIR))
		u.mux.HandleFunc("GET /officer/firs/{id}", u.sensitive(u.officerFIR, false))
		u.mux.HandleFunc("POST /officer/firs/{id}/copy", u.signedIn(u.uploadCopy))
		u.mux.HandleFunc("POST /officer/firs/{id}/requests", u.signedIn(u.createRequest))
		u.mux.HandleFunc("GET /officer/requests/{id}", u.sensitive(u.officerRequest, false))
		u.mux.HandleFunc("GET /officer/requests/{id}/annexure", u.sensitive(u.annexure, false))
		u.mux.HandleFunc("POST /officer/requests/{id}/{act}", u.signedIn(u.officerAct))
		u.mux.HandleFunc("GET /officer/requests/{id}/release", u.sensitive(u.officerRelease, false))
	})
	addNav("/officer", "nav.io.requests", 10, nsor.RoleIO)
	addNav("/officer/firs", "nav.io.firs", 20, nsor.RoleIO)
	addNav("/officer/firs/new", "nav.io.new_fir", 30, nsor.RoleIO)
}

// pathID reads the {name} of the path as an ID; anything else is not found
// (a tampered link).
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
	}
	return id, nil
}

// formVersion reads the hidden version of a form: a tampered one is
// refused as the stale version it would be.
func formVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 0 {
		return 0, nsor.Errorf(nsor.KindConflict, "version.stale", "This changed since you loaded it; reload it and try again.")
	}
	return v, nil
}

// officerHome is the officer's main page: their requests, newest first,
// with state and time left.
func (u *UI) officerHome(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	q := nsor.RequestQuery{Page: nsor.Page{Limit: 50}}
	if after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64); err == nil && after > 0 {
		q.Page.After = []int64{after}
	}
	page, err := u.app.Requests(r.Context(), c.Actor, q)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "io_requests", nil, page)
	return nil
}

func (u *UI) officerFIRs(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	p := nsor.Page{Limit: 50}
	if after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64); err == nil && after > 0 {
		p.After = []int64{after}
	}
	page, err := u.app.FIRs(r.Context(), c.Actor, p)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "io_firs", nil, page)
	return nil
}

// firFormData is what the FIR form needs besides the form.
type firFormData struct {
	Stations []Option
	Rows     []int
	Genders  []Option
}

const firRows = 3

func (u *UI) firData(r *http.Request, c *Ctx, f *Form) (firFormData, error) {
	d := firFormData{}
	rows := firRows
	if n, err := strconv.Atoi(f.Get("rows")); err == nil && n > rows && n <= 20 {
		rows = n
	}
	for i := range rows {
		d.Rows = append(d.Rows, i)
	}
	// The district's stations, read directly (not by paging through the
	// whole hierarchy).
	children, err := u.app.JurisdictionChildren(r.Context(), c.Actor, c.Actor.User.JurisdictionID)
	if err != nil {
		return d, err
	}
	for _, j := range children {
		if j.Kind == nsor.KindStation {
			id := strconv.FormatInt(j.ID, 10)
			d.Stations = append(d.Stations, Option{Value: id, Label: j.Name, Selected: f.Get("station_id") == id})
		}
	}
	return d, nil
}

func (u *UI) firForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	f := NewForm(nil)
	f.Values.Set("year", strconv.Itoa(u.opts.Now().In(pkt).Year()))
	d, err := u.firData(r, c, f)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "io_fir_new", f, d)
	return nil
}

// createFIR enters the FIR with its accused. Rows left blank are not
// accused; "more" re-renders the form with another row, keeping what was
// typed.
func (u *UI) createFIR(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, firFormLimit); err != nil {
		d, derr := u.firData(r, c, NewForm(nil))
		if derr != nil {
			return derr
		}
		return u.refuseTooLarge(w, c, err, firFormLimit, "io_fir_new", d)
	}
	f := NewForm(r.PostForm)
	in, rows := firInput(c, f)
	status := http.StatusUnprocessableEntity
	if r.PostForm.Has("more") {
		f.Values.Set("rows", strconv.Itoa(rows+1))
		status = http.StatusOK
	} else if !f.Failed() {
		fir, _, err := u.app.CreateFIR(r.Context(), c.Actor, in, formIdempotency(r))
		if err == nil {
			setFlash(w, r, "io.fir.created")
			redirect(w, r, fmt.Sprintf("/officer/firs/%d", fir.ID))
			return nil
		}
		if !f.Refuse(c, err) {
			return err
		}
		status = statusOf(nsor.KindOf(err))
	}
	d, err := u.firData(r, c, f)
	if err != nil {
		return err
	}
	u.render(w, c, status, "io_fir_new", f, d)
	return nil
}

// firInput reads the FIR form; numbers that are not numbers are refused on
// the form before the service is asked. It returns the rows the form had.
func firInput(c *Ctx, f *Form) (nsor.FIRInput, int) {
	num := func(name string) int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Add(name, c.T("form.number"))
		}
		return n
	}
	in := nsor.FIRInput{Number: f.Get("number"), Year: num("year"), RegisteredOn: f.Get("registered_on")}
	in.StationID, _ = strconv.ParseInt(f.Get("station_id"), 10, 64)
	for _, s := range strings.FieldsFunc(f.Get("sections"), func(r rune) bool { return r == ',' || r == '،' || r == ';' }) {
		if s = strings.TrimSpace(s); s != "" {
			in.Sections = append(in.Sections, s)
		}
	}
	if name := strings.TrimSpace(f.Get("victim.name")); name != "" {
		in.Victim = &nsor.Victim{Name: name, Age: num("victim.age"), Gender: nsor.Gender(f.Get("victim.gender"))}
	}
	rows := firRows
	if n, err := strconv.Atoi(f.Get("rows")); err == nil && n > rows && n <= 20 {
		rows = n
	}
	for i := range rows {
		p := fmt.Sprintf("accused[%d].", i)
		a := nsor.AccusedInput{Name: strings.TrimSpace(f.Get(p + "name")), CNIC: f.Get(p + "cnic"), Gender: f.Get(p + "gender"),
			Address: f.Get(p + "address"), Age: num(p + "age"), DOB: f.Get(p + "date_of_birth")}
		if pn := strings.TrimSpace(f.Get(p + "parentage")); pn != "" || f.Get(p+"parentage_relation") != "" {
			a.Parentage = &nsor.Parentage{Relation: f.Get(p + "parentage_relation"), Name: pn}
		}
		if a.Name == "" && a.CNIC == "" && a.Parentage == nil && a.Address == "" && a.Age == 0 && a.DOB == "" {
			continue // a blank row
		}
		in.Accused = append(in.Accused, a)
	}
	return in, rows
}

// firPage is the FIR page's data: the FIR and its requests' forms.
type firPage struct {
	FIR      *nsor.FIR
	MaxMiB   int64
	Sections string
}

func (u *UI) officerFIR(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.showFIR(w, r, c, http.StatusOK, nil)
}

func (u *UI) showFIR(w http.ResponseWriter, r *http.Request, c *Ctx, status int, f *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fir, err := u.app.FIR(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = NewForm(nil)
	}
	u.render(w, c, status, "io_fir", f, firPage{FIR: fir, MaxMiB: u.app.Config().MaxUpload >> 20, Sections: strings.Join(fir.Sections, ", ")})
	return nil
}

// uploadCopy attaches the FIR copy. A file over the limit or of another
// type is refused beside the file field.
func (u *UI) uploadCopy(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	limit := u.app.Config().MaxUpload
	f := NewForm(nil)
	refuse := func(err error) error {
		if !f.Refuse(c, err) {
			return err
		}
		return u.showFIR(w, r, c, statusOf(nsor.KindOf(err)), f)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok || strings.Contains(err.Error(), "too large") {
			return refuse(nsor.ErrUploadTooLarge(limit))
		}
		return refuse(nsor.Invalid("file", "upload.empty", "The file is empty."))
	}
	defer r.MultipartForm.RemoveAll()
	version, err := formVersion(r)
	if err != nil {
		return refuse(err)
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return refuse(nsor.Invalid("file", "upload.empty", "The file is empty."))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > limit {
		return refuse(nsor.ErrUploadTooLarge(limit))
	}
	if _, err := u.app.PutFIRCopy(r.Context(), c.Actor, id, version, data); err != nil {
		return refuse(err)
	}
	setFlash(w, r, "io.fir.copy_attached")
	redirect(w, r, fmt.Sprintf("/officer/firs/%d", id))
	return nil
}

// createRequest opens the request (Annexure A) with the suspects picked
// from the FIR's accused, the grounds and the declaration.
func (u *UI) createRequest(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := nsor.RequestInput{FIRID: id, Grounds: f.Get("grounds"), Declaration: f.Get("declaration") == "yes"}
	for _, s := range r.PostForm["suspects"] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f.Add("suspects", c.T("io.request.suspect_bad"))
			continue
		}
		in.Suspects = append(in.Suspects, n)
	}
	if !f.Failed() {
		view, err := u.app.CreateRequest(r.Context(), c.Actor, in, formIdempotency(r))
		if err == nil {
			setFlash(w, r, "io.request.created")
			redirect(w, r, fmt.Sprintf("/officer/requests/%d", view.ID))
			return nil
		}
		if !f.Refuse(c, err) {
			return err
		}
		return u.showFIR(w, r, c, statusOf(nsor.KindOf(err)), f)
	}
	return u.showFIR(w, r, c, http.StatusUnprocessableEntity, f)
}

// requestPage is the officer's request page.
type requestPage struct {
	*nsor.RequestView
	Accused  map[int64]nsor.Accused
	Returned []returnedItem
	Can      map[string]bool
	AdvText  string
	Annexure *nsor.AnnexureA
	SubAt    string
	// Samples are the attached samples by suspect; CanAttach offers the
	// attach forms (ui/samples.go).
	Samples   map[int64][]*nsor.RequestSample
	CanAttach bool
}

type returnedItem struct{ Code, Failure string }

func (u *UI) requestData(r *http.Request, c *Ctx, id int64) (*requestPage, error) {
	v, err := u.app.Request(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	p := &requestPage{RequestView: v, Accused: map[int64]nsor.Accused{}, Can: map[string]bool{}}
	for _, s := range v.SuspectViews {
		p.Accused[s.SuspectID] = s.Accused
	}
	for _, a := range v.Actions {
		p.Can[string(a)] = true
	}
	for _, code := range v.ReturnedItems {
		p.Returned = append(p.Returned, returnedItem{Code: code})
	}
	if p.Samples, err = u.requestSamples(r, c, id); err != nil {
		return nil, err
	}
	p.CanAttach = canAttach(v.State)
	return p, nil
}

func (u *UI) officerRequest(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.showRequest(w, r, c, http.StatusOK, nil)
}

func (u *UI) showRequest(w http.ResponseWriter, r *http.Request, c *Ctx, status int, f *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := u.requestData(r, c, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = NewForm(nil)
	}
	u.render(w, c, status, "io_request", f, p)
	return nil
}

// annexure is the printable Annexure A of the request's latest submission
// (or, for a draft, as it would be sent).
func (u *UI) annexure(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := u.requestData(r, c, id)
	if err != nil {
		return err
	}
	var after []int64
	for {
		subs, err := u.app.Submissions(r.Context(), c.Actor, id, nsor.Page{After: after, Limit: nsor.MaxPageSize})
		if err != nil {
			return err
		}
		for _, s := range subs.Items {
			var a nsor.AnnexureA
			if err := json.Unmarshal(s.Annexure, &a); err == nil {
				p.Annexure, p.SubAt = &a, c.Time(s.At)
			}
		}
		if len(subs.Next) == 0 {
			break
		}
		after = subs.Next
	}
	u.render(w, c, http.StatusOK, "io_annexure", nil, p)
	return nil
}

// officerAct runs one act of the officer on a request, with the version the
// page showed: submit, resubmit (answering a return), acknowledge (the
// advisory), withdraw, close. A second send of the same form meets the
// version it already moved on, and is told so.
func (u *UI) officerAct(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	version, err := formVersion(r)
	act := r.PathValue("act")
	if err == nil {
		ctx := r.Context()
		switch act {
		case "submit":
			_, err = u.app.Submit(ctx, c.Actor, id, version)
		case "resubmit":
			_, err = u.app.Resubmit(ctx, c.Actor, id, version, f.Get("clarification"))
		case "acknowledge":
			_, err = u.app.Acknowledge(ctx, c.Actor, id, version, f.Get("accept") == "yes", f.Get("advisory_sha256"))
		case "withdraw":
			_, err = u.app.Withdraw(ctx, c.Actor, id, version, f.Get("reason"))
		case "close":
			_, err = u.app.Close(ctx, c.Actor, id, version)
		default:
			return nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
		}
		if err == nil {
			setFlash(w, r, msgKey("io.act.done."+act))
			if act == "acknowledge" {
				redirect(w, r, fmt.Sprintf("/officer/requests/%d/release", id))
			} else {
				redirect(w, r, fmt.Sprintf("/officer/requests/%d", id))
			}
			return nil
		}
	}
	if u.stale(r, c, id, version, err) {
		f.Add("", c.T("form.stale"))
	} else if !f.Refuse(c, err) {
		return err
	}
	return u.showRequest(w, r, c, statusOf(nsor.KindOf(err)), f)
}

// officerRelease shows the released records to the officer who
// acknowledged the advisory: the disclosure number and the recipient on
// the page, the marked letter to print. The read is the service's
// ReadRelease, recorded as the API's is.
func (u *UI) officerRelease(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rv, err := u.app.ReadRelease(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	var snap nsor.ReleaseSnapshot
	_ = json.Unmarshal(rv.Content, &snap)
	u.render(w, c, http.StatusOK, "io_release", nil, struct {
		*nsor.ReleaseView
		Snap      nsor.ReleaseSnapshot
		RequestID int64
	}{rv, snap, id})
	return nil
}

// stale reports whether err refused an act because the request moved on
// since the page was loaded: a stale version, or a state the act no longer
// fits when the version the page showed is no longer the request's (the
// second send of a form, another person's act in between).
func (u *UI) stale(r *http.Request, c *Ctx, id int64, version int, err error) bool {
	switch nsor.ErrorCode(err) {
	case "version.stale":
		return true
	case "request.wrong_state":
		cur, rerr := u.app.Request(r.Context(), c.Actor, id)
		return rerr == nil && cur.Version != version
	}
	return false
}
