package payments

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/page"
	"plenary/internal/postgres"
)

// PaymentRow is one registration for a priced ticket, as organisers see it.
type PaymentRow struct {
	RegistrationID string        `json:"registration_id"`
	Name           string        `json:"name"`
	Email          string        `json:"email"`
	TicketName     string        `json:"ticket_name"`
	Status         PaymentStatus `json:"status"`
	Amount         int64         `json:"amount"`
	Currency       string        `json:"currency"`
	PaidAt         *time.Time    `json:"paid_at"`
	RefundedAmount int64         `json:"refunded_amount"`
	HoldExpiresAt  *time.Time    `json:"hold_expires_at"`
	CreatedAt      time.Time     `json:"created_at"`
	// The latest attempt's Checkout Session and payment intent, to look
	// it up in Stripe's dashboard.
	CheckoutSessionID *string `json:"checkout_session_id"`
	PaymentIntentID   *string `json:"payment_intent_id"`
}

// PaymentTotals add up all of an event's payments.
type PaymentTotals struct {
	Currency *string `json:"currency"`
	Paid     int64   `json:"paid"`     // taken, before refunds
	Refunded int64   `json:"refunded"` // given back
	Due      int64   `json:"due"`      // held places not paid yet
}

// PaymentList is a page of an event's payments, with the totals of all.
type PaymentList struct {
	Items      []PaymentRow  `json:"items"`
	NextCursor *string       `json:"next_cursor"`
	Totals     PaymentTotals `json:"totals"`
}

// EventPayments lists the event's registrations that owe or paid money,
// newest first (those whose hold ended unpaid included), with totals.
func (s *Service) EventPayments(ctx context.Context, eventID string, r page.Request) (PaymentList, error) {
	q, err := page.ReadUnfiltered[createdKey]("payments", r)
	if err != nil {
		return PaymentList{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return PaymentList{}, err
	}
	at, id := after(q.After)
	rows, _ := s.db.Query(ctx, `
		SELECT r.id::text, r.first_name || ' ' || r.last_name, r.email, t.name, r.status, r.amount, r.currency,
			r.paid_at, coalesce(p.refunded, 0), coalesce(p.processing, false), r.hold_expires_at, r.created_at,
			l.stripe_session_id, l.payment_intent_id
		FROM registration_purchases r
		JOIN ticket_types t ON t.id = r.ticket_type_id
		LEFT JOIN LATERAL (SELECT sum(refund_amount) AS refunded, bool_or(status = 'processing') AS processing
			FROM payments WHERE registration_id = r.id) p ON true
		LEFT JOIN LATERAL (SELECT stripe_session_id, payment_intent_id FROM payments WHERE registration_id = r.id
			ORDER BY attempt DESC LIMIT 1) l ON true
		WHERE r.event_id = $1 AND r.amount > 0 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid))
		ORDER BY r.created_at DESC, r.id DESC LIMIT $4`, eventID, at, id, q.Fetch())
	list, err := pgx.CollectRows(rows, scanPaymentRow)
	if err != nil {
		return PaymentList{}, fmt.Errorf("payments: payments of %s: %w", eventID, err)
	}
	p := page.Of(q, list, func(r PaymentRow) createdKey { return createdKey{At: r.CreatedAt, ID: r.RegistrationID} })
	out := PaymentList{Items: p.Items, NextCursor: p.NextCursor}
	if out.Totals, err = eventTotals(ctx, s.db, eventID); err != nil {
		return PaymentList{}, err
	}
	return out, nil
}

func scanPaymentRow(row pgx.CollectableRow) (PaymentRow, error) {
	var r PaymentRow
	var status string
	var processing bool
	err := row.Scan(&r.RegistrationID, &r.Name, &r.Email, &r.TicketName, &status, &r.Amount, &r.Currency, &r.PaidAt,
		&r.RefundedAmount, &processing, &r.HoldExpiresAt, &r.CreatedAt, &r.CheckoutSessionID, &r.PaymentIntentID)
	switch {
	case r.RefundedAmount > 0:
		r.Status = PaymentRefunded
	case r.PaidAt != nil:
		r.Status = PaymentPaid
	case processing:
		r.Status = PaymentProcessing
	case status == "pending_payment":
		r.Status = PaymentDue
	default:
		r.Status = PaymentReleased
	}
	return r, err
}

// eventTotals adds up the event's payments.
func eventTotals(ctx context.Context, db postgres.DB, eventID string) (PaymentTotals, error) {
	var t PaymentTotals
	err := db.QueryRow(ctx, `
		SELECT min(r.currency),
			coalesce(sum(r.amount) FILTER (WHERE r.paid_at IS NOT NULL), 0),
			coalesce((SELECT sum(p.refund_amount) FROM payments p JOIN registration_purchases x ON x.id = p.registration_id
				WHERE x.event_id = $1), 0),
			coalesce(sum(r.amount) FILTER (WHERE r.status = 'pending_payment' AND r.paid_at IS NULL), 0)
		FROM registration_purchases r WHERE r.event_id = $1 AND r.amount > 0`, eventID).Scan(&t.Currency, &t.Paid, &t.Refunded, &t.Due)
	if err != nil {
		return PaymentTotals{}, fmt.Errorf("payments: totals of %s: %w", eventID, err)
	}
	return t, nil
}
