package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

// The stylesheets, the Urdu font (subset, with its licence) and the small
// scripts of progressive enhancement. They are served under
// /assets/<version>/, where version is a hash of them all, and cached by
// the browser for a year: a new build has a new version, so nothing stale
// is ever used, and the font is fetched once.
//
//go:embed assets
var assetFS embed.FS

var assetVersion = hashAssets()

func hashAssets() string {
	h := sha256.New()
	var names []string
	_ = fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := assetFS.ReadFile(n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// assetURL is the URL of asset name (a path under assets/).
func assetURL(name string) string { return "/assets/" + assetVersion + "/" + name }

var assetTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".woff2": "font/woff2",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".txt":   "text/plain; charset=utf-8",
}

// asset serves an embedded file. Any version is accepted (a page of the
// previous build may still be open), but only this build's is cached.
func (u *UI) asset(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.PathValue("name"))
	ctype, ok := assetTypes[path.Ext(name)]
	if !ok || strings.HasPrefix(name, ".") || strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	b, err := assetFS.ReadFile("assets/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	if r.PathValue("version") == assetVersion {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Del("Vary")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	_, _ = w.Write(b)
}

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /assets/{version}/{name...}", u.asset)
	})
}
