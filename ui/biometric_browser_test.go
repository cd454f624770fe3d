package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBiometric walks the analyst's biometric search through
// Chromium: the assigned analyst opens the request, searches with the
// attached tenprint and sees the candidate as a lead; another analyst
// records the examiner's comparison through the form; the answer form then
// offers the biometric basis. Screenshots of the candidates in English and
// of the page in Urdu; axe-core checks every page visited.
func TestBrowserBiometric(t *testing.T) {
	w := newBioWorld(t)
	c := newChrome(t, w.env)
	c.signIn(w.users["analyst1"])
	c.open(w.path() + "?lang=en")
	mine := `section[aria-labelledby="s-` + idStr(w.suspectID) + `"] `
	c.run("open the biometric search", chromedp.Click(chromedp.CSS(mine+`details.biometric summary`)))
	c.submitTo(mine+`form[action$="/biometric-search"]:has(input[value="fingerprint"]) button`, `.biometric-candidate, .summary`)
	if got := c.text(`.biometric-candidate`); !strings.Contains(got, "not an identification") {
		t.Errorf("the candidate reads %q", got)
	}
	c.screenshot("bureau-biometric-candidates-en")
	c.signOut()

	c.signIn(w.users["analyst2"])
	c.open(w.path() + "?lang=en")
	c.run("fill the comparison",
		chromedp.SendKeys(chromedp.CSS(`#f-record_id`), idStr(w.recordID)),
		chromedp.SendKeys(chromedp.CSS(`#f-record_ref`), w.ref),
		chromedp.SendKeys(chromedp.CSS(`#f-fingers`), "1, 2, 7"),
		chromedp.SetValue(chromedp.CSS(`#f-suspect_id`), idStr(w.suspectID)),
		chromedp.SetValue(chromedp.CSS(`#f-conclusion`), "identification"))
	c.submitTo(`form[action$="/comparisons"] button.primary`, `.flash`)
	c.signOut()

	c.signIn(w.users["analyst1"])
	c.open(w.path() + "?lang=ur")
	if n := eval[int](c, `document.querySelectorAll('select[name^="comparison_id."] option').length`); n < 2 {
		t.Errorf("the answer form offers %d comparison options, want the identification", n)
	}
	c.screenshot("bureau-biometric-ur")
}
