// Package keys holds nsor's secret keys outside the database: the HMAC key
// that turns identifiers into audit tags (the Vault audit model, see
// nsor.IdentifierHasher) and the key that seals TOTP secrets at rest.
//
// A key directory holds one file per purpose and version, named
// "<purpose>-v<version>.key" (for example hmac-v1.key, hmac-v2.key), each
// containing 32 bytes in hex and readable by its owner only (0600). The
// highest version of a purpose is current; older versions stay so that tags
// computed and values sealed before a rotation can still be found and opened.
//
// Keys may also come from the deployment (environment variables such as
// NSOR_HMAC_KEY, see EnvName); the package never reads the environment itself,
// cmd/nsor does and passes them to LoadWith as overrides.
package keys
