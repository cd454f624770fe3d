package nsor

import (
	"nsor/match"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckText(t *testing.T) {
	urdu := strings.Repeat("\u0627", 200) // 200 characters, 400 bytes
	tests := []struct {
		name, value string
		limit       Limit
		want        string
	}{
		{"plain name", "Zarghun Tarqeel", LimitName, ""},
		{"Urdu at the limit", urdu, LimitName, ""},
		{"Urdu over the limit", urdu + "\u0628", LimitName, "text.too_long"},
		{"right-to-left mark", "\u0627\u200F12", LimitName, ""},
		{"NUL", "Zarghun\x00", LimitFreeText, "text.invalid_character"},
		{"ANSI escape", "\x1b[2J", LimitFreeText, "text.invalid_character"},
		{"DEL", "a\x7fb", LimitLine, "text.invalid_character"},
		{"C1 control", "a\u0085b", LimitLine, "text.invalid_character"},
		{"line break in a line", "a\nb", LimitLine, "text.invalid_character"},
		{"line break in a note", "a\r\nb\tc", LimitReason, ""},
		{"line separator in a line", "a\u2028b", LimitLine, "text.invalid_character"},
		{"right-to-left override", "a\u202Eb", LimitFreeText, "text.invalid_character"},
		{"left-to-right embedding", "a\u202Ab", LimitFreeText, "text.invalid_character"},
		{"first strong isolate", "a\u2068b", LimitFreeText, "text.invalid_character"},
		{"pop directional isolate", "a\u2069b", LimitFreeText, "text.invalid_character"},
		{"invalid UTF-8", "a\xffb", LimitFreeText, "text.invalid_utf8"},
		{"a surrogate half", "a\xed\xa0\x80b", LimitFreeText, "text.invalid_utf8"},
	}
	for _, tt := range tests {
		err := CheckText("f", tt.value, tt.limit)
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("CheckText(%s) = %q, want %q", tt.name, got, tt.want)
		}
		if err != nil && (len(AsError(err).Fields) != 1 || AsError(err).Fields[0].Field != "f") {
			t.Errorf("CheckText(%s) fields = %+v, want the one field f", tt.name, AsError(err).Fields)
		}
	}
}

// TestCheckFieldsNamesPaths: every offending string is named by its JSON
// path, through pointers, slices and nested structs, each with its kind's
// limit.
func TestCheckFieldsNamesPaths(t *testing.T) {
	in := FIRInput{Number: "4417", RegisteredOn: "2026-10-30", Sections: []string{"376", "x\x00"},
		Accused: []AccusedInput{{Name: "A"}, {Name: "B", Parentage: &Parentage{Relation: "S/O", Name: "C\u202E"},
			Address: "House 9\nStreet 9"}, {Name: strings.Repeat("n", 201)}},
		Victim: &Victim{Name: "V\x1b"}}
	got := fieldsOf(CheckFields(in))
	want := []string{"sections[1]", "accused[1].parentage.name", "accused[2].name", "victim.name"}
	if !slices.Equal(got, want) {
		t.Errorf("CheckFields(FIRInput) fields = %v, want %v", got, want)
	}
	if err := CheckFields(&in.Accused[0]); err != nil {
		t.Errorf("CheckFields(good accused) = %v, want nil", err)
	}
}

func fieldsOf(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, f := range AsError(err).Fields {
		out = append(out, f.Field)
	}
	return out
}

// inputs are the types of input the service takes text in; each is held to
// the text policy by CheckFields where the service reads it.
var inputs = []any{FIRInput{}, AccusedInput{}, RecordInput{}, RequestInput{}, NewUser{}, UserPatch{},
	Jurisdiction{}, JurisdictionPatch{}, CaseInput{}, OutcomeInput{}, Checklist{}, SearchTerms{},
	IdentifierQuery{}, TraceQuery{}, AuditQuery{}, AuditFilter{}, NewServiceAccount{}}

// TestCheckFieldsReachesEveryString fills every string of every input type
// with a NUL and requires CheckFields to name each one, so that no field
// (however deeply nested) escapes the policy unless it is tagged text:"-".
// The control plants a string the walker does not know how to reach.
func TestCheckFieldsReachesEveryString(t *testing.T) {
	for _, in := range inputs {
		v := reflect.New(reflect.TypeOf(in)).Elem()
		planted := fill(v, "")
		if got := fieldsOf(CheckFields(v.Interface())); !slices.Equal(got, planted) {
			t.Errorf("CheckFields(%T) named %v, want every planted field %v", in, got, planted)
		}
	}
	type hidden struct {
		Shown  string            `json:"shown"`
		Hidden map[string]string `json:"hidden"`
	}
	v := reflect.New(reflect.TypeOf(hidden{})).Elem()
	planted := fill(v, "")
	v.Field(1).Set(reflect.ValueOf(map[string]string{"k": "\x00"}))
	planted = append(planted, "hidden.k")
	if got := fieldsOf(CheckFields(v.Interface())); slices.Equal(got, planted) {
		t.Errorf("control: a NUL CheckFields cannot reach (in a map) went unnoticed (%v): the comparison cannot fail", got)
	}
}

// fill sets every string reachable in v (allocating pointers and one
// element of each slice) to a NUL and returns their paths, as CheckFields
// names them; fields tagged text:"-" are left empty.
func fill(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.String:
		v.SetString("\x00")
		return []string{path}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return fill(v.Elem(), path)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		return fill(v.Index(0), path+"[0]")
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || f.Tag.Get("text") == "-" || name == "-" {
				continue
			}
			if name == "" && !f.Anonymous {
				name = strings.ToLower(f.Name)
			}
			out = append(out, fill(v.Field(i), joinField(path, name))...)
		}
		return out
	}
	return nil
}

// TestUrduNameFitsItsLimit: limits count characters, so a 150-character
// Urdu name (300 bytes) is accepted where the byte count would refuse it.
func TestUrduNameFitsItsLimit(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	in := RecordInput{Name: strings.Repeat("\u0627", 150), Convictions: []Conviction{{Court: "Sessions Court (synthetic)",
		CaseNumber: "SC-1/2020", Sections: []string{"376 PPC"}, ConvictedOn: "2020-01-02"}}}
	if _, _, err := ValidateRecord(in, now); err != nil {
		t.Errorf("ValidateRecord(150-character Urdu name) = %v, want nil", err)
	}
	in.Name = strings.Repeat("\u0627", 201)
	if _, _, err := ValidateRecord(in, now); ErrorCode(err) != "text.too_long" {
		t.Errorf("ValidateRecord(201-character name) = %v, want text.too_long", err)
	}
}

// BenchmarkCheckFields measures the walk over a full register record, the
// largest input the service takes, beside NameKey of its name.
func BenchmarkCheckFields(b *testing.B) {
	in := RecordInput{Name: "Ch. Zarghun Tarqeel", Aliases: []string{"Zarghoon Tarqeel", "Zaggi"}, CNIC: "91234-5678901-3",
		Parentage: []Parentage{{Relation: "S/O", Name: "Gulzar Tarqeel"}}, DOB: "1988-04-17", Description: strings.Repeat("Tall, thin. ", 100),
		Convictions: []Conviction{{Court: "Sessions Court (synthetic)", CaseNumber: "SC-77/2015", Sections: []string{"376 PPC"}, ConvictedOn: "2015-06-02"}},
		Addresses:   []Address{{Address: "House 9, Street 9, Synthetic Colony", From: "2019-01-01"}}}
	b.Run("CheckFields", func(b *testing.B) {
		for b.Loop() {
			if err := CheckFields(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("NameKey", func(b *testing.B) {
		for b.Loop() {
			match.NameKey(in.Name)
		}
	})
}

// TestUrduReasonFitsItsLimit: a reason's limit counts characters too.
func TestUrduReasonFitsItsLimit(t *testing.T) {
	if err := RequireReason(strings.Repeat("\u0627", 2500)); err != nil {
		t.Errorf("requireReason(2500 Urdu characters) = %v, want nil", err)
	}
	if err := RequireReason(strings.Repeat("\u0627", 4001)); ErrorCode(err) != "text.too_long" {
		t.Errorf("requireReason(4001 characters) = %v, want text.too_long", err)
	}
}
