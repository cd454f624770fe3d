package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nsor"
)

// TestBrowserDuplicateCheck: in Chromium, the registrar types an entry
// whose CNIC is a register record's already, checks it, and sees that
// record linked with its reason before saving; in Urdu, a name too long is
// refused beside the name with the limit in Urdu. Both pages are
// screenshotted and checked by axe-core.
func TestBrowserDuplicateCheck(t *testing.T) {
	e := newEnv(t)
	mu := e.user("reg1", nsor.RoleRegistrar, "PK")
	e.user("reg2", nsor.RoleRegistrar, "PK")
	in := nsor.RecordInput{Name: "Saleem Akhtar", CNIC: "91101-1234567-1", Gender: "male", DOB: "1980-03-14",
		Parentage:   []nsor.Parentage{{Relation: "S/O", Name: "Rashid Mehmood"}},
		Convictions: []nsor.Conviction{{Court: "Sessions Court Okara", CaseNumber: "SC-77/2019", Sections: []string{"376"}, ConvictedOn: "2019-05-02"}}}
	v, _, err := e.svc.ProposeRecord(e.ctx, e.actor(mu), in, "Judgment of the Sessions Court, Okara.", nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	c := newChrome(t, e)
	c.signIn(mu)
	c.open("/registrar/records/new")
	c.run("type an entry with the same CNIC",
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Salim Akhtar"),
		chromedp.SetValue(chromedp.CSS(`[name="parentage[0].relation"]`), "S/O"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-parentage[0]"]`), "Rashid Mehmood"),
		chromedp.SendKeys(chromedp.CSS(`#f-cnic`), "91101-1234567-1"),
		chromedp.SetValue(chromedp.CSS(`#f-gender`), "male"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-convictions[0].court"]`), "Sessions Court Okara"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-convictions[0].case_number"]`), "SC-78/2019"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-convictions[0].sections"]`), "376"),
		chromedp.SetValue(chromedp.CSS(`[id="f-convictions[0].convicted_on"]`), "2019-05-02"))
	c.submitTo(`button[name="action"][value="check"]`, `#dup-check`)
	link := eval[string](c, `document.querySelector("#dup-check a").getAttribute("href")`)
	if want := "/registrar/records/" + itoa(v.OffenderID); link != want {
		t.Errorf("the duplicate's link = %q, want %q", link, want)
	}
	if text := c.text(`#dup-check`); !strings.Contains(text, "the same CNIC") {
		t.Errorf("the check says %q, want the reason", text)
	}
	c.screenshot("registrar-check-duplicate-en")
	c.open("/registrar/records/new?lang=ur")
	c.run("a name too long", chromedp.SetValue(chromedp.CSS(`#f-name`), strings.Repeat("ع", 205)))
	c.submitTo(`form[action="/registrar/records/new"] button.primary`, `#f-name-err`)
	if msg := c.text(`#f-name-err`); !strings.Contains(msg, "200") || !strings.Contains(msg, "205") || strings.Contains(msg, "too long") {
		t.Errorf("the name's message in Urdu = %q, want the limit and the length in Urdu", msg)
	}
	c.screenshot("registrar-too-long-ur")
	c.open("/registrar/batches?lang=ur")
	c.check()
	c.open("/registrar/records/new?lang=en")
}
