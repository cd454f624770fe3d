package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"nsor"
)

// The form scraper: what a browser sends for a form of a page, read from
// the page's HTML (inputs but buttons and unchecked boxes, textareas,
// selects with their selected option).
var (
	formRe     = regexp.MustCompile(`(?s)<form\b[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>`)
	inputRe    = regexp.MustCompile(`<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option\b([^>]*)>`)
	attrRe     = regexp.MustCompile(`\b([a-z-]+)(?:="([^"]*)")?`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
		if _, ok := m[a[1]]; !ok {
			m[a[1]] = html.UnescapeString(a[2])
		}
	}
	return m
}

// formValues is what the first form of body posting to action sends, its
// buttons aside; the test fails if there is no such form.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		if html.UnescapeString(m[1]) != action {
			continue
		}
		v := url.Values{}
		for _, in := range inputRe.FindAllString(m[2], -1) {
			a := attrs(in)
			if a["name"] == "" || a["type"] == "file" || ((a["type"] == "checkbox" || a["type"] == "radio") && !strings.Contains(in, " checked")) {
				continue
			}
			v.Add(a["name"], a["value"])
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(m[2], -1) {
			v.Add(attrs(ta[1])["name"], html.UnescapeString(strings.TrimPrefix(ta[2], "\n")))
		}
		for _, s := range selectRe.FindAllStringSubmatch(m[2], -1) {
			name, val := attrs(s[1])["name"], ""
			for i, o := range optionRe.FindAllStringSubmatch(s[2], -1) {
				if oa := attrs(o[1]); i == 0 || strings.Contains(o[1], " selected") {
					val = oa["value"]
				}
			}
			v.Add(name, val)
		}
		return v
	}
	t.Fatalf("no form posting to %s in:\n%s", action, body)
	return nil
}

// fullRecord is a synthetic record holding something of every part a
// record has: two parentages, two convictions with every field, two
// addresses with their dates, a laboratory's biometric reference,
// description, marks, and two referrals.
func fullRecord() nsor.RecordInput {
	return nsor.RecordInput{Name: "Naveed Akhtar", Aliases: []string{"Nido"}, CNIC: "91101-5555555-1", Gender: "male",
		DOB: "1979-04-02", BirthPlace: "Kasur",
		Parentage:   []nsor.Parentage{{Relation: "S/O", Name: "Akhtar Ali"}, {Relation: "S/O", Name: "Akhtar Hussain"}},
		Description: "Tall, slim build (synthetic).", Marks: "Scar above the left eyebrow (synthetic).",
		Biometrics: []nsor.Biometric{{Kind: "fingerprint", Reference: "PFSA-FP-2019-0091", Provenance: "PFSA Lahore (synthetic)"},
			{Kind: "dna", Reference: "PFSA-DNA-2019-0017", Provenance: "PFSA Lahore (synthetic)"}},
		Convictions: []nsor.Conviction{
			{Court: "Sessions Court Kasur", CaseNumber: "SC-11/2015", FIR: "FIR-88/2014", Sections: []string{"376", "511"}, ConvictedOn: "2015-03-01",
				Sentence: "7 years", ReleasedOn: "2021-09-15", AppealStatus: "dismissed"},
			{Court: "Sessions Court Lahore", CaseNumber: "SC-40/2022", Sections: []string{"354"}, ConvictedOn: "2022-11-20", Sentence: "2 years"},
		},
		Addresses: []nsor.Address{{Address: "House 9, Street 2, Kasur", District: "Kasur", From: "2010-01-01", To: "2021-09-15"},
			{Address: "Flat 3, Block C, Lahore", District: "Lahore", From: "2021-09-16"}},
		Referrals: []nsor.Referral{{ReferredOn: "2021-10-01", Professional: "Dr. Sana Iqbal (synthetic)", Outcome: "Attending"},
			{ReferredOn: "2022-02-01", Professional: "Dr. Imran Qadir (synthetic)"}},
	}
}

// TestRegistrarCorrectionKeepsRecord: a record of two convictions, two
// addresses, biometrics, marks, description and referrals, corrected
// through the page by changing only the first conviction's sentence,
// keeps all of them in the proposed version: the page shows and sends
// every part of the record, not only the first of each.
func TestRegistrarCorrectionKeepsRecord(t *testing.T) {
	e := newEnv(t)
	maker, _, mu, cu := registrars(t, e)
	in := fullRecord()
	id := activeRecord(t, e, in, cu, mu)
	base := "/registrar/records/" + idStr(id) + "/change"
	p := maker.get(base + "?purpose=" + url.QueryEscape("Sentence corrected on appeal"))
	okPage(t, "change form", p)
	f := formValues(t, p.Body, base)
	if f.Get("convictions[0].sentence") != "7 years" {
		t.Fatalf("the form's first sentence = %q; the form sends %v", f.Get("convictions[0].sentence"), f)
	}
	f.Set("convictions[0].sentence", "5 years")
	f.Set("reason", "The High Court reduced the sentence on appeal.")
	f.Set("action", "correct")
	okPage(t, "correction", maker.post(base, f))
	got := pending(t, e, cu)
	if len(got) != 1 {
		t.Fatalf("pending = %d, want the correction", len(got))
	}
	want, _, err := nsor.ValidateRecord(in, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	want.Convictions[0].Sentence = "5 years"
	if !reflect.DeepEqual(got[0].Record, want) {
		t.Errorf("the proposed correction changed more than the sentence:\n got %+v\nwant %+v", got[0].Record, want)
	}
}

// TestRegistrarRecordRows: "More empty rows" shows the form again with one
// more empty row in each list and writes nothing; a row emptied is a row
// removed; a refusal of an entry typed after an empty row is shown beside
// the row it was typed in, not beside the empty one.
func TestRegistrarRecordRows(t *testing.T) {
	e := newEnv(t)
	maker, _, mu, cu := registrars(t, e)
	id := activeRecord(t, e, fullRecord(), cu, mu)
	base := "/registrar/records/" + idStr(id) + "/change"
	p := maker.get(base + "?purpose=" + url.QueryEscape("Adding rows to the record"))
	f := formValues(t, p.Body, base)
	f.Set("action", "more")
	p = maker.post(base, f)
	okPage(t, "more rows", p)
	for _, want := range []string{`name="convictions[3].court"`, `name="addresses[3].address"`, `name="biometrics[3].reference"`, `name="referrals[3].professional"`, `name="parentage[3]"`} {
		if !p.has(want) {
			t.Errorf("after more rows the form lacks %s", want)
		}
	}
	if got := pending(t, e, cu); len(got) != 0 {
		t.Fatalf("more rows wrote %d changes", len(got))
	}
	// A referral typed in the second empty row, without its date; the
	// first empty row stays empty.
	f = formValues(t, p.Body, base)
	f.Set("action", "correct")
	f.Set("reason", "Referral added (synthetic).")
	f.Set("referrals[3].professional", "Dr. Hina Aslam (synthetic)")
	p = maker.post(base, f)
	if p.Status == http.StatusOK || !p.has(`id="f-referrals[3].referred_on-err"`) || p.has(`id="f-referrals[2].referred_on-err"`) {
		t.Fatalf("the refused referral is not beside its row: %d\n%s", p.Status, p.Body)
	}
	// The second conviction's and the first address's rows emptied: both removed.
	f = formValues(t, maker.get(base+"?purpose="+url.QueryEscape("Removing a duplicate row")).Body, base)
	for k := range f {
		if strings.HasPrefix(k, "convictions[1].") || strings.HasPrefix(k, "addresses[0].") {
			f.Set(k, "")
		}
	}
	f.Set("action", "correct")
	f.Set("reason", "The second conviction was entered twice (synthetic).")
	okPage(t, "rows removed", maker.post(base, f))
	got := pending(t, e, cu)
	if len(got) != 1 || len(got[0].Record.Convictions) != 1 || len(got[0].Record.Addresses) != 1 || got[0].Record.Addresses[0].District != "Lahore" ||
		len(got[0].Record.Referrals) != 2 || len(got[0].Record.Biometrics) != 2 {
		t.Fatalf("pending = %+v", got)
	}
}

// activeRecord enters in as maker's record and checks it as checker's, and
// returns its ID.
func activeRecord(t *testing.T, e *env, in nsor.RecordInput, maker, checker *testUser) int64 {
	t.Helper()
	v, _, err := e.svc.ProposeRecord(e.ctx, e.actor(maker), in, "Judgment.", nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CheckChange(e.ctx, e.actor(checker), v.OffenderID, 1, true, "Checked."); err != nil {
		t.Fatal(err)
	}
	return v.OffenderID
}
