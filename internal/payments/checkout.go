package payments

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/notice"
)

// Card payments: a registration for a priced ticket holds its place
// (registrations' pending_payment) while its buyer pays through Stripe
// Checkout. Each attempt is a row of payments and one Checkout Session;
// Stripe's webhook and the buyer's return both settle it through one
// function (settle), which is safe to call any number of times.

// Hold is a registration for a ticket as payments sees it (registrations
// owns it and fills this in).
type Hold struct {
	ID            string
	EventID       string
	Status        string // registrations' status: pending_payment while held
	Email         string
	FirstName     string
	LastName      string
	TicketTypeID  *string
	Amount        int64
	Currency      *string
	HoldExpiresAt *time.Time
	PaidAt        *time.Time
	PayByInvoice  bool
}

// Due says whether the registration holds a place it has not paid for.
func (h Hold) Due() bool { return h.Status == "pending_payment" && h.PaidAt == nil }

// Registrations is what payments needs of the registrations domain, which
// owns registrations and their seats (registrations.Service).
type Registrations interface {
	HoldOf(ctx context.Context, id string) (Hold, error)
	HoldByToken(ctx context.Context, plainToken string) (Hold, error)
	// Settle runs fn holding the event's seat lock and the registration's
	// row: every change below happens inside one.
	Settle(ctx context.Context, id string, fn func(tx pgx.Tx, h Hold) error) error
	ExtendHoldTx(ctx context.Context, tx pgx.Tx, id string, until time.Time) error
	// ConfirmPaidTx records the payment and confirms; false when a hold
	// already released finds no place (the caller refunds).
	ConfirmPaidTx(ctx context.Context, tx pgx.Tx, h Hold, paidAt time.Time) (bool, error)
	ReleaseHoldTx(ctx context.Context, tx pgx.Tx, h Hold) error
	CancelPaidTx(ctx context.Context, tx pgx.Tx, h Hold) error
	ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error)
}

// ManageLinks makes the token of a registrant's manage link, for the
// addresses Checkout sends the buyer back to.
type ManageLinks interface {
	ManageToken(ctx context.Context, registrationID string, generation *int) (string, error)
}

// Notifier queues messages to registrants in a transaction (mail's outbox).
type Notifier interface {
	Queue(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error
}

// Checkout is where to send a buyer to pay.
type Checkout struct {
	CheckoutURL string    `json:"checkout_url"`
	ExpiresAt   time.Time `json:"expires_at"`
	Amount      int64     `json:"amount"`
	Currency    string    `json:"currency"`
}

// PaymentStatus is where a registration's payment stands, as its buyer
// sees it.
type PaymentStatus string

// Payment statuses.
const (
	PaymentNone       PaymentStatus = "none"       // nothing to pay
	PaymentDue        PaymentStatus = "due"        // a place held, not paid
	PaymentProcessing PaymentStatus = "processing" // Stripe has not settled it yet (a Direct Debit)
	PaymentPaid       PaymentStatus = "paid"
	PaymentRefunded   PaymentStatus = "refunded" // wholly or in part
	PaymentReleased   PaymentStatus = "released" // the hold ended unpaid
	PaymentInvoiced   PaymentStatus = "invoiced" // an invoice issued, not paid yet
)

// Document is a receipt, invoice or credit note of a registration.
type Document struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Number string `json:"number"`
}

// PaymentState is what a registration owes or paid.
type PaymentState struct {
	Status            PaymentStatus `json:"status"`
	TicketName        *string       `json:"ticket_name"`
	Amount            int64         `json:"amount"`
	Currency          *string       `json:"currency"`
	HoldExpiresAt     *time.Time    `json:"hold_expires_at"`
	PaidAt            *time.Time    `json:"paid_at"`
	RefundedAmount    int64         `json:"refunded_amount"`
	RefundIfCancelled int64         `json:"refund_if_cancelled"`
	Documents         []Document    `json:"documents"`
}

// Session is what settling needs of a Checkout Session, read from a
// webhook event or from Stripe.
type Session struct {
	ID              string
	Paid            bool   // payment_status paid (or no payment required)
	Completed       bool   // status complete: paid, or a delayed payment under way
	Failed          bool   // async_payment_failed
	Expired         bool   // status expired
	PaymentIntentID string // "" until there is one
}

// Limits of the card flow.
const (
	minCheckout     = 31 * time.Minute // Stripe takes expires_at 30 minutes to 24 hours ahead
	maxCheckout     = 24 * time.Hour
	stillOpenMargin = time.Minute // a session this close to expiring is not handed out again
)
