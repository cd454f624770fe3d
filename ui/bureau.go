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
		u.mux.HandleFunc("POST /bureau/requests/{id}/biometric-search", u.signedIn(u.bureauBiometricSearch))
		u.mux.HandleFunc("POST /bureau/requests/{id}/comparisons", u.signedIn(u.bureauCompare))
		u.mux.HandleFunc("POST /bureau/requests/{id}/comparisons/{cid}/confirmation-sample", u.signedIn(u.bureauConfirmationSample))
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
	// After a biometric search of suspect BioSearchedID: its kind and the
	// candidates, leads for an examiner (docs/rules.md#r33).
	BioSearchedID int64
	BioKind       string
	BioCandidates []nsor.BiometricCandidate
	BioSearched   bool
	// The examiners' comparisons recorded for the request; Identified holds
	// the suspects one concludes identification for (with, for DNA, its
	// confirmation sample), the only ones whose answer may rest on a
	// biometric basis; Examiner says the viewer may record a comparison.
	Comparisons []*nsor.Comparison
	Identified  map[int64][]*nsor.Comparison
	Examiner    bool
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
	d := &bureauRequestData{View: v}
	if err := u.bureauBiometrics(r, c, d); err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "bureau_request", nil, d)
	return nil
}

// bureauBiometrics adds to d the request's comparisons and whether the
// viewer may examine: a bureau analyst, while the request is forwarded, who
// is not the analyst answering it (the service decides; the page only
// offers).
func (u *UI) bureauBiometrics(r *http.Request, c *Ctx, d *bureauRequestData) error {
	v := d.View
	if v == nil || !c.Actor.Is(nsor.RoleAnalyst) && !c.Actor.Is(nsor.RoleSupervisor) {
		return nil
	}
	cs, err := u.app.Comparisons(r.Context(), c.Actor, v.ID)
	if err != nil {
		return err
	}
	d.Comparisons, d.Identified = cs, map[int64][]*nsor.Comparison{}
	for _, cmp := range cs {
		if cmp.Conclusion == nsor.ConclusionIdentification && (cmp.Kind != nsor.BiometricDNA || cmp.ConfirmationSample != "") {
			d.Identified[cmp.SuspectID] = append(d.Identified[cmp.SuspectID], cmp)
		}
	}
	d.Examiner = c.Actor.Is(nsor.RoleAnalyst) && v.State == nsor.StateForwarded && v.AnalystID != 0 && v.AnalystID != c.Actor.ID()
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
	if lerr := u.bureauBiometrics(r, c, d); lerr != nil {
		return err
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
	d := &bureauRequestData{View: v, SearchedID: sid, Candidates: cands, Searched: true}
	if err := u.bureauBiometrics(r, c, d); err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "bureau_request", nil, d)
	return nil
}

// bureauBiometricSearch searches the register's fingerprints with the
// tenprint attached for the suspect, or its DNA profiles with the attached
// crime-scene profile at the stringency chosen (an act, recorded with the
// request as its purpose), and shows the candidates as leads.
func (u *UI) bureauBiometricSearch(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid := formInt(r, "suspect_id")
	kind := r.PostForm.Get("kind")
	var cands []nsor.BiometricCandidate
	switch kind {
	case nsor.BiometricDNA:
		cands, err = u.app.SearchDNA(r.Context(), c.Actor, id, sid, nsor.DNAProbe{Stringency: r.PostForm.Get("stringency"),
			MinLoci: int(formInt(r, "min_loci")), Mismatch: r.PostForm.Get("mismatch") == "1"})
	default:
		kind = nsor.BiometricFingerprint
		cands, err = u.app.SearchFingerprints(r.Context(), c.Actor, id, sid, nsor.FingerprintProbe{})
	}
	if err != nil {
		return u.bureauAgain(w, r, c, id, err, &bureauRequestData{BioSearchedID: sid, BioKind: kind})
	}
	v, err := u.app.Request(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	d := &bureauRequestData{View: v, BioSearchedID: sid, BioKind: kind, BioCandidates: cands, BioSearched: true}
	if err := u.bureauBiometrics(r, c, d); err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "bureau_request", nil, d)
	return nil
}

// bureauCompare records an examiner's comparison: the fingers as numbers
// and the loci as names, each separated by commas or spaces.
func (u *UI) bureauCompare(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.bureauAct(w, r, c, "biometric.compared", "", func(id int64, _ int) error {
		in := nsor.ComparisonInput{SuspectID: formInt(r, "suspect_id"), RecordID: formInt(r, "record_id"), Kind: r.PostForm.Get("kind"),
			RecordRef: strings.TrimSpace(r.PostForm.Get("record_ref")), Conclusion: nsor.Conclusion(r.PostForm.Get("conclusion")),
			Note: strings.TrimSpace(r.PostForm.Get("comparison_note"))}
		for _, f := range splitList(r.PostForm.Get("fingers")) {
			n, err := strconv.Atoi(f)
			if err != nil {
				return nsor.Invalid("fingers", "comparison.detail", "Finger positions are 1 (right thumb) to 10 (left little), each once.")
			}
			in.Fingers = append(in.Fingers, n)
		}
		in.Loci = splitList(r.PostForm.Get("loci"))
		_, err := u.app.RecordComparison(r.Context(), c.Actor, id, in)
		return err
	})
}

// bureauConfirmationSample records a DNA identification's confirmation
// sample.
func (u *UI) bureauConfirmationSample(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	return u.bureauAct(w, r, c, "biometric.sample_recorded", "", func(id int64, _ int) error {
		cid, err := pathID(r, "cid")
		if err != nil {
			return err
		}
		_, err = u.app.RecordConfirmationSample(r.Context(), c.Actor, cid, r.PostForm.Get("sample"))
		return err
	})
}

// splitList splits a list typed with commas or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
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
				ComparisonID: formInt(r, "comparison_id."+s),
				Note:         strings.TrimSpace(r.PostForm.Get("note." + s)), Needed: r.PostForm["needed."+s]})
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

// Stringencies are the DNA search's stringencies, for the analyst's form.
func (c *Ctx) Stringencies() []string { return []string{"high", "moderate", "low"} }

// Conclusions are an examiner's conclusions, for the comparison form.
func (c *Ctx) Conclusions() []string {
	return []string{string(nsor.ConclusionIdentification), string(nsor.ConclusionExclusion), string(nsor.ConclusionInconclusive)}
}
