package ui

import (
	"net/http"
	"strconv"
	"strings"

	"nsor"
)

// Helpers of the prosecutor's, DPO's, bureau's, registrar's and oversight's
// pages.

// formInt is a whole number of the posted form, 0 when absent or not one:
// the service then refuses it (a stale or missing version, an unknown ID).
func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(name)), 10, 64)
	return n
}

// cursor reads a listing's "after" query parameter: the key of the last row
// of the page before, numbers joined by dots.
func cursor(r *http.Request) nsor.Page {
	var p nsor.Page
	if s := r.URL.Query().Get("after"); s != "" {
		for _, part := range strings.Split(s, ".") {
			n, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				p.After = []int64{-1} // refused by the service as query.cursor
				break
			}
			p.After = append(p.After, n)
		}
	}
	return p
}

// Cursor writes a key as the "after" parameter reads it.
func (c *Ctx) Cursor(key []int64) string {
	parts := make([]string, len(key))
	for i, n := range key {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, ".")
}

// Checklist is the prosecutor's checklist's items, in order, for the pages.
func (c *Ctx) Checklist() []string {
	out := make([]string, len(nsor.ChecklistItems))
	for i, it := range nsor.ChecklistItems {
		out[i] = it.Code
	}
	return out
}

// Can reports whether act is among the acts a request's view offers.
func (c *Ctx) Can(v *nsor.RequestView, act string) bool {
	if v == nil {
		return false
	}
	for _, a := range v.Actions {
		if string(a) == act {
			return true
		}
	}
	return false
}

// Hours is a duration in seconds as hours with one decimal.
func (c *Ctx) Hours(seconds int64) string {
	return strconv.FormatFloat(float64(seconds)/3600, 'f', 1, 64)
}

// Outcomes are the bureau's answers for a suspect, for the answer form.
func (c *Ctx) Outcomes() []string {
	return []string{string(nsor.OutcomeNoRecord), string(nsor.OutcomeRecordFound), string(nsor.OutcomePossibleMatch)}
}

// Bases are the strong identifiers a record found rests on
// (docs/rules.md#r7).
func (c *Ctx) Bases() []string {
	return []string{string(nsor.BasisCNIC), string(nsor.BasisNameParentDOB), string(nsor.BasisBiometric)}
}

// NeededIDs are what a possible match may ask the officer for.
func (c *Ctx) NeededIDs() []string { return nsor.NeededIdentifiers }
