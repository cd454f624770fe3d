package ui

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"nsor"
)

// The record form shows every row the record holds of each list
// (parentage, convictions, addresses, biometrics, referrals) and one empty
// row more, and sends them all: a correction proposed through the page is
// the whole record as the registrar sees it, so nothing the form does not
// show can be dropped by it. A registrar adds a row by filling the empty
// one, or several with "more rows" (action=more), which shows the form
// again with one more empty row in each list and writes nothing.

// maxFormRows bounds the rows of one list read from a post: more than any
// register record holds, and a post naming row 10^9 is not a loop of 10^9.
const maxFormRows = 100

var rowKey = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]`)

// postedRows is one more than the highest row of list in v (0 when none),
// and one more than the highest row holding a value.
func postedRows(v url.Values, list string) (posted, filled int) {
	for k, vals := range v {
		m := rowKey.FindStringSubmatch(k)
		if m == nil || m[1] != list {
			continue
		}
		i, err := strconv.Atoi(m[2])
		if err != nil || i >= maxFormRows {
			continue
		}
		posted = max(posted, i+1)
		for _, s := range vals {
			if strings.TrimSpace(s) != "" {
				filled = max(filled, i+1)
			}
		}
	}
	return posted, filled
}

// formRows is the rows of list the record form shows: every row posted
// (or of the record), an empty one after the last filled, and one more
// for each "more rows" asked.
func formRows(f *Form, list string) []int {
	var v url.Values
	if f != nil {
		v = f.Values
	}
	posted, filled := postedRows(v, list)
	n := max(posted, filled+1)
	if f.Get("action") == "more" {
		n++
	}
	n = min(n, maxFormRows)
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// rowName is the form name of a row's field: rowName "convictions" 1 "court"
// is "convictions[1].court"; an empty field names the row itself.
func rowName(list string, i int, field string) string {
	if field == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}

// rowSource maps each list's entries in a RecordInput to the form's row
// they came from (empty rows are left out), so that a refusal of entry i
// is shown beside the row the registrar filled.
type rowSource map[string][]int

// moveErrors puts the refusals of the input's rows beside the form's rows.
func (s rowSource) moveErrors(f *Form) {
	moved := map[string][]string{}
	for name, msgs := range f.Errors {
		if m := rowKey.FindStringSubmatch(name); m != nil {
			if i, err := strconv.Atoi(m[2]); err == nil && i < len(s[m[1]]) {
				name = rowName(m[1], s[m[1]][i], "") + name[len(m[0]):]
			}
		}
		moved[name] = append(moved[name], msgs...)
	}
	f.Errors = moved
}

// readRows calls read for each row of list with a value, in order, and
// notes the row's number.
func readRows(f url.Values, list string, src rowSource, read func(get func(string) string)) {
	posted, _ := postedRows(f, list)
	for i := range posted {
		get := func(field string) string { return strings.TrimSpace(f.Get(rowName(list, i, field))) }
		if !rowFilled(f, list, i) {
			continue
		}
		read(get)
		src[list] = append(src[list], i)
	}
}

func rowFilled(f url.Values, list string, i int) bool {
	prefix := rowName(list, i, "")
	for k, vals := range f {
		if k == prefix || strings.HasPrefix(k, prefix+".") {
			for _, s := range vals {
				if strings.TrimSpace(s) != "" {
					return true
				}
			}
		}
	}
	return false
}

// splitSections splits a list typed on one line: commas (Latin or Arabic) or
// semicolons.
func splitSections(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// readRecordRows reads the lists of the record form into in.
func readRecordRows(f url.Values, in *nsor.RecordInput) rowSource {
	src := rowSource{}
	readRows(f, "parentage", src, func(get func(string) string) {
		in.Parentage = append(in.Parentage, nsor.Parentage{Relation: get("relation"), Name: get("")})
	})
	readRows(f, "convictions", src, func(get func(string) string) {
		in.Convictions = append(in.Convictions, conviction(get))
	})
	if len(in.Convictions) == 0 { // sent empty, so that it is refused beside its fields
		in.Convictions = []nsor.Conviction{conviction(func(field string) string { return strings.TrimSpace(f.Get(rowName("convictions", 0, field))) })}
		src["convictions"] = []int{0}
	}
	readRows(f, "addresses", src, func(get func(string) string) {
		in.Addresses = append(in.Addresses, nsor.Address{Address: get("address"), District: get("district"), From: nsor.Date(get("from")), To: nsor.Date(get("to"))})
	})
	readRows(f, "biometrics", src, func(get func(string) string) {
		in.Biometrics = append(in.Biometrics, nsor.Biometric{Kind: get("kind"), Reference: get("reference"), Provenance: get("provenance")})
	})
	readRows(f, "referrals", src, func(get func(string) string) {
		in.Referrals = append(in.Referrals, nsor.Referral{ReferredOn: nsor.Date(get("referred_on")), Professional: get("professional"), Outcome: get("outcome")})
	})
	return src
}

func conviction(get func(string) string) nsor.Conviction {
	return nsor.Conviction{Court: get("court"), CaseNumber: get("case_number"), FIR: get("fir"), Sections: splitSections(get("sections")),
		ConvictedOn: nsor.Date(get("convicted_on")), Sentence: get("sentence"), ReleasedOn: nsor.Date(get("released_on")),
		AppealStatus: get("appeal_status")}
}

// recordRowValues puts the record's lists into the form's values, every
// row of each.
func recordRowValues(rec *nsor.OffenderRecord, set func(k, s string)) {
	for i, p := range rec.Parentage {
		set(rowName("parentage", i, "relation"), p.Relation)
		set(rowName("parentage", i, ""), p.Name)
	}
	for i, cv := range rec.Convictions {
		for k, s := range map[string]string{"court": cv.Court, "case_number": cv.CaseNumber, "fir": cv.FIR,
			"sections": strings.Join(cv.Sections, ", "), "convicted_on": string(cv.ConvictedOn), "sentence": cv.Sentence,
			"released_on": string(cv.ReleasedOn), "appeal_status": cv.AppealStatus} {
			set(rowName("convictions", i, k), s)
		}
	}
	for i, a := range rec.Addresses {
		for k, s := range map[string]string{"address": a.Address, "district": a.District, "from": string(a.From), "to": string(a.To)} {
			set(rowName("addresses", i, k), s)
		}
	}
	for i, b := range rec.Biometrics {
		for k, s := range map[string]string{"kind": b.Kind, "reference": b.Reference, "provenance": b.Provenance} {
			set(rowName("biometrics", i, k), s)
		}
	}
	for i, r := range rec.Referrals {
		for k, s := range map[string]string{"referred_on": string(r.ReferredOn), "professional": r.Professional, "outcome": r.Outcome} {
			set(rowName("referrals", i, k), s)
		}
	}
}

func init() {
	funcs["rows"] = formRows
	funcs["row"] = rowName
	funcs["biometricKinds"] = func() []string { return []string{nsor.BiometricFingerprint, nsor.BiometricDNA} }
}

// addSampleRow adds to a record form's values a biometric row naming the
// stored sample that q carries (add_kind, add_sample: the links and the
// form on a stored sample's page), after the rows v holds, unless a row
// already names it. A reference that names no stored sample, or a kind the
// register does not hold, adds nothing: the link only saves typing, and the
// service checks the row again when the change is proposed.
func addSampleRow(v, q url.Values) {
	ref, kind := q.Get("add_sample"), q.Get("add_kind")
	if _, ok := nsor.ParseSampleRef(ref); !ok || (kind != nsor.BiometricFingerprint && kind != nsor.BiometricDNA) {
		return
	}
	posted, _ := postedRows(v, "biometrics")
	for i := 0; i < posted; i++ {
		if v.Get(rowName("biometrics", i, "reference")) == ref {
			return
		}
	}
	v.Set(rowName("biometrics", posted, "kind"), kind)
	v.Set(rowName("biometrics", posted, "reference"), ref)
}
