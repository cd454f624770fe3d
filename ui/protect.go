package ui

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"nsor"
)

// sensitive wraps a page that shows register data, a release or an FIR
// copy: it is served only to a navigation of this site by the person
// themselves (Fetch metadata, sent by every current browser), never to a
// prefetch or prerender, and never kept in a cache (every page is
// no-store). A browser that sends no Fetch metadata is served: it also
// sends no cookie on another site's request (SameSite=Strict), so the page
// would be the sign-in page there. The read is audited by the service
// method the page calls, as for the API.
//
// frame lets the page be shown in a frame of this site (the FIR copy in
// the prosecutor's checklist page); it then carries frame-ancestors 'self'.
func (u *UI) sensitive(h handler, frame bool) http.HandlerFunc {
	inner := u.signedIn(h)
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fetchAllowed(r, frame); err != nil {
			u.errorPage(w, r, nil, err)
			return
		}
		if frame {
			w.Header().Set("Content-Security-Policy", strings.Replace(csp, "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
			w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		}
		inner(w, r)
	}
}

// fetchAllowed decides on a request's Fetch metadata (W3C Fetch Metadata
// Request Headers) and prefetch marks.
func fetchAllowed(r *http.Request, frame bool) error {
	if p := strings.ToLower(r.Header.Get("Sec-Purpose") + " " + r.Header.Get("Purpose") + " " + r.Header.Get("X-Moz") + " " + r.Header.Get("X-Purpose")); strings.Contains(p, "prefetch") || strings.Contains(p, "prerender") || strings.Contains(p, "preview") {
		return nsor.Errorf(nsor.KindForbidden, "ui.prefetch", "This page is not served to a prefetch: open it yourself.")
	}
	site := r.Header.Get("Sec-Fetch-Site")
	if site != "" && site != "same-origin" && site != "none" {
		return nsor.Errorf(nsor.KindForbidden, "ui.cross_site", "This page opens only from nsor's own pages: a link from elsewhere is refused. Open nsor and find it there.")
	}
	mode, dest := r.Header.Get("Sec-Fetch-Mode"), r.Header.Get("Sec-Fetch-Dest")
	if mode != "" && mode != "navigate" {
		return nsor.Errorf(nsor.KindForbidden, "ui.not_navigation", "This page is served only when you open it, not to a script or an embedded request.")
	}
	if dest != "" && dest != "document" && !(frame && (dest == "iframe" || dest == "frame")) {
		return nsor.Errorf(nsor.KindForbidden, "ui.not_navigation", "This page is served only when you open it, not to a script or an embedded request.")
	}
	return nil
}

// idemField is the hidden field that carries a form's idempotency key.
const idemField = "idempotency_key"

// NewKey is a fresh idempotency key for a creating form, or the one the
// refused form already had: the "idem" partial writes it.
func (v *View) NewKey() string {
	if k := v.Form.Get(idemField); k != "" {
		return k
	}
	b := make([]byte, 18)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// formIdempotency is the key of a posted creating form and the hash of
// everything else it carries: the service makes the object once per key,
// so a second click (or a reload that posts again) makes nothing more.
func formIdempotency(r *http.Request) nsor.Idempotency {
	key := r.PostForm.Get(idemField)
	if key == "" {
		return nsor.Idempotency{}
	}
	h := sha256.New()
	io.WriteString(h, r.URL.Path+"\n")
	for _, k := range sortedKeys(r.PostForm) {
		if k == idemField {
			continue
		}
		for _, v := range r.PostForm[k] {
			io.WriteString(h, k+"="+v+"\n")
		}
	}
	return nsor.Idempotency{Key: key, BodyHash: hex.EncodeToString(h.Sum(nil))}
}
