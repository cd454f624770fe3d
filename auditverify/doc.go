// Package auditverify checks nsor's audit log independently of the code
// that writes it (docs/adr/0010-merkle-log.md, docs/audit-verify.md). It
// reads the log's tables directly, read-only, recomputes every leaf hash
// and every stored hash of the RFC 6962 tree from the stored records,
// checks that the leaves are exactly the records, checks every signed
// checkpoint and restore note against the log's public keys and the
// recomputed tree, and checks checkpoints saved outside the database and
// the export directory's history, which catch a rollback of the whole
// database, and proves a restore's kept prefix from the leaf hashes the
// export directory kept (docs/adr/0016-export-history.md). Its verdict is
// "holds", "holds only in part" (a restore lost records, or something
// cannot be proven) or "failed". CheckProof checks an inclusion proof
// offline.
//
// It imports nothing of nsor but the record encoding (nsor/auditrec); the
// hashing, proofs and signed notes are golang.org/x/mod/sumdb's tlog and
// note, and it parses the notes' text itself. A court's expert can read
// this package, build it alone (cmd/nsor-verify), and need trust neither
// the database nor the application.
package auditverify
