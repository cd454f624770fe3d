package ui

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"nsor"
)

// Form is a form as the user sent it, with the refusal's messages by field.
// A refused form is rendered again from it: each message beside its field,
// every value kept but a password's.
type Form struct {
	Values url.Values
	// Errors are the translated messages by field name; the field "" holds
	// those that belong to no field of the form.
	Errors map[string][]string
}

// NewForm is a form with values (nil for an empty form).
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string][]string{}}
}

// Get is the value the user typed for name.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Has reports whether name has value among its values (a checkbox or a
// multiple select).
func (f *Form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err is the messages of field name.
func (f *Form) Err(name string) []string {
	if f == nil {
		return nil
	}
	return f.Errors[name]
}

// Summary is every message of the form, for the list above it: each
// links to its field (Anchor "" when the message belongs to no field of
// the page, e.g. a stale version). Fields come in the order of their names.
func (f *Form) Summary() []SummaryItem {
	if f == nil {
		return nil
	}
	var out []SummaryItem
	for _, m := range f.Errors[""] {
		out = append(out, SummaryItem{Msg: m})
	}
	seen := map[string]bool{"": true}
	add := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		for _, m := range f.Errors[name] {
			out = append(out, SummaryItem{Anchor: "f-" + name, Msg: m})
		}
	}
	for _, name := range sortedKeys(f.Errors) {
		add(name)
	}
	return out
}

// SummaryItem is one message of a form's summary.
type SummaryItem struct{ Anchor, Msg string }

// Failed reports whether the form carries a refusal.
func (f *Form) Failed() bool { return f != nil && len(f.Errors) > 0 }

// Add adds a message to field.
func (f *Form) Add(field, msg string) { f.Errors[field] = append(f.Errors[field], msg) }

// Refuse puts err's messages on the form, translated into c's language:
// each field error beside its field, the rest at the top. It returns false
// when err is not a refusal the user can act on (the caller shows an
// error page instead).
func (f *Form) Refuse(c *Ctx, err error) bool {
	var e *nsor.Error
	if !errors.As(err, &e) || e.Kind == nsor.KindInternal || e.Kind == nsor.KindUnavailable {
		return false
	}
	if len(e.Fields) == 0 {
		f.Add("", c.errorText(e))
		return true
	}
	for _, fe := range e.Fields {
		f.Add(fe.Field, c.fieldText(fe))
	}
	return true
}

// errorText is a refusal's message in the page's language (refusalText).
func (c *Ctx) errorText(e *nsor.Error) string { return c.refusalText(e.Code, e.Message, e.Params) }

func (c *Ctx) fieldText(fe nsor.FieldError) string {
	return c.refusalText(fe.Code, fe.Message, fe.Params)
}

// refusalText is a refusal's (or a warning's) message in the page's
// language: the catalogue's "codep.<code>" with the refusal's particulars
// put in its {names}, when the refusal carries every one it names; else
// "code.<code>", the same without the particulars; else the service's own
// (English) message.
func (c *Ctx) refusalText(code, msg string, params nsor.Params) string {
	if k := "codep." + code; len(params) > 0 && messages.has(k) {
		if s, ok := fill(c.T(k), params); ok {
			return s
		}
	}
	if k := "code." + code; messages.has(k) {
		return c.T(k)
	}
	return msg
}

// fill puts params into the {names} of s; ok is false when s names one
// that params lacks.
func fill(s string, params nsor.Params) (string, bool) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", false
		}
		v, ok := params[s[i+1:i+j]]
		if !ok {
			return "", false
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

// RefusalText is a field error kept by the service (an import row's
// problem) in the page's language.
func (c *Ctx) RefusalText(fe nsor.FieldError) string { return c.fieldText(fe) }

// WarningText is a warning of the service in the page's language.
func (c *Ctx) WarningText(w nsor.Warning) string { return c.refusalText(w.Code, w.Message, w.Params) }

// Field is one form field as the "field" partial draws it.
type Field struct {
	Name, Type, Label, Value, Hint, Autocomplete, Dir string
	Required                                          bool
	Errors                                            []string
	Options                                           []Option
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// ID is the field's element id.
func (f Field) ID() string { return "f-" + f.Name }

// fieldOf describes a field for the "field" partial:
//
//	{{template "field" (field $ "fir_number" "text" "fir.number" "required" "hint=fir.number.hint")}}
//
// Options: "required", "autocomplete=<token>", "hint=<message key>",
// "dir=auto" (a name that may be typed in Urdu or English). A password's
// value is never written back.
func fieldOf(v *View, name, typ, labelKey string, opts ...string) (Field, error) {
	fd := Field{Name: name, Type: typ, Label: v.T(labelKey), Errors: v.Form.Err(name)}
	if typ != "password" && typ != "file" {
		fd.Value = v.Form.Get(name)
	}
	for _, o := range opts {
		k, val, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			fd.Required = true
		case "autocomplete":
			fd.Autocomplete = val
		case "hint":
			fd.Hint = v.T(val)
		case "dir":
			fd.Dir = val
		default:
			return fd, fmt.Errorf("field %s: unknown option %q", name, o)
		}
	}
	return fd, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
