package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nsor"
)

// TestDPOPages: the DPO's page shows the district's cases and which
// sexual-violence cases lack a female officer; adding one without a reason
// comes back with the message beside the field, writing nothing; with a
// reason the case then has one; a transfer to the officer who holds it is
// refused beside the officer's field.
func TestDPOPages(t *testing.T) {
	e, _ := newDemoEnv(t)
	dpo := e.as("dpo.lahore")
	home := dpo.get("/dpo")
	okPage(t, "DPO home", home)
	if !home.has("sexual violence") || !home.has("have no female officer") {
		t.Fatalf("the DPO's page does not show the cases lacking a female officer:\n%s", home.Body)
	}
	st, err := e.svc.Staffing(e.ctx, &nsor.Actor{User: e.users["dpo.lahore"].User, Jurisdiction: e.jurisdiction("PB-LHR-LHR")}, nsor.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var c *nsor.CaseStaffing
	for _, x := range st.Cases {
		if x.NeedsFemaleOfficer() {
			c = x
			break
		}
	}
	if c == nil {
		t.Fatal("no Lahore case lacks a female officer")
	}
	path := "/dpo/cases/" + idStr(c.FIRID)
	okPage(t, "case", dpo.get(path))
	female := idStr(e.users["io.lahore3"].ID)
	bad := dpo.post(path+"/co-investigators", url.Values{"version": {idStr(int64(c.Version))}, "user_id": {female}, "co_reason": {""}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="f-co_reason-err"`) || !strings.Contains(bad.Body, `value="`+female+`" selected`) {
		t.Errorf("an addition without a reason: %d\n%s", bad.Status, bad.Body)
	}
	ok := dpo.post(path+"/co-investigators", url.Values{"version": {idStr(int64(c.Version))}, "user_id": {female},
		"co_reason": {"A female officer must take part in this investigation."}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("addition: %d\n%s", ok.Status, ok.Body)
	}
	after := dpo.get(path)
	if !after.has("The officer was added to the case.") || after.has("has no female officer on it") {
		t.Errorf("after the addition the case still lacks a female officer:\n%s", after.Body)
	}
	same := dpo.post(path+"/transfer", url.Values{"version": {idStr(int64(c.Version + 1))}, "io_user_id": {idStr(c.Lead.ID)},
		"reason": {"The officer was posted to another police station."}})
	if same.Status != http.StatusUnprocessableEntity || !strings.Contains(same.Body, `id="f-io_user_id"`) || !strings.Contains(same.Body, "already with this officer") {
		t.Errorf("a transfer to the same officer: %d", same.Status)
	}
	dpo.lang = "ur"
	okPage(t, "DPO home in Urdu", dpo.get("/dpo"))
}

// TestBureauPages: an analyst sees the notice of work that arrived and the
// forwarded queue; takes a request; searches for a suspect and sees the
// candidates with their reasons; answers; the supervisor's page offers the
// analysts to assign to.
func TestBureauPages(t *testing.T) {
	e, seed := newDemoEnv(t)
	// Work arrives: a forward notifies the analysts.
	dppActor := seed.Actor("dpp.lahore2")
	var fwd int64
	for _, id := range seed.Requests[nsor.StateSubmitted] {
		r := e.request(id)
		if _, err := e.svc.Forward(e.ctx, dppActor, id, r.Version, nsor.Checklist{FIRCopyMatches: true, EligibleSection: true,
			SuspectsNamedInFIR: true, GroundsSubstantiated: true}); err == nil {
			fwd = id
			break
		}
	}
	if fwd == 0 {
		t.Fatal("nothing could be forwarded")
	}
	an := e.as("analyst1")
	home := an.get("/bureau")
	okPage(t, "bureau", home)
	ref := e.request(fwd).Ref
	if !home.has("new notice") || !home.has(ref) {
		t.Fatalf("the analyst's page lacks the notice or %s:\n%s", ref, home.Body)
	}
	path := "/bureau/requests/" + idStr(fwd)
	if p := an.post(path+"/assign", url.Values{"version": {idStr(int64(e.request(fwd).Version))}}); p.Status != http.StatusSeeOther {
		t.Fatalf("take: %d\n%s", p.Status, p.Body)
	}
	p := an.get(path)
	okPage(t, "bureau request", p)
	r := e.request(fwd)
	s := an.post(path+"/search", url.Values{"suspect_id": {idStr(r.Suspects[0].ID)}})
	okPage(t, "search", s)
	if !s.has("candidate(s) in the register") {
		t.Errorf("the search shows no candidates section:\n%s", s.Body)
	}
	form := url.Values{"version": {idStr(int64(r.Version))}}
	for _, sp := range r.Suspects {
		form.Add("suspect", idStr(sp.ID))
		form.Set("outcome."+idStr(sp.ID), "no_record")
	}
	bad := url.Values{"version": form["version"], "suspect": form["suspect"]}
	if p := an.post(path+"/answer", bad); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("an answer without outcomes: %d", p.Status)
	}
	if p := an.post(path+"/answer", form); p.Status != http.StatusSeeOther || e.request(fwd).State != nsor.StateAnswered {
		t.Errorf("answer: %d %s\n%s", p.Status, e.request(fwd).State, p.Body)
	}
	sup := e.as("supervisor1")
	sh := sup.get("/bureau")
	okPage(t, "supervisor", sh)
	if !sh.has(`name="analyst_id"`) && len(seed.Requests[nsor.StateForwarded]) > 0 {
		t.Error("the supervisor is offered no analyst to assign to")
	}
	sup.lang = "ur"
	okPage(t, "supervisor in Urdu", sup.get("/bureau"))
}

// TestOversightPage: the dashboard by district with its charts drawn as SVG
// on the server, each with a title and a description, the same figures as
// tables, and the districts with no female officer; in Urdu too.
func TestOversightPage(t *testing.T) {
	e, _ := newDemoEnv(t)
	o := e.as("oversight.punjab")
	p := o.get("/oversight")
	okPage(t, "oversight", p)
	if strings.Count(p.Body, "<svg") != 3 || strings.Count(p.Body, `<desc id="`) != 3 || !p.has(`role="img"`) {
		t.Error("the dashboard lacks its three accessible charts")
	}
	if !p.has("Rawalpindi") || !p.has("Districts with no female investigating officer") || !p.has("<caption>") {
		t.Error("the dashboard lacks the districts with no female officer or its tables")
	}
	o.lang = "ur"
	okPage(t, "oversight in Urdu", o.get("/oversight"))
	if p := e.as("io.lahore1").get("/oversight"); p.Status == http.StatusOK {
		t.Error("an officer opened the oversight dashboard")
	}
}

// TestRegistrarPages: the maker-checker queue; a second registrar approves
// a pending record; the record's history is read only for a stated purpose.
func TestRegistrarPages(t *testing.T) {
	e, seed := newDemoEnv(t)
	if len(seed.PendingRecords) == 0 {
		t.Skip("the demo seeds no pending record")
	}
	reg := e.as("registrar2")
	q := reg.get("/registrar")
	okPage(t, "registrar", q)
	id := seed.PendingRecords[0]
	if !q.has("/registrar/records/" + idStr(id) + "/versions/") {
		t.Fatalf("the queue lacks record %d:\n%s", id, q.Body)
	}
	ask := reg.get("/registrar/records/" + idStr(id))
	okPage(t, "record, purpose asked", ask)
	if !ask.has(`name="purpose"`) {
		t.Error("the record is shown without asking the purpose")
	}
	hist := reg.get("/registrar/records/" + idStr(id) + "?purpose=" + url.QueryEscape("Checking a proposed correction"))
	okPage(t, "record history", hist)
	if !hist.has("The record&#39;s history") {
		t.Errorf("no history:\n%s", hist.Body)
	}
	n := strings.SplitN(strings.SplitN(q.Body, "/registrar/records/"+idStr(id)+"/versions/", 2)[1], "/", 2)[0]
	if p := reg.post("/registrar/records/"+idStr(id)+"/versions/"+n+"/check", url.Values{"decision": {"approve"}, "note": {"Checked against the court's judgment."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", p.Status, p.Body)
	}
	if p := reg.get("/registrar"); !p.has("The change was approved.") || p.has("/registrar/records/"+idStr(id)+"/versions/"+n+"/check") {
		t.Error("the approved change is still in the queue")
	}
	reg.lang = "ur"
	okPage(t, "registrar in Urdu", reg.get("/registrar"))
}
