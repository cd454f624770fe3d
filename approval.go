package nsor

import (
	"encoding/json"
	"time"
)

// An Approval is an administrator's act held until a second administrator
// approves it (maker-checker, as the register's own changes are checked):
// granting a role that reads the register or releases records, granting such
// scopes to a service account or a token, resetting a user's credentials
// (docs/adr/0014-no-impersonation.md). The proposer never approves; the
// approver is never the user the change is about.
type Approval struct {
	ID   int64        `json:"id"`
	Kind ApprovalKind `json:"kind"`
	// TargetID is the user the change is about; 0 for a new account.
	TargetID int64 `json:"target_id,omitempty"`
	// Change is the act as proposed, shown to the approver: a NewUser, a
	// UserPatch, a NewServiceAccount or a TokenGrant; nothing for a reset.
	Change     json.RawMessage `json:"change"`
	State      ApprovalState   `json:"state"`
	ProposedBy int64           `json:"proposed_by"`
	ProposedAt time.Time       `json:"proposed_at"`
	ExpiresAt  time.Time       `json:"expires_at"`
	DecidedBy  int64           `json:"decided_by,omitempty"`
	DecidedAt  time.Time       `json:"decided_at,omitzero"`
}

// ApprovalKind is the act an approval holds.
type ApprovalKind string

// The acts that need a second administrator.
const (
	ApproveUserCreate     ApprovalKind = "user.create"
	ApproveUserUpdate     ApprovalKind = "user.update"
	ApproveReset          ApprovalKind = "user.reset_credentials"
	ApproveServiceAccount ApprovalKind = "service_account.create"
	ApproveToken          ApprovalKind = "token.issue"
)

// ApprovalState is where an approval stands. Expired is never stored: a
// pending approval past its ExpiresAt reads as expired.
type ApprovalState string

// The states of an approval.
const (
	ApprovalPending  ApprovalState = "pending"
	ApprovalApproved ApprovalState = "approved"
	ApprovalDeclined ApprovalState = "declined"
	ApprovalExpired  ApprovalState = "expired"
)

// ApprovalFilter selects approvals; zero fields select all.
type ApprovalFilter struct {
	State ApprovalState // as stored: a lapsed proposal is stored pending
	// At, when set with State pending, keeps only the proposals still live
	// at that instant (Lapsed false) or only those lapsed by it (Lapsed true).
	At       time.Time
	Lapsed   bool
	BeforeID int64 // for paging: only IDs below this
	Limit    int
}

// ApprovalTTL is how long a proposal waits for its second administrator.
const ApprovalTTL = 72 * time.Hour

// ApprovalTx stores approvals.
type ApprovalTx interface {
	// CreateApproval sets p.ID.
	CreateApproval(p *Approval) error
	Approval(id int64) (*Approval, error)
	// Approvals lists the approvals f selects, newest first.
	Approvals(f ApprovalFilter) ([]*Approval, error)
	// DecideApproval stores p's state, DecidedBy and DecidedAt if it is still
	// pending; otherwise KindConflict "approval.decided".
	DecideApproval(p *Approval) error
}

// NewServiceAccount is what an administrator gives to create a service
// account: a machine client's own user, with the role whose acts its scopes
// are cut from and the scopes it may be given tokens for.
type NewServiceAccount struct {
	Username       string   `json:"username" text:"id"`
	Name           string   `json:"name" text:"name"`
	Role           Role     `json:"role"`
	JurisdictionID int64    `json:"jurisdiction_id"`
	Scopes         []string `json:"scopes" text:"id"`
}

// TokenGrant is a machine token asked for a service account.
type TokenGrant struct {
	UserID int64         `json:"user_id"`
	Name   string        `json:"name"`
	Scopes []string      `json:"scopes"`
	TTL    time.Duration `json:"ttl_ns"`
}

// AccountResult is what an administrator's act on accounts gave: the account (with
// its one-time credentials when new ones were made) or the machine token, at
// once; or the Approval it waits for. Secrets are shown here only, once.
type AccountResult struct {
	User        *User        `json:"user,omitempty"`
	Credentials *Credentials `json:"credentials,omitempty"`
	Token       string       `json:"token,omitempty"`
	TokenInfo   *Token       `json:"token_info,omitempty"`
	Approval    *Approval    `json:"approval,omitempty"`
}

// Pending reports whether the act waits for a second administrator.
func (o *AccountResult) Pending() bool {
	return o != nil && o.Approval != nil && o.Approval.State == ApprovalPending
}
