package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// The statuses of a Checkout attempt (a payments row).
const (
	statusOpen       = "open"
	statusProcessing = "processing"
	statusPaid       = "paid"
	statusFailed     = "failed"
	statusExpired    = "expired"
)

// payment is one Checkout attempt of a registration.
type payment struct {
	ID              string
	RegistrationID  string
	Attempt         int
	SessionID       *string
	CheckoutURL     *string
	ExpiresAt       *time.Time
	Amount          int64
	Currency        string
	Status          string
	PaymentIntentID *string
	RefundAmount    int64
	StripeRefundID  *string
}

func (p payment) checkout() Checkout {
	return Checkout{CheckoutURL: *p.CheckoutURL, ExpiresAt: *p.ExpiresAt, Amount: p.Amount, Currency: p.Currency}
}

const paymentColumns = `id::text, registration_id::text, attempt, stripe_session_id, checkout_url, expires_at, amount, currency,
	status, payment_intent_id, refund_amount, stripe_refund_id`

func scanPayment(row pgx.Row) (payment, error) {
	var p payment
	err := row.Scan(&p.ID, &p.RegistrationID, &p.Attempt, &p.SessionID, &p.CheckoutURL, &p.ExpiresAt, &p.Amount, &p.Currency,
		&p.Status, &p.PaymentIntentID, &p.RefundAmount, &p.StripeRefundID)
	return p, err
}

func paymentByID(ctx context.Context, db postgres.DB, id string) (payment, error) {
	p, err := scanPayment(db.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`, id))
	if err != nil {
		return payment{}, fmt.Errorf("payments: payment %s: %w", id, postgres.MapError(err))
	}
	return p, nil
}

func paymentBySession(ctx context.Context, db postgres.DB, sessionID string) (payment, error) {
	p, err := scanPayment(db.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE stripe_session_id = $1`, sessionID))
	if err != nil {
		return payment{}, fmt.Errorf("payments: session %q: %w", sessionID, postgres.MapError(err))
	}
	return p, nil
}

// errProcessing refuses a new attempt while one is being processed.
var errProcessing = errs.Publicf(errs.ErrConflict, "A payment for this place is being processed; we will email you when it is confirmed.")

// currentAttempt returns the registration's latest attempt while it can
// still be paid (or has no session yet: Stripe is asked again with the
// same key), else records the next attempt. Two callers at once record
// one: the second's insert finds the first's row.
func currentAttempt(ctx context.Context, db postgres.DB, h Hold, now time.Time) (payment, error) {
	latest, err := scanPayment(db.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE registration_id = $1
		ORDER BY attempt DESC LIMIT 1`, h.ID))
	next := 1
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return payment{}, fmt.Errorf("payments: attempts of %s: %w", h.ID, err)
	case latest.Status == statusProcessing || latest.Status == statusPaid:
		return payment{}, errProcessing
	case latest.Status == statusOpen && (latest.SessionID == nil || latest.ExpiresAt.After(now.Add(stillOpenMargin))):
		return latest, nil
	default:
		next = latest.Attempt + 1
	}
	if _, err := db.Exec(ctx, `INSERT INTO payments (registration_id, attempt, amount, currency) VALUES ($1, $2, $3, $4)
		ON CONFLICT (registration_id, attempt) DO NOTHING`, h.ID, next, h.Amount, *h.Currency); err != nil {
		return payment{}, fmt.Errorf("payments: record attempt %d of %s: %w", next, h.ID, postgres.MapError(err))
	}
	p, err := scanPayment(db.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE registration_id = $1 AND attempt = $2`, h.ID, next))
	if err != nil {
		return payment{}, fmt.Errorf("payments: attempt %d of %s: %w", next, h.ID, err)
	}
	return p, nil
}

// recordSession stores the session Stripe made for an attempt, unless
// another request stored one first (that one stands).
func recordSession(ctx context.Context, tx pgx.Tx, paymentID, sessionID, checkoutURL string, expires time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE payments SET stripe_session_id = $2, checkout_url = $3, expires_at = $4, updated_at = now()
		WHERE id = $1 AND stripe_session_id IS NULL`, paymentID, sessionID, checkoutURL, expires)
	if err != nil {
		return fmt.Errorf("payments: record session of %s: %w", paymentID, postgres.MapError(err))
	}
	return nil
}

// setPaymentStatus moves an attempt on, keeping the payment intent it
// knows when intentID is "".
func setPaymentStatus(ctx context.Context, tx pgx.Tx, id, status, intentID string) error {
	_, err := tx.Exec(ctx, `UPDATE payments SET status = $2, payment_intent_id = coalesce(nullif($3, ''), payment_intent_id),
		updated_at = now() WHERE id = $1`, id, status, intentID)
	if err != nil {
		return fmt.Errorf("payments: %s is %s: %w", id, status, postgres.MapError(err))
	}
	return nil
}

// otherLiveAttempts says whether the registration has another attempt
// paid, under way, or open and not yet expired.
func otherLiveAttempts(ctx context.Context, tx pgx.Tx, registrationID, except string, now time.Time) (bool, error) {
	var live bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM payments WHERE registration_id = $1 AND id <> $2
		AND (status IN ('paid', 'processing') OR (status = 'open' AND stripe_session_id IS NOT NULL AND expires_at > $3)))`,
		registrationID, except, now).Scan(&live)
	return live, err
}

// summary totals a registration's attempts.
type summary struct {
	Attempts   int
	Processing bool
	Paid       int64
	Refunded   int64
}

func paymentSummary(ctx context.Context, db postgres.DB, registrationID string) (summary, error) {
	var s summary
	err := db.QueryRow(ctx, `SELECT count(*), coalesce(bool_or(status = 'processing'), false),
		coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0), coalesce(sum(refund_amount), 0)
		FROM payments WHERE registration_id = $1`, registrationID).Scan(&s.Attempts, &s.Processing, &s.Paid, &s.Refunded)
	if err != nil {
		return summary{}, fmt.Errorf("payments: summary of %s: %w", registrationID, err)
	}
	return s, nil
}

// unsettled lists attempts still open or processing whose session should
// have ended before cutoff, for the reconciler to ask Stripe about.
func unsettled(ctx context.Context, db postgres.DB, cutoff time.Time, limit int) ([]string, error) {
	rows, _ := db.Query(ctx, `SELECT stripe_session_id FROM payments WHERE status IN ('open', 'processing')
		AND stripe_session_id IS NOT NULL AND expires_at < $1 ORDER BY expires_at LIMIT $2`, cutoff, limit)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("payments: unsettled sessions: %w", err)
	}
	return ids, nil
}

// expireOpenAttempts ends a registration's open attempts (its hold ended).
func expireOpenAttempts(ctx context.Context, tx pgx.Tx, registrationID string) error {
	_, err := tx.Exec(ctx, `UPDATE payments SET status = 'expired', updated_at = now()
		WHERE registration_id = $1 AND status = 'open'`, registrationID)
	return err
}
