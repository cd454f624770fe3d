// Package nsor is the domain of the National Sex Offenders Register and the
// procedure (Sex Offenders Register Rules 2023; SOPs of 22 August 2024) through
// which an investigating officer obtains a named suspect's prior record.
//
// The package holds the types, the rules, the request state machine, the
// storage interfaces and the Service that enforces every rule. It imports only
// the standard library and the audit record encoding (package auditrec).
// Adapters (sqlstore, auth, web, client) meet here through interfaces; only
// cmd/nsor wires them together.
//
// The request states, kept next to the code that enforces them (state.go;
// told as a story in docs/procedure.md):
//
//	draft --submit--> submitted --forward--> forwarded --answer--> answered --confirm--> confirmed --release--> released --acknowledge--> acknowledged --close--> closed
//	  |                |  |                          |
//	  |                |  |                          +--reopen (reason, by the confirmer)--> forwarded
//	  |                |  |                          +--release, when no record was found--> released
//	  |                |  +--return (reason)--> returned --resubmit--> submitted
//	  |                +--reject (reason)--> rejected
//	  +--withdraw--> withdrawn   (also from submitted and returned)
package nsor
