package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nsor"
)

// TestBrowserSamples walks the sample pages through Chromium over the
// demo's world, in English and Urdu: a registrar uploads a truncated
// template (refused beside the file) and then a tenprint, whose
// description and reference are shown; the reference goes into a record's
// biometrics on the correction page; an officer attaches a tenprint to a
// suspect of the draft request (a truncated one refused first, its form
// open again) and a crime-scene profile; the prosecutor's page lists them
// after the submission. Screenshots samples-*; axe-core checks every page.
func TestBrowserSamples(t *testing.T) {
	e, seed := newDemoEnv(t)
	c := newChrome(t, e)
	dir := t.TempDir()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ten := synthTenprint(t, 21)
	short := file("short.iso", ten[:150])
	good := file("ten.iso", ten)

	c.signIn(e.users["registrar1"])
	for _, lang := range []string{"en", "ur"} {
		c.open("/registrar/samples/new?lang=" + lang)
		c.run("choose the truncated file", chromedp.SetValue(chromedp.CSS(`#f-format`), nsor.FormatISO2005),
			chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{short}))
		c.submitTo(`form[action^="/registrar/samples/new"] button.primary`, `[id="f-file-err"]`)
		c.screenshot("samples-upload-refused-" + lang)
	}
	c.open("/registrar/samples/new?kind=dna&lang=ur")
	c.screenshot("samples-upload-dna-ur")
	c.open("/registrar/samples/new?lang=en")
	c.run("choose the tenprint", chromedp.SetValue(chromedp.CSS(`#f-format`), nsor.FormatISO2005),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{good}))
	c.submitTo(`form[action^="/registrar/samples/new"] button.primary`, `#sample-ref`)
	ref := c.text(`#sample-ref`)
	if ref != nsor.SampleRef(shaOf(ten)) {
		t.Errorf("the stored sample's reference = %q", ref)
	}
	c.screenshot("samples-stored-en")
	c.open("/registrar/samples/" + shaOf(ten) + "?purpose=Checking&lang=ur")
	c.screenshot("samples-stored-ur")

	// Into a record from the sample's page: the record's number, then the
	// correction page's purpose, and the sample is in a biometric row.
	rec := seed.Records[len(seed.Records)-1]
	c.open("/registrar/samples/" + shaOf(ten) + "?purpose=Checking&lang=en")
	c.run("the record's number", chromedp.SendKeys(chromedp.CSS(`#f-record`), fmt.Sprint(rec)))
	c.submitTo(`form[action="/registrar/records/attach"] button.primary`, `#f-purpose`)
	c.run("the purpose", chromedp.SendKeys(chromedp.CSS(`#f-purpose`), "Tenprint received"))
	c.submitTo(`form[method="get"] button.primary`, `#f-reason`)
	n := eval[int](c, `document.querySelectorAll('[name$="].reference"][name^="biometrics["]').length`) - 2
	row := fmt.Sprintf("biometrics[%d]", n)
	if got := eval[string](c, `document.querySelector('[name="`+row+`.reference"]').value`); got != ref {
		t.Fatalf("the sample's row %s holds %q, want %q", row, got, ref)
	}
	c.run("fill the provenance and the reason",
		chromedp.SendKeys(chromedp.CSS(`[name="`+row+`.provenance"]`), "PFSA Lahore (synthetic)"),
		chromedp.SendKeys(chromedp.CSS(`#f-reason`), "Tenprint received (synthetic)."))
	c.screenshot("samples-record-rows-en")
	c.submitTo(`form[action$="/change"] button.primary`, `.notice`)
	c.open(fmt.Sprintf("/registrar/records/%d/change?purpose=Tenprint+received&lang=ur", rec))
	c.screenshot("samples-record-rows-ur")
	c.signOut()

	// The officer attaches to the draft request.
	id := seed.Requests[nsor.StateDraft][0]
	r := e.request(id)
	sid := r.Suspects[0].ID
	tp := sampleFieldName("tenprint", sid)
	c.signIn(e.users[e.userByID(r.IOUserID)])
	for _, lang := range []string{"en", "ur"} {
		c.open(fmt.Sprintf("/officer/requests/%d?lang=%s", id, lang))
		form := fmt.Sprintf(`form[action="%s"]`, attachPath(id, sid, "tenprint"))
		c.run("open the tenprint form", chromedp.Click(chromedp.CSS(`#samples-`+idStr(sid)+` details summary`)),
			chromedp.SetValue(chromedp.CSS(`[name="`+tp+`format"]`), nsor.FormatISO2005),
			chromedp.SetUploadFiles(chromedp.CSS(`[name="`+tp+`file"]`), []string{short}))
		c.submitTo(form+` button.primary`, `[id="f-`+tp+`file-err"]`)
		if open := eval[bool](c, `document.querySelector('[id="f-`+tp+`file-err"]').closest('details').open`); !open {
			t.Errorf("%s: the refused form is closed", lang)
		}
		c.screenshot("samples-attach-refused-" + lang)
	}
	c.open(fmt.Sprintf("/officer/requests/%d?lang=en", id))
	c.run("attach the tenprint", chromedp.Click(chromedp.CSS(`#samples-`+idStr(sid)+` details summary`)),
		chromedp.SetValue(chromedp.CSS(`[name="`+tp+`format"]`), nsor.FormatISO2005),
		chromedp.SetUploadFiles(chromedp.CSS(`[name="`+tp+`file"]`), []string{good}))
	c.submitTo(fmt.Sprintf(`form[action="%s"] button.primary`, attachPath(id, sid, "tenprint")), `.flash`)
	cs := sampleFieldName("crime_scene", sid)
	c.run("attach the crime-scene profile", chromedp.Click(chromedp.CSS(`#samples-`+idStr(sid)+` details:nth-of-type(2) summary`)),
		chromedp.SetUploadFiles(chromedp.CSS(`[name="`+cs+`file"]`), []string{file("cs.json", synthProfile("crime_scene"))}))
	c.submitTo(fmt.Sprintf(`form[action="%s"] button.primary`, attachPath(id, sid, "crime_scene")), `.flash`)
	if got := c.text(`#samples-` + idStr(sid) + ` table`); !strings.Contains(got, shaOf(ten)[:12]) || !strings.Contains(got, "Crime-scene DNA profile") {
		t.Errorf("the suspect's list reads %q", got)
	}
	c.screenshot("samples-attached-en")
	c.open(fmt.Sprintf("/officer/requests/%d?lang=ur", id))
	c.screenshot("samples-attached-ur")
	c.submitTo(`form[action$="/submit"] button.primary`, `.flash`)
	c.signOut()

	c.signIn(e.users["dpp.lahore1"])
	for _, lang := range []string{"en", "ur"} {
		c.open(fmt.Sprintf("/prosecutor/requests/%d?lang=%s", id, lang))
		if got := c.text(`#samples-h + p + h4 + .table-wrap`); !strings.Contains(got, shaOf(ten)) {
			t.Errorf("%s: the prosecutor's list reads %q", lang, got)
		}
		c.screenshot("samples-prosecutor-" + lang)
	}
}
