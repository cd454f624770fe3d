package nsor

// Proof states of a piece of evidence.
const (
	ProofIncluded    = "included"    // Proof holds an inclusion proof in the newest checkpointed tree
	ProofPending     = "pending"     // the record is newer than the newest checkpoint; the next one covers it
	ProofUnavailable = "unavailable" // this server makes no proofs (no Merkle log configured)
)

// CaseView is a case as an auditor sees it: the case, and each piece of
// evidence with its audit record and, where the server makes them, its
// inclusion proof.
type CaseView struct {
	Case     *MisuseCase
	Evidence []EvidenceView
}

// EvidenceView is one piece of evidence with its record and proof.
type EvidenceView struct {
	Evidence
	Record      *AuditEntry
	ProofStatus string
	Proof       *InclusionProof // when ProofStatus is ProofIncluded
}
