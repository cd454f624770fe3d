package nsor

import "time"

// User is a person, or a service account for a machine client, with one role
// and one jurisdiction. Credentials are never serialised.
type User struct {
	ID         int64  `json:"id"`
	Username   string `json:"username"`
	Name       string `json:"name"`
	Rank       string `json:"rank,omitempty"`
	BeltNumber string `json:"belt_number,omitempty"`
	// Gender is the officer's recorded gender ("" when not recorded), so
	// that a sexual-violence case shows whether a female officer is on it
	// (docs/rules.md#r11).
	Gender         Gender    `json:"gender,omitempty"`
	Role           Role      `json:"role"`
	JurisdictionID int64     `json:"jurisdiction_id"`
	Disabled       bool      `json:"disabled"`
	CreatedAt      time.Time `json:"created_at"`
	// Kind says whether a person or a machine client holds the account.
	Kind UserKind `json:"kind"`
	// Scopes are what a service account was granted: its machine tokens
	// carry some of them, never more. A person has none (sessions carry *).
	Scopes []string `json:"scopes,omitempty"`
	// MustChangePassword: an administrator saw this person's password (a new
	// account made through the API, an approved reset); until the person
	// chooses another, their session may do nothing but that.
	MustChangePassword bool `json:"must_change_password,omitempty"`

	PasswordHash string    `json:"-"`
	TOTPSealed   []byte    `json:"-"` // the TOTP secret, sealed under a key held outside the database
	TOTPLastStep int64     `json:"-"` // the last time step accepted: each code is accepted once
	Failures     int       `json:"-"`
	LockedUntil  time.Time `json:"-"`
	// CredVersion grows on every change of role, jurisdiction, password or
	// second factor; tokens issued under an older one are void.
	CredVersion int64 `json:"-"`
}

// UserKind distinguishes a person from a service account
// (docs/adr/0014-no-impersonation.md).
type UserKind string

// The kinds of user. A person signs in with a password and a second factor
// and receives session tokens; a service account has neither, never signs in,
// and receives only machine tokens.
const (
	UserPerson  UserKind = "person"
	UserService UserKind = "service"
)

// IsService reports whether u is a service account.
func (u *User) IsService() bool { return u != nil && u.Kind == UserService }

// TokenKind distinguishes a person's session token from a machine token.
type TokenKind string

// The kinds of bearer token.
const (
	TokenSession TokenKind = "session" // issued after password and TOTP
	TokenMachine TokenKind = "machine" // issued to a service account, scoped
)

// Scopes a machine token may carry. A session token carries ScopeAll. A scope
// narrows what the token's user may do; it never widens it.
const (
	ScopeAll           = "*"
	ScopeRequestsRead  = "requests:read"
	ScopeRequestsWrite = "requests:write"
	ScopeRegisterRead  = "register:read"
	ScopeRegisterWrite = "register:write"
	ScopeDashboard     = "dashboard:read"
	ScopeAuditRead     = "audit:read"
	ScopeAdmin         = "admin"
)

// MachineScopes lists the scopes a service account may be granted. ScopeAdmin
// is not among them: administration is done by people, each act by one and
// the sensitive ones approved by a second (docs/adr/0014-no-impersonation.md).
var MachineScopes = []string{ScopeRequestsRead, ScopeRequestsWrite, ScopeRegisterRead, ScopeRegisterWrite, ScopeDashboard, ScopeAuditRead, ScopeAuditCases}

// PrivilegedScopes are the scopes whose grant to a service account, or a
// token of one, needs a second administrator's approval: the register's;
// requests:write, with which an officer's service account would file requests
// and then read what is released on them; and audit:cases, since a misuse
// case shows released records.
var PrivilegedScopes = []string{ScopeRegisterRead, ScopeRegisterWrite, ScopeRequestsWrite, ScopeAuditCases}

// Token is a bearer token as stored: only the SHA-256 of its secret.
type Token struct {
	ID          int64     `json:"id"`
	UserID      int64     `json:"user_id"`
	Kind        TokenKind `json:"kind"`
	Name        string    `json:"name,omitempty"`
	Scopes      []string  `json:"scopes"`
	Hash        []byte    `json:"-"`
	CredVersion int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
	// IdleUntil ends a web session not used until then (zero: no idle
	// limit); each use moves it on (service.Authenticate).
	IdleUntil time.Time `json:"-"`
}

// Allows reports whether the token carries scope.
func (t *Token) Allows(scope string) bool {
	for _, s := range t.Scopes {
		if s == ScopeAll || s == scope {
			return true
		}
	}
	return false
}

// Actor is who is acting: the user, their jurisdiction, and the token (nil for
// commands run on the server itself).
type Actor struct {
	User         *User
	Jurisdiction *Jurisdiction
	Token        *Token
	Client       string    // the client's address, for the audit record
	Source       string    // "api", "web" or "cli"
	Operator     *Operator // the person at the console (operator.go); nil over the network
}

// Is reports whether the actor has the role.
func (a *Actor) Is(r Role) bool { return a != nil && a.User != nil && a.User.Role == r }

// ID is the acting user's ID, or 0 for the system itself.
func (a *Actor) ID() int64 {
	if a == nil || a.User == nil {
		return 0
	}
	return a.User.ID
}

// PasswordHasher hashes and checks passwords. The auth adapter implements it
// with argon2id at OWASP's parameters.
type PasswordHasher interface {
	Hash(password string) (string, error)
	// Verify reports whether password matches hash. It takes as long for a
	// malformed or dummy hash as for a real one.
	Verify(password, hash string) bool
}

// SecondFactor manages TOTP secrets (RFC 6238).
type SecondFactor interface {
	// New returns a sealed new secret and the otpauth:// URL to enrol it.
	New(account string) (sealed []byte, url string, secret string, err error)
	// Check returns the time step that code matches at now (within one step
	// either side), or an error. The caller refuses steps at or before the
	// last one accepted.
	Check(sealed []byte, code string, now time.Time) (step int64, err error)
}

// IdentifierHasher turns identifiers (CNICs, names, FIR numbers, search terms)
// into keyed hashes for the audit trail, so that the log never holds them in
// clear (docs/adr/0004-audit-record.md).
type IdentifierHasher interface {
	// Tag returns HMAC-SHA256(key, kind || 0 || value) under the current key.
	Tag(kind, value string) IdentifierTag
	// TagAll returns the tag of value under every key version held, oldest
	// first, so that an auditor's search finds records written before a
	// rotation too (docs/audit-who.md).
	TagAll(kind, value string) []IdentifierTag
}

// IdentifierTag is a keyed hash of an identifier.
type IdentifierTag struct {
	Kind       string
	KeyVersion uint32
	MAC        [32]byte
}

// Clock is the source of time; only cmd/nsor reads the wall clock.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
