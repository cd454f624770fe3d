package web

import (
	"encoding/hex"
	"net/http"
	"strconv"

	"nsor"
)

// auditRecords runs GET /api/v1/audit/records: a search by actor, request,
// action, object, disclosure number, register record or identifier tag. No
// parameter carries an identifier in clear, so a query string is safe here;
// a search by CNIC, name or FIR number is POST /api/v1/audit/who, whose body
// stays out of access logs, proxies and browser histories.
func (s *Server) auditRecords(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	// Oldest first: the key is the last record's ID, and one more than the
	// page is read to learn whether another follows. Every filter is the
	// search's own, applied before its limit.
	f := nsor.AuditQuery{AuditFilter: nsor.AuditFilter{Action: q.Get("action"), Object: q.Get("object"),
		AfterID: p.AfterID()}, Disclosure: q.Get("disclosure")}
	if p.Limit == 0 {
		p.Limit = nsor.DefaultPageSize
	}
	f.Limit = p.Limit + 1
	if len(p.After) > 1 {
		return nsor.ErrPageCursor()
	}
	for name, p := range map[string]*int64{"actor": &f.ActorID, "request": &f.RequestID, "record": &f.RecordID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return badBody(name, "query.number", name+" is a number.")
			}
			*p = n
		}
	}
	if v := q.Get("mac"); v != "" {
		mac, err := hex.DecodeString(v)
		if err != nil || len(mac) != 32 {
			return badBody("mac", "query.mac", "mac is an identifier tag as the records show it: 64 hexadecimal digits.")
		}
		f.MAC = mac
	}
	es, err := s.svc.SearchAudit(r.Context(), a, f)
	if err != nil {
		return err
	}
	page := nsor.Paged[*nsor.AuditEntry]{Items: es}
	if len(es) > p.Limit {
		page.Items = es[:p.Limit]
		page.Next = []int64{es[p.Limit-1].ID}
	}
	out := nsor.Paged[auditView]{Items: make([]auditView, len(page.Items)), Next: page.Next}
	for i, e := range page.Items {
		out.Items[i] = viewAudit(e)
	}
	return writePage(w, r, nil, out)
}

// auditWho runs POST /api/v1/audit/who: who sought a person or an FIR,
// given in clear in the body and searched for by its tags.
func (s *Server) auditWho(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var q nsor.IdentifierQuery
	body, err := decode(r, &q)
	if err != nil {
		return err
	}
	p, err := readPage(r, body)
	if err == nil {
		err = p.Check(1)
	}
	if err != nil {
		return err
	}
	q.AfterID, q.Limit = p.AfterID(), p.Fetch()
	es, err := s.svc.WhoSought(r.Context(), a, q)
	if err != nil {
		return err
	}
	page := nsor.Cut(es, p, func(e *nsor.AuditEntry) []int64 { return nsor.ByID(e.ID) })
	out := nsor.Paged[auditView]{Items: make([]auditView, len(page.Items)), Next: page.Next}
	for i, e := range page.Items {
		out.Items[i] = viewAudit(e)
	}
	return writePage(w, r, body, out)
}
