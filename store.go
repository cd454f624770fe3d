package nsor

import (
	"context"
	"time"

	"nsor/auditrec"
)

// Store is the database behind nsor. Implementations (package sqlstore, on
// SQLite and PostgreSQL) pass the conformance suite in package storetest.
type Store interface {
	// Update runs fn in a read-write transaction. When fn returns nil the
	// transaction commits, and when Update returns nil the commit is durable.
	// When fn returns an error nothing of it remains. Update may retry fn
	// after a serialisation failure, so fn must do nothing but use tx.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction over a consistent snapshot.
	// Its write methods fail.
	View(ctx context.Context, fn func(Tx) error) error
	// Close releases the database.
	Close() error
}

// WriteProber is offered by a Store that can tell whether a write can
// succeed now, for the health check: Probe commits a small write of its own
// that leaves nothing behind, and fails with KindUnavailable when the
// database cannot take it (its disk full, the server down or out of
// connections).
type WriteProber interface {
	Probe(ctx context.Context) error
}

// CredentialReader is offered by a Store that reads a token and its user in
// one statement outside any transaction. Every API call authenticates, so on
// a database server this is one round trip of the call's instead of four
// (a transaction's BEGIN and end around two reads). A Store without it is
// read in a View.
type CredentialReader interface {
	// TokenUser returns the token whose secret hashes to hash and its user,
	// as one consistent pair. An unknown hash is KindNotFound "token".
	TokenUser(ctx context.Context, hash []byte) (*Token, *User, error)
}

// Tx is one transaction's view of every table. Methods return *Error of
// KindNotFound for a missing row and KindConflict for a broken uniqueness or
// a stale version, as their comments say; anything else is internal.
type Tx interface {
	JurisdictionTx
	UserTx
	ApprovalTx
	BlobTx
	FIRTx
	RequestTx
	RegisterTx
	ImportTx
	NotificationTx
	JobTx
	AuditTx
	AuditLogTx
	AuditRestoreTx
	IdempotencyTx
	CaseTx
	ReachTx
	BiometricTx
	SampleTx
}

// JurisdictionTx stores the hierarchy.
type JurisdictionTx interface {
	// ChangeSeq is a counter the store raises with every change to a kind
	// of data instances cache ("jurisdictions"), so that each instance can
	// tell that another changed it.
	ChangeSeq(name string) (int64, error)
	// CreateJurisdiction sets j.ID and j.Path (its parent's path and its ID).
	// A duplicate code is KindConflict "jurisdiction.code_taken".
	CreateJurisdiction(j *Jurisdiction) error
	// UpdateJurisdiction changes name, code and head; never the parent.
	// It writes only over j.Version, else KindConflict
	// "jurisdiction.stale", and raises j.Version.
	UpdateJurisdiction(j *Jurisdiction) error
	Jurisdiction(id int64) (*Jurisdiction, error)
	JurisdictionByCode(code string) (*Jurisdiction, error)
	// Jurisdictions lists every node, ordered by path.
	Jurisdictions() ([]*Jurisdiction, error)
}

// UserTx stores users and their tokens.
type UserTx interface {
	// CreateUser sets u.ID. A taken username is KindConflict "user.username_taken".
	CreateUser(u *User) error
	UpdateUser(u *User) error
	User(id int64) (*User, error)
	UserByUsername(username string) (*User, error)
	Users(f UserFilter) ([]*User, error)
	CreateToken(t *Token) error
	TokenByHash(hash []byte) (*Token, error)
	Tokens(userID int64) ([]*Token, error)
	Token(id int64) (*Token, error)
	RevokeToken(id int64, at time.Time) error
	// TouchToken moves a session's idle limit on to until (never back).
	TouchToken(id int64, until time.Time) error
	// SignInSource returns what is known of a user's sign-ins from a
	// source, or KindNotFound "signin_source".
	SignInSource(userID int64, source string) (*SignInSource, error)
	// PutSignInSource stores s in place of the row of its user and source.
	PutSignInSource(s *SignInSource) error
}

// UserFilter selects users; zero fields select all.
type UserFilter struct {
	Role            Role
	Roles           []Role  // users of any of these roles
	JurisdictionIDs []int64 // users whose jurisdiction is one of these
	UnderPath       string  // users whose jurisdiction lies under this path
	IncludeDisabled bool
	AfterID         int64 // for paging: only IDs above this (users come by ID)
	Limit           int
}

// BlobTx stores files by content.
type BlobTx interface {
	// PutBlob stores b under its SHA-256; storing the same content again is
	// a no-op.
	PutBlob(b *Blob) error
	Blob(sha256 string) (*Blob, error)
}

// FIRTx stores FIRs and their accused.
type FIRTx interface {
	// CreateFIR stores f with its accused, setting their IDs. An FIR already
	// entered for the same station, number and year is KindConflict
	// "fir.duplicate".
	CreateFIR(f *FIR) error
	// UpdateFIR stores f's fields (not its accused) if its stored version is
	// prevVersion, else KindConflict "version.stale".
	UpdateFIR(f *FIR, prevVersion int) error
	FIR(id int64) (*FIR, error)
	FIRs(f FIRFilter) ([]*FIR, error)
	AddAccused(a *Accused) error
	UpdateAccused(a *Accused) error
	// AddFIROfficer adds a co-investigator to a case. One already on it is
	// KindConflict "co_investigator.already_on".
	AddFIROfficer(o *FIROfficer) error
	// FIROfficers lists the co-investigators of these FIRs, by FIR and
	// user.
	FIROfficers(firIDs []int64) ([]*FIROfficer, error)
}

// FIRFilter selects FIRs; zero fields select all.
type FIRFilter struct {
	IOUserID   int64
	DistrictID int64
	BeforeID   int64 // for paging: only IDs below this
	Limit      int
}

// RequestTx stores requests, their history, submissions and releases.
type RequestTx interface {
	// CreateRequest stores r with its suspects, setting IDs. A suspect
	// already in another open request is KindConflict "request.duplicate".
	CreateRequest(r *Request) error
	// UpdateRequest stores r and its suspects if the stored request is
	// still prev, the request as read (compared by version), else
	// KindConflict "version.stale". The store writes only what differs from
	// prev; what a request is filed with never changes and is not written
	// again: its FIR, district, filer and creation time. r is left as
	// Request would now return it: new suspects get their IDs.
	UpdateRequest(r, prev *Request) error
	Request(id int64) (*Request, error)
	// RequestWithFIR returns Request(id) and the FIR it was filed under, read
	// together (on a server in one round trip).
	RequestWithFIR(id int64) (*Request, *FIR, error)
	Requests(f RequestFilter) ([]*Request, error)
	AddSubmission(s *Submission) error
	// SetChecklist records the prosecutor's checklist on submission n.
	SetChecklist(requestID int64, n int, c *Checklist, by int64) error
	Submissions(requestID int64) ([]*Submission, error)
	// SubmissionsAfter lists the request's submissions numbered above after,
	// first first, at most limit of them (0: all).
	SubmissionsAfter(requestID, after int64, limit int) ([]*Submission, error)
	AddEvent(e *Event) error
	Events(requestID int64) ([]*Event, error)
	// EventsAfter lists the request's history after event seq after, in
	// order, at most limit of them (0: all).
	EventsAfter(requestID, after int64, limit int) ([]*Event, error)
	// CreateRelease sets rel.ID.
	CreateRelease(rel *Release) error
	ReleaseOf(requestID int64) (*Release, error)
	// ReleasesOfRecord lists the releases whose snapshot holds the record.
	ReleasesOfRecord(recordID int64) ([]*Release, error)
	AddAcknowledgement(a *Acknowledgement) error
	Acknowledgements(releaseID int64) ([]*Acknowledgement, error)
	// ReleaseWithAcks returns ReleaseOf(requestID) and its Acknowledgements,
	// read together (on a server in one round trip).
	ReleaseWithAcks(requestID int64) (*Release, []*Acknowledgement, error)
	// SubmittedQueue lists the requests of the district whose path is
	// districtPath that await its prosecutors (submitted), in the order of
	// their stage's start and then ID, after the key after (those two, the
	// start in Unix milliseconds) when it is set, at most limit, with their
	// suspects.
	SubmittedQueue(districtPath string, after []int64, limit int) ([]*Request, error)
	// QueueCounts counts the district's submitted requests: all, those whose
	// stage began at or before overdueBy, and those that began after it but
	// at or before dueBy.
	QueueCounts(districtPath string, overdueBy, dueBy time.Time) (waiting, overdue, dueSoon int, err error)
	// SubmittedQueuePage lists what SubmittedQueue lists, each request
	// (without its suspects) with its FIR's number, year and station and
	// its suspects' accused, read together.
	SubmittedQueuePage(districtPath string, after []int64, limit int) ([]*QueueRequest, error)
	// DecidedSuspects lists the suspects of the requests of districts under
	// path that were ever returned or rejected, with each return or
	// rejection, newest first, at most limit (0: all).
	DecidedSuspects(path string, limit int) ([]DecidedSuspect, error)
	// DecidedSuspectsFor is DecidedSuspects of the people whose CNIC is one
	// of cnics and of those without a CNIC.
	DecidedSuspectsFor(path string, cnics []CNIC, limit int) ([]DecidedSuspect, error)
	// EventsUnder lists the history of every request of districts under
	// path, by request and then in order.
	EventsUnder(path string) ([]*Event, error)
}

// ReachTx stores what a request may reach in the register: the records its
// searches showed, and the identifiers its analyst added to them
// (docs/adr/0013-request-reach.md).
type ReachTx interface {
	// AddSearchHits records that a search through the request showed these
	// records for the suspect; recording one again is a no-op.
	AddSearchHits(requestID, suspectID int64, recordIDs []int64) error
	// SearchHits lists every record the request's searches showed, by
	// suspect and record.
	SearchHits(requestID int64) ([]SearchHit, error)
	// AddSearchTerms stores an added identifier and sets x.N, its number
	// within the request.
	AddSearchTerms(x *AddedIdentifier) error
	// AddedIdentifiers lists the request's added identifiers, first first.
	AddedIdentifiers(requestID int64) ([]*AddedIdentifier, error)
}

// RequestFilter selects requests; zero fields select all. Results are newest
// first.
type RequestFilter struct {
	IDs        []int64
	DistrictID int64
	UnderPath  string // requests of districts under this jurisdiction path
	IOUserID   int64
	AnalystID  int64
	FIRID      int64
	AccusedID  int64 // requests naming this accused
	States     []State
	Submitted  bool           // only requests submitted at least once
	Forwarded  bool           // only requests forwarded to the bureau
	Overdue    []OverdueStage // only requests overdue in one of these stages
	BeforeID   int64          // for paging: only IDs below this
	Limit      int
}

// RegisterTx stores register records and their versions.
type RegisterTx interface {
	// CreateOffender stores o and its first version v, setting o.ID.
	CreateOffender(o *Offender, v *OffenderVersion) error
	UpdateOffender(o *Offender) error
	Offender(id int64) (*Offender, error)
	// AddOffenderVersion sets v.N to the next version number.
	AddOffenderVersion(v *OffenderVersion) error
	UpdateOffenderVersion(v *OffenderVersion) error
	OffenderVersion(id int64, n int) (*OffenderVersion, error)
	OffenderVersions(id int64) ([]*OffenderVersion, error)
	// PendingVersions lists changes awaiting a checker, oldest first (by
	// made_at, offender and number): at most limit when it is not 0, and
	// those after the key after (those three) when it is set.
	PendingVersions(after []int64, limit int) ([]*OffenderVersion, error)
	// SearchOffenders finds active records by exact CNIC or by name key
	// (of the name or any alias).
	SearchOffenders(q OffenderQuery) ([]*Offender, error)
	// RegisterChanges lists the records written (created or updated) after
	// the value after of the "register" change sequence, in its order, at
	// most limit: the feed every instance's register index follows.
	RegisterChanges(after int64, limit int) ([]RegisterChange, error)
	// ActiveOffenders lists the active records with IDs above afterID, by
	// ID, at most limit: what a register index is built from.
	ActiveOffenders(afterID int64, limit int) ([]*Offender, error)
}

// RegisterChange is a record as a write left it, with the value of the
// "register" change sequence the write took.
type RegisterChange struct {
	Seq      int64
	Offender *Offender
}

// ImportTx stores import batches and their per-row reports
// (docs/adr/0022-bulk-import.md).
type ImportTx interface {
	// CreateImportBatch sets b.ID. A batch of the same content is
	// KindConflict "import.same_file".
	CreateImportBatch(b *ImportBatch) error
	ImportBatch(id int64) (*ImportBatch, error)
	// ImportBatchByHash is the batch of the content with this SHA-256, or
	// KindNotFound "import".
	ImportBatchByHash(hash string) (*ImportBatch, error)
	// ImportBatches lists batches newest first (by ID, descending): those
	// with IDs below beforeID when it is not 0, at most limit.
	ImportBatches(beforeID int64, limit int) ([]*ImportBatch, error)
	// UpdateImportBatch stores b's state, counts, progress and approval if
	// the stored batch's last line is still prevLastLine, else KindConflict
	// "version.stale": two runs of one batch never commit the same rows.
	UpdateImportBatch(b *ImportBatch, prevLastLine int) error
	// AddImportRows stores rows of a batch's report.
	AddImportRows(rows []*ImportRow) error
	// ImportRows lists a batch's rows after a line, in line order, at most
	// limit (0: all); with outcomes set, only rows of those outcomes.
	ImportRows(q ImportRowQuery) ([]*ImportRow, error)
}

// ImportRowQuery selects rows of a batch's report.
type ImportRowQuery struct {
	BatchID   int64
	AfterLine int
	Outcomes  []string
	Limit     int
}

// OffenderQuery is an exact lookup: by CNIC, or by name key, or both (either
// matches).
type OffenderQuery struct {
	CNIC      CNIC
	NameKey   string
	AnyStatus bool  // include pending and removed records (registrars only)
	AfterID   int64 // for paging: only IDs above this (records come by ID)
	Limit     int
}

// BiometricTx stores examiners' comparisons (docs/rules.md#r33).
type BiometricTx interface {
	// AddComparison stores c and sets c.ID.
	AddComparison(c *Comparison) error
	// Comparison returns a comparison; an unknown ID is KindNotFound
	// "comparison".
	Comparison(id int64) (*Comparison, error)
	// Comparisons lists a request's comparisons in the order recorded.
	Comparisons(requestID int64) ([]*Comparison, error)
	// ConfirmComparison records c's confirmation sample (ConfirmationSample,
	// ConfirmedBy, ConfirmedAt), once; a second time is KindConflict
	// "comparison.confirmed".
	ConfirmComparison(c *Comparison) error
}

// SampleTx stores biometric samples' descriptions and the samples attached
// to requests; a sample's bytes are the blob of the same SHA-256 (BlobTx).
type SampleTx interface {
	// PutSample stores s's description; storing a sample of the same SHA-256
	// again is a no-op and keeps the first.
	PutSample(s *Sample) error
	// Sample returns a sample's description; an unknown SHA-256 is
	// KindNotFound "sample".
	Sample(sha string) (*Sample, error)
	// AddRequestSample attaches a stored sample to a request's suspect and
	// sets rs.ID; the same sample attached twice to the same suspect for the
	// same purpose is KindConflict "sample.attached".
	AddRequestSample(rs *RequestSample) error
	// RequestSamples lists a request's attached samples in the order they
	// were attached, with each sample's format and size.
	RequestSamples(requestID int64) ([]*RequestSample, error)
	// PutDerivation keeps what a biometric index derived from a stored
	// sample under the derivation's version (Deriver); the same sample and
	// version again is a no-op that keeps the first.
	PutDerivation(sha, derivation string, data []byte) error
	// Derivation returns what PutDerivation kept; none is KindNotFound
	// "derivation".
	Derivation(sha, derivation string) ([]byte, error)
}

// NotificationTx stores inboxes.
type NotificationTx interface {
	AddNotification(n *Notification) error
	// AddNotifications stores several at once, without setting their IDs.
	AddNotifications(ns []*Notification) error
	// Notifications lists the user's, newest first: those with IDs below
	// beforeID when it is not 0, at most limit when it is not 0.
	Notifications(userID int64, unreadOnly bool, beforeID int64, limit int) ([]*Notification, error)
	// UnreadCount counts the user's unread notifications.
	UnreadCount(userID int64) (int, error)
	// MarkNotificationRead is KindNotFound for another user's notification.
	MarkNotificationRead(userID, id int64, at time.Time) error
}

// JobTx stores scheduled jobs.
type JobTx interface {
	AddJob(j *Job) error
	// AddJobs stores several at once, without setting their IDs.
	AddJobs(js []Job) error
	// ClaimDueJobs returns up to limit jobs due at now and marks them done
	// within the transaction: exactly once across instances, because the
	// claim commits or rolls back with the job's effects.
	ClaimDueJobs(now time.Time, limit int) ([]*Job, error)
}

// AuditTx appends to and reads the audit trail.
type AuditTx interface {
	// AppendAudit stores the canonical encoding of r and indexes it; it
	// returns the record's ID. It never stores an identifier in clear
	// because a Record holds none.
	AppendAudit(r *auditrec.Record) (int64, error)
	// RecordAudit stores r as AppendAudit does but returns no ID, so that
	// a store on a server may send it with the commit, in the same round
	// trip. A record the database refuses fails the transaction all the
	// same. An act's own record is its last write: it uses this.
	RecordAudit(r *auditrec.Record) error
	AuditRecords(f AuditFilter) ([]*AuditEntry, error)
}

// AuditEntry is a stored audit record: its ID, its bytes exactly as stored,
// and their decoding.
type AuditEntry struct {
	ID     int64
	Data   []byte
	Record *auditrec.Record
}

// AuditFilter selects audit records, oldest first; zero fields select all.
type AuditFilter struct {
	ActorID   int64
	RequestID int64
	Action    string
	Object    string
	MAC       []byte   // records holding this identifier tag
	MACs      [][]byte // records holding any of these tags: one identifier under each key version
	AfterID   int64
	Limit     int
}

// IdempotencyTx remembers what a creating call with an idempotency key made.
type IdempotencyTx interface {
	// Idempotent returns the record for the user's key, or KindNotFound.
	Idempotent(userID int64, key string) (*IdempotencyRecord, error)
	PutIdempotent(rec *IdempotencyRecord) error
	// PutIdempotentResponse stores the response of the user's call with
	// rec.Key (Route, Status, Response, Secret), beside the object an act
	// recorded with it, or as a new record.
	PutIdempotentResponse(rec *IdempotencyRecord) error
}

// IdempotencyRecord ties a client's key to the body it came with and the
// object the call made, so that a replay returns the same object and a reuse
// with another body is refused.
type IdempotencyRecord struct {
	UserID    int64
	Key       string
	BodyHash  string
	Object    string // e.g. "request/12"
	CreatedAt time.Time
	// The response, once stored (docs/adr/0020-idempotency-replays.md):
	// Status 0 means none yet. Secret marks a response that held a one-time
	// secret; its body is then not kept.
	Route    string
	Status   int
	Response []byte
	Secret   bool
}

// QueueRequest is a request of the prosecutor's queue with what its row
// shows: its FIR's number, year and station, and its suspects' accused in
// the suspects' order. Request.Suspects is not read.
type QueueRequest struct {
	Request   *Request
	FIRNumber string
	FIRYear   int
	StationID int64
	Accused   []QueueAccused
}

// QueueAccused is a suspect's accused as the queue shows and matches it.
type QueueAccused struct {
	ID   int64
	Name string
	CNIC CNIC
}
