package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
)

// idemKey reads the idempotency key the page gave its creating form.
var idemKey = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)

// location's trailing ID.
func lastID(t *testing.T, loc string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(loc[strings.LastIndexByte(loc, '/')+1:], "%d", &id); err != nil {
		t.Fatalf("no ID at the end of %q", loc)
	}
	return id
}

// TestOfficerWalk walks the officer's part of the procedure through the
// pages: an FIR with an accused typed in Urdu (a refused form first, its
// message beside its field and the Urdu kept), its copy (a wrong type and an
// oversized file refused beside the file field), a request picked from the
// FIR, submitted (a double submit harmless), returned and answered, and
// after the bureau's answer the advisory, the acknowledgement and the
// released records with disclosure number and recipient, read as an
// audited read.
func TestOfficerWalk(t *testing.T) {
	e := newEnv(t)
	st := e.station("PB-LHR-LHR", 1)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	dpp := e.user("dpp1", nsor.RoleDPP, "PB-LHR-LHR")
	an := e.user("analyst1", nsor.RoleAnalyst, "PK")
	b := e.browser()
	b.signIn(io)
	if p := b.get("/"); p.Header.Get("Location") != "/officer" {
		t.Fatalf("the officer's main page = %q, want /officer", p.Header.Get("Location"))
	}
	p := b.get("/officer/firs/new")
	if p.Status != http.StatusOK || !p.has(st.Name) {
		t.Fatalf("FIR form = %d, without the station:\n%s", p.Status, p.Body)
	}
	key := idemKey.FindStringSubmatch(p.Body)[1]
	urdu := "زرغون ترقیل"
	form := url.Values{"idempotency_key": {key}, "station_id": {fmt.Sprint(st.ID)}, "number": {""}, "year": {"2026"},
		"registered_on": {"2026-10-30"}, "sections": {"376 PPC, 506 PPC"}, "rows": {"3"},
		"accused[0].name": {urdu}, "accused[0].parentage_relation": {"S/O"}, "accused[0].parentage": {"Tariq"},
		"accused[0].cnic": {"91234-5678901-3"}, "accused[0].gender": {"male"}, "accused[0].age": {"34"},
		"accused[0].address": {"Synthetic street 1, Lahore"}}
	p = b.post("/officer/firs", form)
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-number-err"`) || !p.has(`value="`+urdu+`"`) || !p.has(`href="#f-number"`) {
		t.Fatalf("FIR without a number = %d, want 422 with the message beside the number and the Urdu name kept:\n%s", p.Status, p.Body)
	}
	form.Set("number", "123")
	p = b.post("/officer/firs", form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("FIR = %d:\n%s", p.Status, p.Body)
	}
	firPath := p.Header.Get("Location")
	// The same form sent again (a double click, a reload) makes no second FIR.
	if p := b.post("/officer/firs", form); p.Status != http.StatusSeeOther || p.Header.Get("Location") != firPath {
		t.Errorf("the FIR form sent twice = %d %s, want the same FIR %s", p.Status, p.Header.Get("Location"), firPath)
	}
	if p := b.get("/officer/firs"); strings.Count(p.Body, `href="`+firPath+`"`) != 1 {
		t.Errorf("FIRs listed after a double send: %d links", strings.Count(p.Body, `href="`+firPath+`"`))
	}
	p = b.get(firPath)
	if !p.has(urdu) || !p.has("No copy attached yet") {
		t.Fatalf("FIR page:\n%s", p.Body)
	}
	fir, err := e.svc.FIR(e.ctx, e.actor(io), lastID(t, firPath))
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{"version": {fmt.Sprint(fir.Version)}}
	p = b.upload(firPath+"/copy", v, "file", "fir.txt", []byte("just some text, not a scan"))
	if p.Status != http.StatusUnsupportedMediaType || !p.has(`id="f-file-err"`) || !p.has("not a PDF, JPEG or PNG") {
		t.Errorf("a text file as the FIR copy = %d:\n%s", p.Status, p.Body)
	}
	big := append(append([]byte{}, samplePDF...), make([]byte, e.svc.Config().MaxUpload)...)
	p = b.upload(firPath+"/copy", v, "file", "fir.pdf", big)
	if p.Status != http.StatusRequestEntityTooLarge || !p.has(`id="f-file-err"`) {
		t.Errorf("an oversized FIR copy = %d:\n%s", p.Status, p.Body)
	}
	if p := b.upload(firPath+"/copy", v, "file", "fir.pdf", samplePDF); p.Status != http.StatusSeeOther {
		t.Fatalf("FIR copy = %d:\n%s", p.Status, p.Body)
	}

	// The request: no suspect picked is refused beside the suspects.
	p = b.get(firPath)
	key = idemKey.FindStringSubmatch(p.Body)[1]
	req := url.Values{"idempotency_key": {key}, "grounds": {"Named by the victim; his prior record is needed."}, "declaration": {"yes"}}
	if p := b.post(firPath+"/requests", req); p.Status != http.StatusUnprocessableEntity || !p.has("Pick at least one suspect") {
		t.Errorf("a request without suspects = %d:\n%s", p.Status, p.Body)
	}
	req["suspects"] = []string{fmt.Sprint(fir.Accused[0].ID)}
	p = b.post(firPath+"/requests", req)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("request = %d:\n%s", p.Status, p.Body)
	}
	reqPath := p.Header.Get("Location")
	id := lastID(t, reqPath)
	p = b.get(reqPath)
	if !p.has("Draft") || !p.has(`action="`+reqPath+`/submit"`) {
		t.Fatalf("draft request page:\n%s", p.Body)
	}
	ver := func() string {
		r, err := e.svc.Request(e.ctx, e.actor(io), id)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(r.Version)
	}
	draftVersion := ver()
	if p := b.post(reqPath+"/submit", url.Values{"version": {draftVersion}}); p.Status != http.StatusSeeOther {
		t.Fatalf("submit = %d:\n%s", p.Status, p.Body)
	}
	// The second click of the submit button: harmless, and said so.
	p = b.post(reqPath+"/submit", url.Values{"version": {draftVersion}})
	if p.Status != http.StatusConflict || !p.has("changed since you opened the page") || !p.has("Submitted to the prosecutor") {
		t.Errorf("submit sent twice = %d:\n%s", p.Status, p.Body)
	}
	// A tampered version is not a new act either.
	if p := b.post(reqPath+"/submit", url.Values{"version": {"x"}}); p.Status != http.StatusConflict {
		t.Errorf("submit with a tampered version = %d", p.Status)
	}
	p = b.get("/officer")
	if !p.has("Submitted to the prosecutor") || !p.has(" min left") {
		t.Errorf("the officer's list does not show the state and the time left:\n%s", p.Body)
	}

	// The prosecutor returns it: the officer sees why and which item failed.
	d := e.actor(dpp)
	r, _ := e.svc.Request(e.ctx, d, id)
	if _, err := e.svc.Return(e.ctx, d, id, r.Version, nil, []string{"grounds_substantiated"}, "Say how the victim named him."); err != nil {
		t.Fatal(err)
	}
	p = b.get(reqPath)
	if !p.has("The prosecutor returned this request") || !p.has("Say how the victim named him.") || !p.has("The grounds are not substantiated") {
		t.Fatalf("returned request page:\n%s", p.Body)
	}
	if p := b.post(reqPath+"/resubmit", url.Values{"version": {ver()}, "clarification": {""}}); p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-clarification-err"`) {
		t.Errorf("resubmit without a clarification = %d:\n%s", p.Status, p.Body)
	}
	if p := b.post(reqPath+"/resubmit", url.Values{"version": {ver()}, "clarification": {"The victim named him in her statement."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("resubmit = %d:\n%s", p.Status, p.Body)
	}

	// The prosecutor forwards, the bureau answers, the prosecutor releases.
	r, _ = e.svc.Request(e.ctx, d, id)
	if _, err := e.svc.Forward(e.ctx, d, id, r.Version, nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}); err != nil {
		t.Fatal(err)
	}
	a := e.actor(an)
	r, _ = e.svc.Request(e.ctx, a, id)
	if _, err := e.svc.Assign(e.ctx, a, id, r.Version, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SearchRegister(e.ctx, a, id, r.Suspects[0].ID, nsor.SearchTerms{}); err != nil {
		t.Fatal(err)
	}
	r, _ = e.svc.Request(e.ctx, a, id)
	if _, err := e.svc.Answer(e.ctx, a, id, r.Version, []nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeNoRecord}}); err != nil {
		t.Fatal(err)
	}
	r, _ = e.svc.Request(e.ctx, d, id)
	if _, err := e.svc.Release(e.ctx, d, id, r.Version); err != nil {
		t.Fatal(err)
	}

	// The advisory first; the release only after accepting it.
	p = b.get(reqPath)
	if !p.has(nsor.Advisory) || !p.has(`action="`+reqPath+`/acknowledge"`) {
		t.Fatalf("released request page without the advisory:\n%s", p.Body)
	}
	if p := b.get(reqPath + "/release"); p.Status != http.StatusForbidden && p.Status != http.StatusConflict {
		t.Errorf("release before the acknowledgement = %d", p.Status)
	}
	sha := regexp.MustCompile(`name="advisory_sha256" value="([^"]+)"`).FindStringSubmatch(p.Body)[1]
	if p := b.post(reqPath+"/acknowledge", url.Values{"version": {ver()}, "advisory_sha256": {sha}}); p.Status == http.StatusSeeOther {
		t.Error("acknowledged without ticking the advisory")
	}
	if p := b.post(reqPath+"/acknowledge", url.Values{"version": {ver()}, "advisory_sha256": {sha}, "accept": {"yes"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("acknowledge = %d:\n%s", p.Status, p.Body)
	}
	e.clock.Advance(time.Minute)
	p = b.get(reqPath + "/release")
	rv, err := e.svc.Request(e.ctx, e.actor(io), id)
	if err != nil || rv.Release == nil {
		t.Fatal(err)
	}
	if p.Status != http.StatusOK || !p.has(rv.Release.Number) || !p.has("Officer io1") || !p.has("No record") || p.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("release page = %d, want the disclosure number %s and the recipient:\n%s", p.Status, rv.Release.Number, p.Body)
	}
	// The read is the service's, recorded as a read from the web.
	var reads int
	_ = e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "release.read", ActorID: io.ID})
		for _, x := range es {
			if x.Record.Source == "web" && x.Record.Outcome == auditrec.OutcomeOK {
				reads++
			}
		}
		return err
	})
	if reads != 1 {
		t.Errorf("audited web reads of the release = %d, want 1", reads)
	}
	// Cross-site and prefetched: refused, and no further read recorded.
	for name, h := range map[string][2]string{"cross-site": {"Sec-Fetch-Site", "cross-site"}, "prefetch": {"Sec-Purpose", "prefetch"}, "script": {"Sec-Fetch-Mode", "cors"}} {
		req, _ := http.NewRequestWithContext(e.ctx, http.MethodGet, e.srv.URL+reqPath+"/release", nil)
		site := "same-origin"
		if h[0] == "Sec-Fetch-Site" {
			site = h[1]
		}
		b.header.Set(h[0], h[1])
		p := b.do(req, site)
		b.header.Del(h[0])
		if p.Status != http.StatusForbidden || p.has(rv.Release.Number) {
			t.Errorf("%s GET of the release = %d", name, p.Status)
		}
	}
	if p := b.get(reqPath + "/annexure"); p.Status != http.StatusOK || !p.has("Annexure A") || !p.has("The victim named him in her statement.") || !p.has("print.css") {
		t.Errorf("Annexure A = %d:\n%s", p.Status, p.Body)
	}
}
