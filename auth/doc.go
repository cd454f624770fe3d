// Package auth implements nsor's credentials: argon2id password hashes
// (nsor.PasswordHasher), TOTP second factors (nsor.SecondFactor, RFC 6238)
// and the secrets of bearer tokens.
//
// It holds no keys itself: TOTP secrets are sealed and opened by a Sealer
// that cmd/nsor passes in (the keys adapter's Keyring is one), so that the
// adapters meet only in the root package's interfaces.
package auth
