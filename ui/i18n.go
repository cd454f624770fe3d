package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

// The message catalogue: one flat JSON object of key to text per file, under
// messages/<lang>/. Every language has the same keys (TestCatalogueComplete);
// each group of pages keeps its keys in a file of its own, and a key is
// defined in one file only.
//
//go:embed messages
var messageFS embed.FS

// Lang is a language of the interface.
type Lang string

// The languages, English first: the fallback.
const (
	English Lang = "en"
	Urdu    Lang = "ur"
)

var languages = []Lang{English, Urdu}

// Dir is the writing direction of the language.
func (l Lang) Dir() string {
	if l == Urdu {
		return "rtl"
	}
	return "ltr"
}

// catalogue maps language to key to text.
type catalogue map[Lang]map[string]string

var messages = mustLoadCatalogue(messageFS)

func mustLoadCatalogue(fsys fs.FS) catalogue {
	c, err := loadCatalogue(fsys)
	if err != nil {
		panic(err)
	}
	return c
}

// loadCatalogue reads messages/<lang>/*.json; a key defined twice within a
// language is an error.
func loadCatalogue(fsys fs.FS) (catalogue, error) {
	c := catalogue{}
	for _, l := range languages {
		c[l] = map[string]string{}
		files, err := fs.Glob(fsys, path.Join("messages", string(l), "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := c[l][k]; dup {
					return nil, fmt.Errorf("%s: key %q is defined twice", f, k)
				}
				c[l][k] = v
			}
		}
	}
	return c, nil
}

// text is the message of key in l with args (fmt verbs), English when l
// lacks it (a test keeps every language complete) and the key itself when
// no language has it (a test keeps every key used defined).
func (c catalogue) text(l Lang, key string, args ...any) string {
	s, ok := c[l][key]
	if !ok {
		s, ok = c[English][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// has reports whether key is in the catalogue.
func (c catalogue) has(key string) bool {
	_, ok := c[English][key]
	return ok
}

const langCookie = "nsor_lang"

// chooseLang picks the page's language: ?lang=, then the cookie that an
// earlier ?lang= set, then the browser's Accept-Language, then English.
func chooseLang(r *http.Request) (Lang, bool) {
	if l, ok := parseLang(r.URL.Query().Get("lang")); ok {
		return l, true
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := parseLang(c.Value); ok {
			return l, false
		}
	}
	return acceptLanguage(r.Header.Get("Accept-Language")), false
}

func parseLang(s string) (Lang, bool) {
	for _, l := range languages {
		if s == string(l) {
			return l, true
		}
	}
	return "", false
}

// acceptLanguage picks the first language of the header, by its q-values,
// that the interface has (RFC 9110 section 12.5.4).
func acceptLanguage(h string) Lang {
	best, bestQ := English, -1.0
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				continue
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		l, ok := parseLang(primary)
		// Earlier entries win ties: subtract a little for position.
		if ok && q > 0 && q-float64(i)*1e-6 > bestQ {
			best, bestQ = l, q-float64(i)*1e-6
		}
	}
	return best
}

// msgKey marks a message key that Go code names indirectly (built or passed
// on), so that the test of used keys sees it.
func msgKey(key string) string { return key }
