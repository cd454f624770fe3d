package ui

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"nsor"
)

// The auditor's pages: the audit search (by user, request, disclosure,
// register record, or person), the trace of a leaked copy, misuse cases with
// their evidence and its inclusion proofs, and the newest signed
// checkpoint. Every search is the service's, and recorded.
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /auditor", u.sensitive(u.auditSearch, false))
		u.mux.HandleFunc("POST /auditor/who", u.signedIn(u.auditWho))
		u.mux.HandleFunc("GET /auditor/trace", u.signedIn(u.traceForm))
		u.mux.HandleFunc("POST /auditor/trace", u.signedIn(u.trace))
		u.mux.HandleFunc("GET /auditor/cases", u.signedIn(u.auditCases))
		u.mux.HandleFunc("GET /auditor/cases/{id}", u.sensitive(u.auditCase, false))
		u.mux.HandleFunc("GET /auditor/checkpoint", u.signedIn(u.checkpoint))
	})
	addNav("/auditor", "nav.auditor.search", 10, nsor.RoleAuditor)
	addNav("/auditor/trace", "nav.auditor.trace", 20, nsor.RoleAuditor)
	addNav("/auditor/cases", "nav.auditor.cases", 30, nsor.RoleAuditor)
	addNav("/auditor/checkpoint", "nav.auditor.checkpoint", 40, nsor.RoleAuditor)
}

// auditRows is a page of audit records.
type auditRows struct {
	Entries []*nsor.AuditEntry
	Asked   bool
}

// auditSearch: the query is in the URL (GET: a search changes nothing but
// the audit trail, which records it). Fields not given are not filters.
func (u *UI) auditSearch(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	q := r.URL.Query()
	f := NewForm(q)
	var aq nsor.AuditQuery
	num := func(name string) int64 {
		s := strings.TrimSpace(q.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			f.Add(name, c.T("form.number"))
		}
		return n
	}
	aq.ActorID, aq.RequestID, aq.RecordID = num("user"), num("request"), num("record")
	aq.Disclosure = strings.TrimSpace(q.Get("disclosure"))
	aq.Action = strings.TrimSpace(q.Get("action"))
	aq.Limit = 200
	data := auditRows{Asked: aq.ActorID != 0 || aq.RequestID != 0 || aq.RecordID != 0 || aq.Disclosure != "" || aq.Action != ""}
	status := http.StatusOK
	if data.Asked && !f.Failed() {
		es, err := u.app.SearchAudit(r.Context(), c.Actor, aq)
		if err != nil {
			if !f.Refuse(c, err) {
				return err
			}
			status = statusOf(nsor.KindOf(err))
		}
		data.Entries = es
	} else if f.Failed() {
		status = http.StatusUnprocessableEntity
	}
	u.render(w, c, status, "audit_search", f, data)
	return nil
}

// auditWho: who sought a person (a CNIC or a name): posted, so that the
// identifier is never in a URL.
func (u *UI) auditWho(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, 64<<10); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	es, err := u.app.WhoSought(r.Context(), c.Actor, nsor.IdentifierQuery{CNIC: strings.TrimSpace(f.Get("cnic")), Name: strings.TrimSpace(f.Get("name")), Limit: 200})
	status := http.StatusOK
	if err != nil {
		if !f.Refuse(c, err) {
			return err
		}
		status = statusOf(nsor.KindOf(err))
	}
	u.render(w, c, status, "audit_search", f, auditRows{Entries: es, Asked: true})
	return nil
}

func (u *UI) traceForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	u.render(w, c, http.StatusOK, "audit_trace", NewForm(nil), nil)
	return nil
}

// trace traces a leaked copy's text (pasted) or a disclosure number to its
// recipients.
func (u *UI) trace(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, nsor.MaxTraceText+64<<10); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	tr, err := u.app.TraceDisclosure(r.Context(), c.Actor, nsor.TraceQuery{Number: strings.TrimSpace(f.Get("number")), Text: f.Get("text")})
	if err != nil {
		if !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "audit_trace", f, nil)
		return nil
	}
	u.render(w, c, http.StatusOK, "audit_trace", f, tr)
	return nil
}

func (u *UI) auditCases(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	page, err := u.app.Cases(r.Context(), c.Actor, nsor.CaseFilter{}, nsor.Page{Limit: 100})
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "audit_cases", nil, page)
	return nil
}

func (u *UI) auditCase(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cv, err := u.app.Case(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "audit_case", nil, cv)
	return nil
}

type checkpointData struct {
	*nsor.Checkpoint
	RootHex string
	Note    string
}

func (u *UI) checkpoint(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	cp, err := u.app.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "audit_checkpoint", nil, checkpointData{Checkpoint: cp, RootHex: hex.EncodeToString(cp.Root[:]), Note: string(cp.Note)})
	return nil
}

// proofHex is an inclusion proof's path as hex, for the case page.
func proofHex(p *nsor.InclusionProof) []string {
	if p == nil {
		return nil
	}
	out := make([]string, len(p.Proof))
	for i, h := range p.Proof {
		out[i] = hex.EncodeToString(h[:])
	}
	return out
}

// detailsText is an audit record's details as "key=value" pairs.
func detailsText(e *nsor.AuditEntry) string {
	if e == nil || e.Record == nil {
		return ""
	}
	var b strings.Builder
	for i, d := range e.Record.Details {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", d.Key, d.Value)
	}
	return b.String()
}

func init() {
	funcs["proofHex"] = proofHex
	funcs["details"] = detailsText
}
