package nsor

import "time"

// NotificationKind names an event routed to someone's inbox
// (docs/procedure.md#notifications).
type NotificationKind string

// The kinds of notification.
const (
	NoteSubmitted      NotificationKind = "request.submitted"       // to the district's DPPs, copy to the DPO
	NoteReturned       NotificationKind = "request.returned"        // to the IO
	NoteRejected       NotificationKind = "request.rejected"        // to the IO, copy to the DPO
	NoteWithdrawn      NotificationKind = "request.withdrawn"       // to the DPPs, copy to the DPO
	NoteForwarded      NotificationKind = "request.forwarded"       // to the IO and DPO; the bureau's supervisors and analysts
	NoteAssigned       NotificationKind = "request.assigned"        // to the analyst
	NoteAnswered       NotificationKind = "request.answered"        // to other analysts (to confirm) or to the DPPs (to release)
	NoteReopened       NotificationKind = "request.reopened"        // to the answering analyst
	NoteConfirmed      NotificationKind = "request.confirmed"       // to the DPPs
	NoteReleased       NotificationKind = "request.released"        // to the IO
	NoteTransferred    NotificationKind = "case.transferred"        // to the new and the former IO
	NoteCoInvestigator NotificationKind = "case.co_investigator"    // to the officer added to a case and the one holding it
	NoteReminder       NotificationKind = "deadline.reminder"       // 24 and 36 hours into the prosecutor's 48
	NoteOverdue        NotificationKind = "deadline.overdue"        // escalation: DPO and oversight, or the NPB supervisor
	NoteRecordChanged  NotificationKind = "record.changed"          // a released record was corrected or removed
	NoteChangePending  NotificationKind = "register.change_pending" // a change awaits a checker
	NoteApproval       NotificationKind = "approval.pending"        // to the other administrators: a proposal awaits one
)

// Notification is one entry of a user's inbox. Messages carry references,
// never a suspect's or a victim's particulars.
type Notification struct {
	ID        int64            `json:"id"`
	UserID    int64            `json:"-"`
	Kind      NotificationKind `json:"kind"`
	RequestID int64            `json:"request_id,omitempty"`
	RecordID  int64            `json:"record_id,omitempty"`
	Message   string           `json:"message"`
	CreatedAt time.Time        `json:"created_at"`
	ReadAt    time.Time        `json:"read_at,omitzero"`
}
