// Package ui is the web interface of nsor: server-rendered pages for every
// role, in English and Urdu, over the same services as the JSON API. It
// receives nsor.App like package web and never touches the store, so every
// rule, refusal and audit record of a page is the API's own. Pages work
// without JavaScript; the few scripts are same-origin files (the CSP forbids
// inline script). docs/web.md describes the interface.
package ui

import (
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"nsor"
)

// Options configure the interface.
type Options struct {
	// Demo shows "SYNTHETIC DATA" on every page.
	Demo bool
	// Log receives the operator's log (never a form value).
	Log *slog.Logger
	// Now is the clock of the interface's own decisions (the draft kept
	// across a sign-in); default time.Now. The session's idle and absolute
	// limits are the service's, on its clock.
	Now func() time.Time
	// MaxUpload bounds an uploaded file (the FIR copy); default 10 MiB.
	MaxUpload int64
}

// UI serves the pages. Build it with New and mount it for every path that
// is not the API's.
type UI struct {
	app   nsor.App
	opts  Options
	mux   *http.ServeMux
	pages *pageSet
	cop   *http.CrossOriginProtection
}

// New returns the interface over app.
func New(app nsor.App, opts Options) *UI {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = 10 << 20
	}
	u := &UI{app: app, opts: opts, mux: http.NewServeMux(), pages: mustParsePages(), cop: http.NewCrossOriginProtection()}
	u.cop.SetDenyHandler(http.HandlerFunc(u.crossOrigin))
	for _, add := range routeSets {
		add(u)
	}
	u.mux.HandleFunc("/", u.public(u.notFound))
	return u
}

// routeSets are the groups of pages; each file of pages adds its group from
// an init function (addRoutes), so that pages are added without editing a
// shared list.
var routeSets []func(*UI)

// addRoutes registers a group of pages.
func addRoutes(f func(*UI)) { routeSets = append(routeSets, f) }

// csp is the Content-Security-Policy of every page: nothing but this
// origin's files, no inline script or style, no framing of the page, forms
// posted only here. frame-src 'self' lets a page show an FIR copy (a PDF of
// this origin) in a frame; the copy itself is served with frame-ancestors
// 'self' (see framedHeaders).
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; frame-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// ServeHTTP serves one page with the headers every page gets. A POST that a
// browser marks as cross-site (Sec-Fetch-Site, or an Origin of another host)
// is refused before any handler runs (net/http's CrossOriginProtection).
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Cookie, Accept-Language")
	defer func() {
		if v := recover(); v != nil {
			u.opts.Log.Error("ui panic", "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
			u.errorPage(w, r, nil, nsor.Internalf(nil, "panic"))
		}
	}()
	u.cop.Handler(u.mux).ServeHTTP(w, r)
}

// crossOrigin answers a refused cross-origin POST.
func (u *UI) crossOrigin(w http.ResponseWriter, r *http.Request) {
	u.errorPage(w, r, nil, nsor.Errorf(nsor.KindForbidden, "ui.cross_origin",
		"This form was sent from another site and was refused. Open the page in nsor and send it again."))
}

// client describes the caller for the audit record.
func client(r *http.Request) nsor.Client {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return nsor.Client{Addr: host, Source: "web"}
}
