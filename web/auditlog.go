package web

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"nsor"
)

// checkpoint serves the newest signed checkpoint as the note itself
// (text/plain, C2SP tlog-checkpoint), for witnesses and auditors alike.
func (s *Server) checkpoint(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(c.Note)
	return err
}

// consistencyView is an RFC 6962 consistency proof between two sizes.
type consistencyView struct {
	From  int64    `json:"from"`
	To    int64    `json:"to"`
	Proof []string `json:"proof"` // base64 hashes
}

func (s *Server) consistency(w http.ResponseWriter, r *http.Request) error {
	var size [2]int64
	for i, name := range []string{"from", "to"} {
		n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
		if err != nil {
			return badBody(name, "query.number", name+" is a tree size, a whole number.")
		}
		size[i] = n
	}
	p, err := s.svc.ConsistencyProof(r.Context(), size[0], size[1])
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, consistencyView{From: size[0], To: size[1], Proof: b64s(p)})
}

// proofView is an inclusion proof that anyone with the log's public key can
// check offline (docs/audit-verify.md).
type proofView struct {
	RecordID   int64    `json:"record_id"`
	LeafIndex  int64    `json:"leaf_index"`
	TreeSize   int64    `json:"tree_size"`
	Record     string   `json:"record"`     // base64 of the stored bytes
	Checkpoint string   `json:"checkpoint"` // the signed note
	Proof      []string `json:"proof"`      // base64 hashes, leaf to root
}

func viewProof(p *nsor.InclusionProof) proofView {
	return proofView{RecordID: p.RecordID, LeafIndex: p.Index, TreeSize: p.TreeSize,
		Record: base64.StdEncoding.EncodeToString(p.Record), Checkpoint: string(p.Checkpoint), Proof: b64s(p.Proof)}
}

func (s *Server) auditProof(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nsor.Errorf(nsor.KindNotFound, "audit.record_not_found", "No such audit record was found.")
	}
	p, err := s.svc.ProveAuditRecord(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, viewProof(p))
}

func b64s(hs [][32]byte) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}
