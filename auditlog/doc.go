// Package auditlog makes nsor's audit trail tamper-evident: the stored audit
// records are the leaves of an RFC 6962 Merkle tree (hashed, proved and
// laid out by golang.org/x/mod/sumdb/tlog), which a sequencer extends in
// commit order and a signer commits to in Ed25519-signed checkpoints in the
// C2SP tlog-checkpoint format (golang.org/x/mod/sumdb/note).
//
// Writers never wait for the tree: an act only appends its record in its own
// transaction; the sequencer, running on exactly one instance at a time (a
// lease row in the database), integrates whatever has committed since its
// last run, about once a second. What an exported checkpoint covers cannot
// be altered, removed or reordered without the verifier (package
// auditverify) noticing; records newer than it are covered by the next one.
// docs/adr/0010-merkle-log.md gives the design. Each export is appended to
// an append-only history with the leaf hashes it covers, and the sequencer
// refuses to go on over a database that is behind, or forks from, what it
// exported (docs/adr/0016-export-history.md).
package auditlog
