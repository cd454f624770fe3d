package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"nsor"
)

// The templates: files whose names begin with "_" hold the layout and the
// partials every page shares; every other file is one page, which defines
// "title" (a message key's text) and "content".
//
//go:embed templates/*.html
var templateFS embed.FS

// Ctx is what every page knows about its request: the language, the
// signed-in actor (nil before sign-in), the flash message and the nav.
type Ctx struct {
	Lang  Lang
	Actor *nsor.Actor
	Demo  bool
	// Flash is the translated message of the last act, shown once.
	Flash string
	// FlashError marks the flash as a refusal.
	FlashError bool
	r          *http.Request
	secret     string
	u          *UI
}

// T is the text of key in the page's language (args fill its fmt verbs).
func (c *Ctx) T(key string, args ...any) string { return messages.text(c.Lang, key, args...) }

// Dir is the page's writing direction.
func (c *Ctx) Dir() string { return c.Lang.Dir() }

// Path is the request's path.
func (c *Ctx) Path() string { return c.r.URL.Path }

// LangURL is this page in language l (the switch on every page).
func (c *Ctx) LangURL(l string) string {
	q := c.r.URL.Query()
	q.Set("lang", l)
	return c.r.URL.Path + "?" + q.Encode()
}

// OtherLang is the language the switch offers.
func (c *Ctx) OtherLang() Lang {
	if c.Lang == Urdu {
		return English
	}
	return Urdu
}

// Nav is the actor's navigation: the entries for their role, in order.
func (c *Ctx) Nav() []NavItem {
	if c.Actor == nil || c.Actor.User == nil {
		return nil
	}
	var out []NavItem
	for _, e := range navEntries {
		if slices.Contains(e.roles, c.Actor.User.Role) {
			out = append(out, NavItem{Path: e.path, Label: c.T(e.key), Current: c.r.URL.Path == e.path})
		}
	}
	return out
}

// RoleName is the actor's role in the page's language.
func (c *Ctx) RoleName() string {
	if c.Actor == nil || c.Actor.User == nil {
		return ""
	}
	return c.T("role." + string(c.Actor.User.Role))
}

// Asset is the URL of an embedded asset (assets.go), cached for good.
func (c *Ctx) Asset(name string) string { return assetURL(name) }

// NavItem is one entry of the navigation.
type NavItem struct {
	Path, Label string
	Current     bool
}

type navEntry struct {
	path, key string
	order     int
	roles     []nsor.Role
}

// navEntries are the navigation's entries, sorted by order; addNav adds one.
var navEntries []navEntry

// addNav adds a navigation entry shown to roles; key is its message key.
// Entries show in order (lower first); a role's main page is its first.
func addNav(path, key string, order int, roles ...nsor.Role) {
	navEntries = append(navEntries, navEntry{path: path, key: key, order: order, roles: roles})
	slices.SortStableFunc(navEntries, func(a, b navEntry) int { return a.order - b.order })
}

// mainPage is the first nav entry of the role, or "/account".
func mainPage(role nsor.Role) string {
	for _, e := range navEntries {
		if slices.Contains(e.roles, role) {
			return e.path
		}
	}
	return "/account"
}

// View is what a page's template receives: the request's Ctx, the page's
// form (nil without one) and its data.
type View struct {
	*Ctx
	Form *Form
	Data any
}

type pageSet struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	"inc":       func(i int) int { return i + 1 },
	"relations": func() []string { return nsor.ParentageRelations },
	"genders":   func() []nsor.Gender { return []nsor.Gender{nsor.GenderMale, nsor.GenderFemale, nsor.GenderOther} },
	// field describes one form field for the "field" partial:
	// field $ "name" "type" "label.key" ["required"] ["autocomplete=..."] ["hint=key"].
	"field": fieldOf,
	// dict builds a map for a partial: dict "k1" v1 "k2" v2.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

func mustParsePages() *pageSet {
	p, err := parsePages(templateFS)
	if err != nil {
		panic(err)
	}
	return p
}

func parsePages(fsys fs.FS) (*pageSet, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(fsys, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pageSet{byName: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(fsys, f); err != nil {
			return nil, err
		}
		p.byName[name] = t
	}
	return p, nil
}

// render writes page name with status: the layout around the page's content.
// The page is rendered into a buffer first, so that a template's failure
// becomes an error page, not half a page.
func (u *UI) render(w http.ResponseWriter, c *Ctx, status int, name string, form *Form, data any) {
	t, ok := u.pages.byName[name]
	if !ok {
		panic("ui: no page " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", &View{Ctx: c, Form: form, Data: data}); err != nil {
		u.opts.Log.Error("ui template", "page", name, "err", err)
		if name != "error" {
			u.errorPage(w, c.r, c, nsor.Internalf(err, "template"))
			return
		}
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", string(c.Lang))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// redirect answers an act with 303 See Other to target, a path of this site.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, localPath(target), http.StatusSeeOther)
}

// localPath is target if it is a path of this site, else "/": a "next"
// parameter never sends the user to another site.
func localPath(target string) string {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") || strings.Contains(target, "\\") {
		return "/"
	}
	return u.RequestURI()
}
