package nsor

import "crypto/sha256"

// AdminSessionScopes are what an administrator's session carries instead of
// ScopeAll: every scope but the register's, so that no token of an
// administrator reads the register even if a role check were wrong
// (docs/adr/0014-no-impersonation.md). The others stay, so that an act outside
// an administrator's reach still answers "not found" rather than naming a
// missing scope.
var AdminSessionScopes = []string{ScopeRequestsRead, ScopeRequestsWrite, ScopeDashboard, ScopeAuditRead, ScopeAuditCases, ScopeAdmin}

// HashToken is how a token secret is stored and looked up.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Client describes where a call comes from, for the audit record.
type Client struct {
	Addr   string
	Source string // "api", "web" or "cli"
}

func (c Client) ActorFor(u *User) *Actor {
	return &Actor{User: u, Client: c.Addr, Source: c.Source}
}
