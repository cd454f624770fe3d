package ui

import (
	"net/http"
	"strconv"

	"nsor"
)

// The size limits of the pages' posts, each form its own: a form of text
// fields holds at most a few fields of the text policy's longest kind
// (4,000 characters, 16 KB of UTF-8), so 64 KiB is ample and a larger post
// is refused before it is read; a file's limit is the service's for that
// file (the FIR copy, Config.MaxUpload; an import, as the API,
// webImportLimit) and the form's fields beside it.
const (
	// formLimit bounds a form of text fields.
	formLimit = 64 << 10
	// firFormLimit bounds the FIR form: up to 20 accused, each with an
	// address.
	firFormLimit = 256 << 10
)

// tooLarge is the refusal of a form post over limit, with the limit for
// the message in either language; the form's values are not read.
func tooLarge(limit int64) *nsor.Error {
	kib := strconv.FormatInt(limit>>10, 10)
	return nsor.Errorf(nsor.KindTooLarge, "ui.too_large",
		"What was sent is larger than this form takes (%s KiB); shorten it and send it again.", kib).
		WithParams(nsor.Params{"max_kib": kib})
}

// refuseTooLarge answers a post that parseForm refused: when it was too
// large, the page of the form again (empty: nothing of the post was read)
// with the refusal above it and status 413; any other error is returned
// for the error page.
func (u *UI) refuseTooLarge(w http.ResponseWriter, c *Ctx, err error, limit int64, page string, data any) error {
	if nsor.KindOf(err) != nsor.KindTooLarge {
		return err
	}
	f := NewForm(nil)
	f.Refuse(c, tooLarge(limit))
	u.render(w, c, http.StatusRequestEntityTooLarge, page, f, data)
	return nil
}

// sampleFormLimit bounds a biometric sample's form: the largest sample of
// the kind's formats (nsor.SampleLimit: a whole ANSI/NIST-ITL transaction
// for fingerprints, a profile for DNA) and room for the form's fields. The
// service then holds the file to its own format's limit.
func sampleFormLimit(kind string) int64 {
	var most int64
	for _, f := range nsor.SampleFormats[kind] {
		most = max(most, nsor.SampleLimit(f))
	}
	return most + sampleFormFields
}
