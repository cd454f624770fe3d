// Package nsor is the domain of the National Sex Offenders Register and the
// procedure (Sex Offenders Register Rules 2023; SOPs of 22 August 2024) through
// which an investigating officer obtains a named suspect's prior record.
//
// The package holds the types, the rules as pure functions, the procedure
// table (procedure.go) from which the request's state machine and its
// authorisation derive, the storage interfaces, and one interface per group
// of users (services.go). It imports only the standard library, the audit
// record encoding (package auditrec) and the name rules (package match).
// Package service implements the services; adapters (sqlstore, auth, web,
// client) meet here through interfaces; only cmd/nsor wires them together
// (docs/architecture.md).
//
// The request states (told as a story, with the table, in docs/procedure.md):
//
//	draft --submit--> submitted --forward--> forwarded --answer--> answered --confirm--> confirmed --release--> released --acknowledge--> acknowledged --close--> closed
//	  |                |  |                          |
//	  |                |  |                          +--reopen (reason, by the confirmer)--> forwarded
//	  |                |  |                          +--release, when no record was found--> released
//	  |                |  +--return (reason)--> returned --resubmit--> submitted
//	  |                +--reject (reason)--> rejected
//	  +--withdraw--> withdrawn   (also from submitted and returned)
package nsor

//go:generate go run ./internal/servicesgen
