// Package notice names the messages a change owes a registrant. It is a
// leaf: the domains that owe messages (registrations) and the one that
// sends them (mail) both import it, so neither needs the other to speak of
// a message.
package notice

// Kind is what a message is for; each has its own template.
type Kind string

// The kinds of message. Transactional ones go to every address that is not
// suppressed; broadcasts and follow-ups also respect unsubscribes.
const (
	KindConfirmation     Kind = "confirmation"
	KindWaitlisted       Kind = "waitlisted"
	KindPromoted         Kind = "promoted"
	KindPendingApproval  Kind = "pending_approval"
	KindApproved         Kind = "approved"
	KindRejected         Kind = "rejected"
	KindCancelled        Kind = "cancelled"
	KindManageLink       Kind = "manage_link"
	KindReminder         Kind = "reminder"
	KindEventChanged     Kind = "event_changed"
	KindEventCancelled   Kind = "event_cancelled"
	KindFollowUpAttended Kind = "follow_up_attended"
	KindFollowUpMissed   Kind = "follow_up_missed"
	KindBroadcast        Kind = "broadcast"
	KindBroadcastTest    Kind = "broadcast_test"
	// Comments (internal/comments): to a commenter, with their comment's
	// delete link (and a confirmation link while their address is not
	// confirmed); to a confirmed commenter when a reply to them is approved.
	KindCommentReceived Kind = "comment_received"
	KindCommentReply    Kind = "comment_reply"
	// Paid tickets (internal/payments): a place is held until it is paid
	// for (how to pay); the hold ended unpaid; a refund was issued; a
	// payment came after its place had gone and was refunded at once.
	KindPaymentDue      Kind = "payment_due"
	KindHoldReleased    Kind = "hold_released"
	KindPaymentRefunded Kind = "payment_refunded"
	KindPaymentTooLate  Kind = "payment_too_late"
	// A place held until its invoice (attached) is paid.
	KindInvoiceDue Kind = "invoice_due"
)

// AllKinds lists every kind, for checks that a kind is known. A new kind
// goes here too (and in the outbox_kind enum).
var AllKinds = []Kind{KindConfirmation, KindWaitlisted, KindPromoted, KindPendingApproval, KindApproved, KindRejected,
	KindCancelled, KindManageLink, KindReminder, KindEventChanged, KindEventCancelled, KindFollowUpAttended,
	KindFollowUpMissed, KindBroadcast, KindBroadcastTest, KindCommentReceived, KindCommentReply,
	KindPaymentDue, KindHoldReleased, KindPaymentRefunded, KindPaymentTooLate, KindInvoiceDue}

// Unsubscribable reports whether a registrant may opt out of the kind:
// follow-ups and broadcasts, never what they need to attend.
func (k Kind) Unsubscribable() bool {
	switch k {
	case KindFollowUpAttended, KindFollowUpMissed, KindBroadcast, KindBroadcastTest:
		return true
	}
	return false
}

// Notice asks for one message to a registrant. Variant tells apart
// messages of one kind to one registrant that are each owed once (the
// reminder's minutes, the manage link's generation, the broadcast).
type Notice struct {
	RegistrationID string
	Kind           Kind
	Variant        string
}
