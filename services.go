package nsor

import (
	"context"
	"time"
)

// The services, one interface per group of users. The implementation is
// package nsor/service, which only cmd/ builds; the web server receives App,
// the user-facing services, and never Console. Every method checks who may
// call it against the actor it is given (authz.go, procedure.go) and refuses
// with an *Error whose Code docs/errors.md lists.

// App is everything a person or a service account may ask of nsor through
// the API: the user-facing services together.
type App interface {
	Sessions
	Procedure
	FIRs
	Register
	Auditing
	Administration
}

// Sessions is what every person and service account does for themselves: sign in and out, change their password,
// read their notifications and dashboard, and find the response a retried create had.
type Sessions interface {
	// SignIn checks a password and a TOTP code (each code is accepted once) and
	// issues a session token, whose secret is returned only here. An address
	// that fails too fast is refused (429 auth.throttled) before any work, and
	// when every password hasher stays busy the attempt is refused (429
	// auth.busy): argon2id is slow and large by design, so it runs in a bounded
	// pool, outside any transaction (docs/adr/0015-sign-in-under-attack.md).
	SignIn(ctx context.Context, username, password, code string, client Client) (string, *Token, *User, error)
	// Authenticate resolves a bearer token to its actor. Unknown, expired and
	// revoked tokens, and tokens of a user whose role, jurisdiction, password or
	// second factor changed since, are refused, and the refusal is recorded.
	Authenticate(ctx context.Context, secret string, client Client) (*Actor, error)
	// SignOut revokes the token the actor used.
	SignOut(ctx context.Context, a *Actor) error
	// ChangePassword sets a new password after checking the current one and a
	// fresh TOTP code. Every token of the user is revoked.
	ChangePassword(ctx context.Context, a *Actor, current, next, code string) error
	// Notifications returns a page of the actor's inbox, newest first.
	Notifications(ctx context.Context, a *Actor, unreadOnly bool, p Page) (Paged[*Notification], error)
	// MarkRead marks one of the actor's notifications read.
	MarkRead(ctx context.Context, a *Actor, id int64) error
	// Dashboard returns the figures for the actor's jurisdiction.
	Dashboard(ctx context.Context, a *Actor) (*Dashboard, error)
	// Config returns the configuration in force.
	Config() Config
	// IdempotentResponse returns the record of the actor's call with key: the
	// object an act made with it and, once stored, the response it answered;
	// KindNotFound when the key is new. The key is checked as replay checks it.
	IdempotentResponse(ctx context.Context, a *Actor, key string) (*IdempotencyRecord, error)
	// RememberResponse stores the response of the actor's call with rec.Key,
	// after the call's own transaction committed (docs/adr/0020-idempotency-replays.md).
	RememberResponse(ctx context.Context, a *Actor, rec *IdempotencyRecord) error
}

// Procedure is the request procedure of docs/procedure.md, for the investigating officer, the public prosecutor
// and the bureau's analysts and supervisor: each act is authorised by the procedure table (procedure.go) and
// returns the actor's view of the request after it.
//
// Every act on a request may refuse with: auth.scope (the token lacks requests:write); request.not_found (the
// request is outside the actor's reach, which is never told apart from a request that does not exist);
// request.forbidden (the role may not do the act), request.person_required (a service account where a person's
// judgement is needed), request.unknown_act; the refusal of the row's relation to the request
// (request.separation_of_duties, request.not_assigned, request.unassigned, request.assigned_elsewhere);
// request.wrong_state (no row from this state) and the row's guard (request.confirmation_required,
// request.confirmation_not_needed, release.already_acknowledged); version.required (428) and version.stale
// (409); reason.required where the row needs a reason. The methods below name only the refusals of their own
// act. Who may call each is the table's Roles and Who.
type Procedure interface {
	// CreateRequest opens a draft request (investigating officers, for an FIR of
	// a case they hold). A suspect already in an open request is refused with a
	// pointer to it (docs/rules.md#r4).
	CreateRequest(ctx context.Context, a *Actor, in RequestInput, idem Idempotency) (*Request, error)
	// EditRequest changes a draft or returned request (its officer).
	EditRequest(ctx context.Context, a *Actor, id int64, version int, in RequestInput) (*RequestView, error)
	// PatchRequest changes the members of a draft or returned request that p
	// gives, keeping the others, with the version the client saw; the result
	// is held to the rules of an edit (EditRequest), whole.
	PatchRequest(ctx context.Context, a *Actor, id int64, version int, p RequestPatch) (*RequestView, error)
	// Submit sends a draft to the district's prosecutors, with a copy to the
	// DPO, and starts the prosecutor's 48-hour clock. The Annexure A must be
	// complete (docs/rules.md#r3) and is kept as an immutable version.
	Submit(ctx context.Context, a *Actor, id int64, version int) (*RequestView, error)
	// Resubmit answers a return with a clarification and submits again; the
	// prosecutor's clock starts again from this submission.
	Resubmit(ctx context.Context, a *Actor, id int64, version int, clarification string) (*RequestView, error)
	// Withdraw withdraws a request that has not reached the bureau (its
	// officer); once submitted, with a reason.
	Withdraw(ctx context.Context, a *Actor, id int64, version int, reason string) (*RequestView, error)
	// Acknowledge records that the officer holding the case accepted the
	// advisory; only then may they read the release. After a transfer the new
	// officer acknowledges afresh. The acknowledgement records the SHA-256 of
	// the advisory's text; advisorySHA256, when given, is the one the officer
	// was shown (ReleaseSummary), and must be the release's.
	Acknowledge(ctx context.Context, a *Actor, id int64, version int, accept bool, advisorySHA256 string) (*RequestView, error)
	// Close closes an acknowledged request (its officer).
	Close(ctx context.Context, a *Actor, id int64, version int) (*RequestView, error)
	// Return sends a submission back to its officer for clarification, with the
	// reason shown to them (docs/rules.md#r6), the checklist items that failed (failed, or
	// else those c leaves unticked; returnedItems) and the checklist as far as
	// it went.
	Return(ctx context.Context, a *Actor, id int64, version int, c *Checklist, failed []string, reason string) (*RequestView, error)
	// Reject refuses a prohibited request (one that seeks records unrelated to
	// the case), with the reason shown to the officer (docs/rules.md#r6). A later request
	// for the same suspect shows the prosecutor this rejection (docs/rules.md#r4).
	Reject(ctx context.Context, a *Actor, id int64, version int, reason string) (*RequestView, error)
	// Forward sends a verified request to the bureau. Every item of the
	// checklist must be ticked; a failed item means a return with its reason.
	Forward(ctx context.Context, a *Actor, id int64, version int, c Checklist) (*RequestView, error)
	// Release releases the bureau's answer to the officer with the advisory: an
	// immutable snapshot of the records as they stood, with its hash and its
	// disclosure number. An answer that found a record must have been confirmed.
	Release(ctx context.Context, a *Actor, id int64, version int) (*RequestView, error)
	// Assign gives a forwarded request to an analyst: an analyst takes it
	// themselves (analystID 0 or their own), the supervisor gives it to anyone.
	Assign(ctx context.Context, a *Actor, id int64, version int, analystID int64) (*RequestView, error)
	// Answer records the bureau's outcome for every suspect (the analyst
	// assigned). A record found must rest on a strong identifier (docs/rules.md#r7); the
	// answer then waits for a second officer's confirmation, else it goes
	// straight to the district's prosecutors.
	Answer(ctx context.Context, a *Actor, id int64, version int, outcomes []OutcomeInput) (*RequestView, error)
	// Reopen sends an answer back to its analyst, with a reason, by the officer
	// who would confirm it.
	Reopen(ctx context.Context, a *Actor, id int64, version int, reason string) (*RequestView, error)
	// Confirm is the second bureau officer's confirmation of an answer that found
	// a record; then it can leave the bureau.
	Confirm(ctx context.Context, a *Actor, id int64, version int) (*RequestView, error)
	// SearchRegister searches the register for one suspect of a forwarded
	// request (the analyst assigned; docs/rules.md#r8: never outside a forwarded request),
	// by the particulars the prosecutor verified and any identifier the analyst
	// adds (SearchTerms). The search, its terms as keyed hashes and the records
	// it showed are recorded with the request as purpose; the records shown are
	// kept with the request as what the bureau may read through it.
	// Errors: 403 request.forbidden, request.not_assigned, auth.scope; 404
	// request.not_found, suspect.not_found; 409 request.wrong_state; 422
	// cnic.malformed, search.cnic_replaces_suspect, search.name_not_suspect,
	// search.reason_required.
	SearchRegister(ctx context.Context, a *Actor, reqID, suspectID int64, terms SearchTerms) ([]Candidate, error)
	// RecordForRequest shows one register record to the bureau officer working a
	// request: the analyst assigned while it is forwarded, or the confirming
	// officer while it is answered. The read is recorded with its purpose. Only
	// the records the request's searches showed, and those its answer cites,
	// are within its reach (docs/rules.md#r8); any other is not found, and the attempt is
	// recorded.
	RecordForRequest(ctx context.Context, a *Actor, reqID, recordID int64) (*Offender, error)
	// Request returns one request as the actor may see it.
	Request(ctx context.Context, a *Actor, id int64) (*RequestView, error)
	// Requests lists the requests the actor may see, newest first: the officer's
	// own, the district's for its DPO and prosecutors, the bureau's for its staff.
	// What the role may see and the overdue filter are conditions of the query
	// (listScope), so that a page is never emptied by rows the actor may not see.
	Requests(ctx context.Context, a *Actor, q RequestQuery) (Paged[*RequestView], error)
	// Events returns a request's history.
	Events(ctx context.Context, a *Actor, id int64, p Page) (Paged[*Event], error)
	// Submissions returns the Annexure A of every submission of a request, with
	// the prosecutor's checklist for each (not to the bureau's supervisor, who
	// sees no identities).
	Submissions(ctx context.Context, a *Actor, id int64, p Page) (Paged[*Submission], error)
	// ReadRelease returns the released records: to the officer holding the case
	// once they have acknowledged the advisory, and to the district's
	// prosecutors. Every read is recorded, and every rendering carries the
	// reader's marks (service_disclosure.go).
	ReadRelease(ctx context.Context, a *Actor, id int64) (*ReleaseView, error)
	// PrintRelease returns the printable page of the released records, marked
	// for the reader, under the same rules and with the same audit as
	// ReadRelease: it is a read of released records.
	PrintRelease(ctx context.Context, a *Actor, id int64) ([]byte, *ReleaseView, error)
}

// FIRs is the officer's side of the case: the FIR, its accused and its copy, and the transfer of a case to
// another officer.
type FIRs interface {
	// CreateFIR enters an FIR with its accused (investigating officers, in their
	// own district). The officer who enters it holds the case.
	CreateFIR(ctx context.Context, a *Actor, in FIRInput, idem Idempotency) (*FIR, []Warning, error)
	// FIRs lists the FIRs of the officer's cases, or of the DPO's district,
	// without the victim's particulars.
	FIRs(ctx context.Context, a *Actor, p Page) (Paged[*FIR], error)
	// FIR returns one FIR. Its officer sees the victim's particulars, and that
	// view is recorded (PPC s.376A); the DPO sees the FIR without them.
	FIR(ctx context.Context, a *Actor, id int64) (*FIR, error)
	// PutFIRCopy attaches the scanned FIR copy: PDF, JPEG or PNG, recognised from
	// its bytes, within the size limit, stored by its SHA-256. While a request
	// of the FIR is open the copy the prosecutor verified stays (docs/rules.md#r9): 409
	// fir.copy_frozen, naming the request.
	PutFIRCopy(ctx context.Context, a *Actor, firID int64, seen int, data []byte) (*BlobRef, error)
	// FIRCopy returns the FIR copy of a request to those who must act on it (its
	// officer, the district's prosecutors, the analyst assigned); each view is
	// recorded (PPC s.376A). Once submitted, it is the copy the submission
	// recorded, by its digest (docs/rules.md#r9), whatever the FIR holds now.
	FIRCopy(ctx context.Context, a *Actor, requestID int64) (*Blob, *Victim, error)
	// AddAccused amends an FIR's list of accused: its own audited act (docs/rules.md#r2),
	// with a reason, by the officer holding the case.
	AddAccused(ctx context.Context, a *Actor, firID int64, seen int, in AccusedInput, reason string) (*Accused, []Warning, error)
	// AmendAccused corrects one accused's particulars, with a reason. Particulars
	// already submitted stay as they were in each submission's Annexure A, and
	// while a request about the accused is open they cannot change at all
	// (docs/rules.md#r9): 409 fir.accused_frozen, naming the request.
	AmendAccused(ctx context.Context, a *Actor, firID, accusedID int64, seen int, in AccusedInput, reason string) (*Accused, []Warning, error)
	// Transfer moves a case to another investigating officer of the district
	// (the DPO, as postings change). The new officer must acknowledge any
	// release afresh; the former officer loses access at once.
	Transfer(ctx context.Context, a *Actor, firID int64, seen int, toUserID int64, reason string) (*FIR, error)
}

// Register is the registrar's and the bureau's work on the register itself: records proposed, changes checked by
// a second person, records read and searched outside a request by those whose role allows it.
type Register interface {
	// ProposeRecord enters a new register record (a registrar, the maker). It is
	// pending, and answered from only once a second registrar has checked it.
	ProposeRecord(ctx context.Context, a *Actor, in RecordInput, reason string, idem Idempotency) (*OffenderVersion, []Warning, error)
	// ProposeChange proposes a correction (or, with remove, a removal on
	// acquittal or pardon) of a record, with a reason. One change waits at a time.
	ProposeChange(ctx context.Context, a *Actor, id int64, in *RecordInput, remove bool, reason string) (*OffenderVersion, []Warning, error)
	// CheckChange is the checker's decision on a pending change (a registrar who
	// did not make it). Approval applies it; when a record that was released is
	// corrected or removed, the officers it was released to are told.
	CheckChange(ctx context.Context, a *Actor, id int64, n int, approve bool, note string) (*Offender, error)
	// Record shows a register record with its versions to a registrar, for a
	// stated purpose that is recorded (docs/rules.md#r8).
	Record(ctx context.Context, a *Actor, id int64, purpose string) (*Offender, []*OffenderVersion, error)
	// SearchRecords is a registrar's search for record maintenance, by CNIC or
	// name, over every status; its purpose and terms are recorded.
	SearchRecords(ctx context.Context, a *Actor, terms SearchTerms, purpose string, p Page) (Paged[*Offender], error)
	// PendingChanges lists the changes awaiting a checker, with their content; the
	// read is recorded.
	PendingChanges(ctx context.Context, a *Actor, p Page) (Paged[*OffenderVersion], error)
}

// Auditing is the auditor's: the audit log and its proofs, who sought whom, traces of leaked disclosures and
// misuse cases.
type Auditing interface {
	// SearchAudit lets an auditor (or the console) search the audit trail by
	// user, request, action, object, tag, disclosure or register record; the
	// search is recorded. Refusals: auth.forbidden, auth.scope,
	// disclosure.malformed, audit.filter_conflict.
	SearchAudit(ctx context.Context, a *Actor, q AuditQuery) ([]*AuditEntry, error)
	// WhoSought answers who sought a person or an FIR, and when: the records
	// holding the identifier's tag under any key version. The query is
	// recorded with the tags alone. Refusals: audit.identifier_required,
	// cnic.malformed, cnic.unknown_province, audit.cnic_placeholder,
	// audit.name_empty, fir.number_required, fir.year_invalid,
	// audit.station_unknown, auth.forbidden, auth.scope.
	WhoSought(ctx context.Context, a *Actor, q IdentifierQuery) ([]*AuditEntry, error)
	// AuditRecords lets an auditor read the audit trail; the reading is itself
	// recorded.
	AuditRecords(ctx context.Context, a *Actor, f AuditFilter) ([]*AuditEntry, error)
	// Checkpoint returns the newest signed checkpoint, KindNotFound before the
	// first. Anyone may call it; it is not audited.
	Checkpoint(ctx context.Context) (*Checkpoint, error)
	// ConsistencyProof proves that the tree of size from is a prefix of the
	// tree of size to. Anyone may call it; bad sizes are KindInvalid
	// "audit.bad_range".
	ConsistencyProof(ctx context.Context, from, to int64) ([][32]byte, error)
	// ProveAuditRecord gives an auditor the record and the proof that it is in
	// the newest checkpointed tree. Auditors only (scope audit:read); audited.
	// A record too new for a checkpoint is KindConflict
	// "audit.not_checkpointed"; an unknown one "audit.record_not_found".
	ProveAuditRecord(ctx context.Context, a *Actor, id int64) (*InclusionProof, error)
	// TraceDisclosure answers an auditor: which disclosure a number or a copied
	// text is, to whom it was rendered and when. A text names a recipient only
	// when the evidence leaves no reasonable doubt (a hidden mark with a valid
	// keyed checksum, or textual marks whose false-match bound is below
	// FalseMatchLimit), and nobody when the marks disagree. The text itself is
	// register data: the audit record holds only its keyed hash.
	// Errors: 403 auth.forbidden, auth.scope; 422 trace.query_required,
	// trace.number_invalid; 413 trace.text_too_long; 404 disclosure.not_found.
	TraceDisclosure(ctx context.Context, a *Actor, q TraceQuery) (*Trace, error)
	// OpenCase opens a misuse case on a disclosure or an access (auditors).
	// Refusals: case.not_found (not an auditor), auth.scope,
	// case.subject_required, disclosure.malformed, case.disclosure_unknown,
	// case.audit_record_unknown, case.subject_not_access, case.own_conduct,
	// reason.required, text.too_long.
	OpenCase(ctx context.Context, a *Actor, in CaseInput) (*CaseView, error)
	// Cases lists misuse cases, newest first (auditors); the listing is
	// recorded.
	Cases(ctx context.Context, a *Actor, f CaseFilter, p Page) (Paged[*MisuseCase], error)
	// Case shows a misuse case with its evidence and their proofs (auditors);
	// the view is recorded.
	Case(ctx context.Context, a *Actor, id int64) (*CaseView, error)
	// AddEvidence attaches an audit record to an open case, with why
	// (auditors). Refusals: case.not_found, auth.scope, version.required,
	// version.stale, case.not_open, case.evidence_unknown,
	// case.evidence_duplicate, reason.required, text.too_long.
	AddEvidence(ctx context.Context, a *Actor, id int64, version int, recordID int64, reason string) (*CaseView, error)
	// DecideCase records a case's outcome (auditors): referred for disciplinary
	// action under departmental rules, which needs evidence, or closed; either
	// with a reason. The DPO of the officer's district (for an officer of no
	// district, the bureau's supervisors) is told the case number and the
	// outcome. Refusals: case.not_found, auth.scope, version.required,
	// version.stale, case.not_open, case.outcome_invalid,
	// case.evidence_required, reason.required, text.too_long.
	DecideCase(ctx context.Context, a *Actor, id int64, version int, outcome CaseState, reason string) (*CaseView, error)
	// CaseDisclosure shows the released content of an open case's disclosure
	// to the auditor working it: the only way an auditor sees register data
	// (docs/rules.md#r29). The read is recorded as a read of the release, with
	// the case as its purpose. Refusals: case.not_found, auth.scope,
	// case.not_open, case.no_disclosure.
	CaseDisclosure(ctx context.Context, a *Actor, id int64) (*ReleaseView, error)
}

// Administration is the administrators': people, service accounts and their tokens, jurisdictions, and the
// second administrator's approvals.
type Administration interface {
	// CreateUser creates an account at once (administrators only): any role at
	// the server's console, over the API only a role that needs no second
	// administrator (AddUser proposes the others).
	CreateUser(ctx context.Context, a *Actor, in NewUser) (*User, *Credentials, error)
	// AddUser creates an account (administrators only) or, for a role that reads
	// the register, releases records or administers (Role.Privileged), proposes
	// it for a second administrator's approval: the password and second factor
	// are then made on approval and shown once, to the approver, so that neither
	// administrator alone holds them (docs/adr/0014-no-impersonation.md).
	AddUser(ctx context.Context, a *Actor, in NewUser) (*AccountResult, error)
	// Users lists a page of accounts by ID (administrators only).
	Users(ctx context.Context, a *Actor, p Page) (Paged[*User], error)
	// UpdateUser changes an account (administrators only). A change of role,
	// jurisdiction or status revokes the user's tokens. Nobody changes their own
	// role, jurisdiction or status; a service account keeps its role and
	// jurisdiction; and a change to a role that reads the register, releases
	// records or administers is proposed for a second administrator's approval
	// (the Approval is returned instead of the user).
	UpdateUser(ctx context.Context, a *Actor, id int64, p UserPatch) (*User, *Approval, error)
	// ResetCredentials gives a person a new password and a new second factor,
	// revoking every token (administrators only). Over the API it is proposed
	// for a second administrator's approval, and the new credentials are shown
	// once, to the approver (the Approval is returned); at the server's console
	// it is done at once and they are returned here. The slow work (argon2id,
	// the new secret) is done before the transaction.
	ResetCredentials(ctx context.Context, a *Actor, id int64) (*Credentials, *Approval, error)
	// Approvals lists the proposals, newest first; state "" lists all, and a
	// pending one past its time reads as expired (administrators only).
	// Whether a pending one has lapsed is a condition of the query, so that a
	// page is never emptied by the proposals of the other kind.
	Approvals(ctx context.Context, a *Actor, state ApprovalState, p Page) (Paged[*Approval], error)
	// Approve approves a pending proposal (an administrator other than its
	// proposer and its subject) and carries it out in the same transaction. New
	// credentials or a token secret are returned here, once, to the approver.
	// The slow work (argon2id, a TOTP secret) is done before the transaction.
	Approve(ctx context.Context, a *Actor, id int64) (*AccountResult, error)
	// Decline declines a pending proposal (an administrator other than its
	// proposer and its subject); nothing of it takes effect.
	Decline(ctx context.Context, a *Actor, id int64) (*Approval, error)
	// CreateServiceAccount creates a machine client's own account
	// (administrators only): no password, no second factor, never signed in to,
	// never an administrator. One whose role reads the register or releases
	// records, or that is granted register scopes, waits for a second
	// administrator's approval.
	CreateServiceAccount(ctx context.Context, a *Actor, in NewServiceAccount) (*AccountResult, error)
	// ServiceAccountTokens lists the machine tokens of a service account, live,
	// expired and revoked, never their secrets (administrators only), so that
	// an administrator can see what was issued and revoke what should not be
	// live. Anything but a service account is KindNotFound "user".
	ServiceAccountTokens(ctx context.Context, a *Actor, userID int64) ([]*Token, error)
	// IssueMachineToken issues a scoped, expiring token to a service account
	// (administrators only); its secret is returned only here. A token that
	// reads or changes the register, or of an account whose role does, waits for
	// a second administrator, to whom the secret is shown on approval.
	IssueMachineToken(ctx context.Context, a *Actor, userID int64, name string, scopes []string, ttl time.Duration) (*AccountResult, error)
	// RevokeToken revokes a token: an administrator any, a user their own.
	RevokeToken(ctx context.Context, a *Actor, id int64) error
	// Jurisdictions lists a page of the hierarchy, ordered by path; every
	// signed-in user may read it. The whole hierarchy is read (a few thousand
	// nodes at most) and the page cut from it: the key is the last node's ID,
	// whose path the next page starts after.
	Jurisdictions(ctx context.Context, p Page) (Paged[*Jurisdiction], error)
	// CreateJurisdiction adds a node under an existing one (administrators only).
	CreateJurisdiction(ctx context.Context, a *Actor, j *Jurisdiction) error
	// UpdateJurisdiction changes a node (administrators only).
	UpdateJurisdiction(ctx context.Context, a *Actor, id int64, p JurisdictionPatch) (*Jurisdiction, error)
}

// Console is the operator's at the server's console (cmd/nsor): no account, but a named operating-system
// identity. The web server never receives it.
type Console interface {
	// Bootstrap creates the first administrator of an installation. It is for
	// the `nsor admin bootstrap` command on the server and is refused once an
	// administrator exists.
	Bootstrap(ctx context.Context, op Operator, in NewUser) (*User, *Credentials, error)
	// RecordMigration records a schema migration run from the command line; it
	// is called after the migration, when the audit table exists.
	RecordMigration(ctx context.Context, op Operator, from, to int64) error
	// RecordBackup records a backup made from the command line
	// (system.backup). It is called once the file is complete, so that the
	// record describes a backup that exists and is not itself in it; when the
	// record cannot be written the caller discards the file.
	RecordBackup(ctx context.Context, op Operator, b BackupInfo) error
	// RecordRestoredBackup records which backup a restore from the command line
	// put back (system.restore), beside the audit log's own audit.restore
	// record of the rollback. The backup's system.backup record is not in the
	// backup, so this is what ties the restored state to its file.
	RecordRestoredBackup(ctx context.Context, op Operator, b BackupInfo) error
	// SeedJurisdictions creates the nodes of SeedHierarchy that do not exist yet.
	// It is idempotent and runs at every migration.
	SeedJurisdictions(ctx context.Context) error
	// RunDueJobs runs the reminders and escalations that are due, each exactly
	// once (the claim commits with the job's effects), and returns how many ran.
	// The clock only ever reminds and escalates: it never approves or rejects.
	RunDueJobs(ctx context.Context) (int, error)
	// FollowChanges drops what this instance caches when another instance has
	// changed it, as the store's change sequences tell. cmd/nsor calls it every
	// second; it reads one small row.
	FollowChanges(ctx context.Context) error
}
