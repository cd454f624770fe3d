package nsor

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limit is the text policy of one kind of field (docs/text-policy.md): the
// most characters it holds and whether it may span lines. Every text field
// of every input has one; a field without a `text` tag is a Line.
type Limit struct {
	Kind      string // what the field is, in an officer's words ("a name")
	Max       int    // characters (Unicode code points), not bytes
	Multiline bool   // line breaks and tabs are allowed
}

// The limits by kind of field. A character is at most four bytes of UTF-8,
// so the longest indexed value (a name, 800 bytes) stays far below the
// index row limits of both databases (PostgreSQL's B-tree row is ~2700
// bytes).
var (
	LimitName       = Limit{"a name", 200, false}
	LimitCNIC       = Limit{"a CNIC", 20, false}
	LimitIdentifier = Limit{"an identifier or number", 64, false}
	LimitLine       = Limit{"a short entry", 200, false}
	LimitAddress    = Limit{"an address", 500, true}
	LimitReason     = Limit{"a reason or note", 4000, true}
	LimitFreeText   = Limit{"a description", 4000, true}
	LimitSecret     = Limit{"a password", 256, false}
	LimitQuery      = Limit{"a search term or filter", 1000, false}
)

// textLimits maps the `text` struct tag to its limit.
var textLimits = map[string]Limit{
	"name": LimitName, "cnic": LimitCNIC, "id": LimitIdentifier, "line": LimitLine,
	"address": LimitAddress, "reason": LimitReason, "free": LimitFreeText,
	"secret": LimitSecret,
}

// CheckText applies the text policy to one value: valid UTF-8, no NUL or
// other control character (line breaks and tabs only where l allows lines),
// no bidirectional embedding, override or isolate (Unicode Standard Annex
// #9, "Explicit Directional Formatting Characters": they make text display
// other than it is stored), and at most l.Max characters. The left-to-right
// and right-to-left marks U+200E and U+200F stay allowed: Urdu keyboards
// write them around digits and Latin letters in Urdu text, and they reorder
// nothing beyond themselves. Name keys drop them with every non-letter.
func CheckText(field, value string, l Limit) error {
	if !utf8.ValidString(value) {
		return Invalid(field, "text.invalid_utf8", "This entry holds bytes that are not readable text (invalid UTF-8); type it again.")
	}
	n := 0
	for _, r := range value {
		n++
		if msg := badRune(r, l.Multiline); msg != "" {
			return Invalid(field, "text.invalid_character", fmt.Sprintf("This entry holds %s (U+%04X) at character %d; remove it.", msg, r, n)).
				WithParams(Params{"char": fmt.Sprintf("U+%04X", r), "at": strconv.Itoa(n)})
		}
	}
	if n > l.Max {
		return Invalid(field, "text.too_long", fmt.Sprintf("This entry is too long: %s has at most %d characters, this has %d.", l.Kind, l.Max, n)).
			WithParams(Params{"max": strconv.Itoa(l.Max), "n": strconv.Itoa(n)})
	}
	return nil
}

// badRune describes r if the policy refuses it, else returns "".
func badRune(r rune, multiline bool) string {
	switch {
	case r == 0:
		return "a hidden NUL character"
	case (r == '\n' || r == '\r' || r == '\t') && multiline:
		return ""
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return "a hidden control character or line break"
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return "a hidden text-direction control that can disguise what is written"
	}
	return ""
}

// CheckFields applies CheckText to every string of v, a struct (or pointer
// to one) of input, naming each field by its JSON path ("accused[0].name").
// A field's limit is its `text` tag (see textLimits); untagged text is a
// Line; `text:"-"` skips a field. Every problem is reported at once.
func CheckFields(v any) error {
	var p Problems
	walkText(reflect.ValueOf(v), "", "", &p)
	return p.Err()
}

func walkText(v reflect.Value, path, tag string, p *Problems) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, tag, p)
		}
	case reflect.String:
		l, ok := textLimits[tag]
		if !ok {
			l = LimitLine
		}
		p.AddErr("", CheckText(path, v.String(), l))
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), tag, p)
		}
	case reflect.Struct:
		walkStruct(v, path, p)
	}
}

func walkStruct(v reflect.Value, path string, p *Problems) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("text")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case f.Anonymous && name == "":
			walkText(v.Field(i), path, tag, p)
			continue
		case name == "":
			name = strings.ToLower(f.Name)
		}
		walkText(v.Field(i), joinField(path, name), tag, p)
	}
}

// RequireReason enforces docs/rules.md#r6 (and the same for every act that must say
// why): a reason of some substance.
func RequireReason(reason string) error {
	r := strings.TrimSpace(reason)
	switch err := CheckText("reason", reason, LimitReason); {
	case err != nil:
		return err
	case len(r) < 5:
		return Invalid("reason", "reason.required", "Give a reason (at least a few words); it is recorded and shown to the officer.")
	}
	return nil
}
