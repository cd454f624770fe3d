package nsor

import "time"

// SignInSource is what is kept of one user's sign-ins from one network
// source (an IPv4 address or an IPv6 /64): whether a sign-in ever succeeded
// from there, and the failures since, which lock out that source alone
// (docs/adr/0015-sign-in-under-attack.md). The source UnknownSources counts
// the failures from every source the user never signed in from.
type SignInSource struct {
	UserID      int64
	Source      string
	Known       bool
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
}

// UnknownSources is the SignInSource that counts, for a user, the failures
// from all the sources they never signed in from.
const UnknownSources = "*"

// NoteSignInAttack is the administrators' alert that an account's sign-in
// from new addresses is paused after failures from unknown sources.
const NoteSignInAttack NotificationKind = "auth.signin_attack"
