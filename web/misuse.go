package web

import (
	"net/http"
	"strconv"
	"time"

	"nsor"
)

// The misuse cases of the auditors, under /api/v1/audit/cases. To anyone
// but an auditor every one of these calls answers 404: existence must not
// leak.

// caseView is a case with its evidence, each with its audit record and the
// state of its inclusion proof.
type caseView struct {
	*nsor.MisuseCase
	Evidence []evidenceView `json:"evidence"`
}

type evidenceView struct {
	AuditRecordID int64         `json:"audit_record_id"`
	Reason        string        `json:"reason"`
	AddedBy       int64         `json:"added_by"`
	AddedAt       time.Time     `json:"added_at"`
	Record        auditView     `json:"record"`
	Proof         evidenceProof `json:"proof"`
}

// evidenceProof is a piece of evidence's inclusion proof (RFC 6962) in the
// latest signed checkpoint, or why there is none yet.
type evidenceProof struct {
	Status    string     `json:"status"`
	Note      string     `json:"note"`
	Inclusion *proofView `json:"inclusion,omitempty"`
}

var proofNotes = map[string]string{
	nsor.ProofIncluded:    "The record is a leaf of the tree the checkpoint signs; check the proof with the log's public key.",
	nsor.ProofPending:     "Pending: the record is newer than the latest checkpoint; the next checkpoint will cover it.",
	nsor.ProofUnavailable: "Proof unavailable: this server keeps no Merkle log, so the record cannot be proved included.",
}

func viewCase(v *nsor.CaseView) caseView {
	out := caseView{MisuseCase: v.Case, Evidence: make([]evidenceView, len(v.Evidence))}
	for i, e := range v.Evidence {
		p := evidenceProof{Status: e.ProofStatus, Note: proofNotes[e.ProofStatus]}
		if e.Proof != nil {
			pv := viewProof(e.Proof)
			p.Inclusion = &pv
		}
		out.Evidence[i] = evidenceView{AuditRecordID: e.AuditRecordID, Reason: e.Reason, AddedBy: e.AddedBy,
			AddedAt: e.AddedAt, Record: viewAudit(e.Record), Proof: p}
	}
	return out
}

// caseID reads the case number of the path; anything else is no such case.
func caseID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, nsor.NotFound("case")
	}
	return id, nil
}

func (s *Server) listCases(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	p, err := readPage(r, nil)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := nsor.CaseFilter{State: nsor.CaseState(q.Get("state"))}
	if v := q.Get("officer"); v != "" {
		if f.OfficerID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return badBody("officer", "query.number", "officer is a number.")
		}
	}
	cs, err := s.svc.Cases(r.Context(), a, f, p)
	if err != nil {
		return err
	}
	return writePage(w, r, nil, cs)
}

func (s *Server) openCase(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	var b nsor.CaseInput
	if _, err := decode(r, &b); err != nil {
		return err
	}
	v, err := s.svc.OpenCase(r.Context(), a, b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/audit/cases/"+strconv.FormatInt(v.Case.ID, 10))
	return writeCase(w, http.StatusCreated, v)
}

// writeCase answers with the case as it stands, its version as the ETag.
func writeCase(w http.ResponseWriter, status int, v *nsor.CaseView) error {
	w.Header().Set("ETag", etag(v.Case.Version))
	return writeJSON(w, status, viewCase(v))
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := caseID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.Case(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, v)
}

type evidenceBody struct {
	versioned
	AuditRecordID int64  `json:"audit_record_id"`
	Reason        string `json:"reason"`
}

func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := caseID(r)
	if err != nil {
		return err
	}
	var b evidenceBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	cv, err := s.svc.AddEvidence(r.Context(), a, id, v, b.AuditRecordID, b.Reason)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, cv)
}

type decisionBody struct {
	versioned
	Outcome nsor.CaseState `json:"outcome"`
	Reason  string         `json:"reason"`
}

func (s *Server) decideCase(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := caseID(r)
	if err != nil {
		return err
	}
	var b decisionBody
	if _, err := decode(r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	cv, err := s.svc.DecideCase(r.Context(), a, id, v, b.Outcome, b.Reason)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, cv)
}

func (s *Server) caseDisclosure(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := caseID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.CaseDisclosure(r.Context(), a, id)
	if err != nil {
		return err
	}
	w.Header().Set("X-NSOR-Disclosure", v.Number)
	return writeJSON(w, http.StatusOK, v)
}
