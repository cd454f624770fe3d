package ui

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// A draft is a form posted after the session ended. Its fields (never a
// password, a code or a file) ride in the sign-in form as hidden fields
// "draft:<name>", with the form's path in "draft_action"; after the sign-in
// the user sees them on a page that sends them again to that path, where
// every rule is checked as for any post. Nothing is stored on the server.
type draft struct {
	action string
	fields []draftKV
}

type draftKV struct{ Name, Value string }

// secretFields are never kept in a draft.
var secretFields = map[string]bool{"password": true, "current_password": true, "new_password": true,
	"new_password2": true, "code": true}

const maxDraftFields = 200

// keepDraft is the draft of the POST r, or nil.
func keepDraft(r *http.Request) *draft {
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		return nil
	}
	d := &draft{action: localPath(r.URL.Path)}
	for _, name := range sortedKeys(r.PostForm) {
		if secretFields[name] {
			continue
		}
		for _, v := range r.PostForm[name] {
			if len(d.fields) < maxDraftFields {
				d.fields = append(d.fields, draftKV{name, v})
			}
		}
	}
	if len(d.fields) == 0 {
		return nil
	}
	return d
}

// draftFrom reads a draft back from the sign-in form.
func draftFrom(v url.Values) *draft {
	action := v.Get("draft_action")
	if action == "" {
		return nil
	}
	d := &draft{action: localPath(action)}
	var names []string
	for k := range v {
		if strings.HasPrefix(k, "draft:") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		name := strings.TrimPrefix(k, "draft:")
		if secretFields[name] {
			continue
		}
		for _, val := range v[k] {
			if len(d.fields) < maxDraftFields {
				d.fields = append(d.fields, draftKV{name, val})
			}
		}
	}
	return d
}

// Action is the path the draft is sent to again.
func (d *draft) Action() string { return d.action }

// Fields are the draft's fields.
func (d *draft) Fields() []draftKV { return d.fields }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
