package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
)

// Refunds: cancelling a paid registration (its registrant or an
// organiser) refunds what the event's policy allows, or all of it when an
// organiser overrides the policy; a payment that came after its place had
// gone is refunded in full. The refund is recorded in the transaction
// that cancels, and a job asks Stripe for it with an idempotency key
// (refund-{payment id}), so a retry never refunds twice.

// PaymentSettings is an event's refund policy.
type PaymentSettings struct {
	// RefundUntilDaysBefore: cancelling refunds in full until this many
	// days before the start, nothing after; nil: no refunds.
	RefundUntilDaysBefore *int `json:"refund_until_days_before"`
	// Invoices: whether buyers may pay by invoice ("off"), and if so
	// whether they are confirmed at once ("confirm") or their place is
	// held until the invoice is paid or falls due ("hold").
	Invoices string `json:"invoices"`
}

// SettingsFor returns the event's refund policy.
func (s *Service) SettingsFor(ctx context.Context, eventID string) (PaymentSettings, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return PaymentSettings{}, err
	}
	return settingsOf(ctx, s.db, eventID)
}

// SetSettings replaces the event's refund policy.
func (s *Service) SetSettings(ctx context.Context, eventID string, in PaymentSettings) (PaymentSettings, error) {
	v := errs.Validation{}
	if d := in.RefundUntilDaysBefore; d != nil && (*d < 0 || *d > 365) {
		v.Add("refund_until_days_before", "Give a number of days from 0 to 365, or leave it empty for no refunds.")
	}
	if in.Invoices != InvoicesOff && in.Invoices != InvoicesConfirm && in.Invoices != InvoicesHold {
		v.Add("invoices", "Choose off, confirm or hold.")
	}
	if err := v.Err(); err != nil {
		return PaymentSettings{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return PaymentSettings{}, err
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO payment_settings (event_id, refund_until_days_before, invoices) VALUES ($1, $2, $3)
		ON CONFLICT (event_id) DO UPDATE SET refund_until_days_before = excluded.refund_until_days_before,
			invoices = excluded.invoices, updated_at = now()`,
		eventID, in.RefundUntilDaysBefore, in.Invoices); err != nil {
		return PaymentSettings{}, fmt.Errorf("payments: settings of %s: %w", eventID, postgres.MapError(err))
	}
	return settingsOf(ctx, s.db, eventID)
}

func settingsOf(ctx context.Context, db postgres.DB, eventID string) (PaymentSettings, error) {
	out := PaymentSettings{Invoices: InvoicesOff}
	err := db.QueryRow(ctx, `SELECT refund_until_days_before, invoices FROM payment_settings WHERE event_id = $1`, eventID).
		Scan(&out.RefundUntilDaysBefore, &out.Invoices)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return PaymentSettings{}, fmt.Errorf("payments: settings of %s: %w", eventID, err)
	}
	return out, nil
}

// refundByPolicy is what cancelling now gives back of paid, read through
// db (in a transaction, the caller's: never a second connection).
func (s *Service) refundByPolicy(ctx context.Context, db postgres.DB, eventID string, paid int64) (int64, error) {
	set, err := settingsOf(ctx, db, eventID)
	if err != nil || set.RefundUntilDaysBefore == nil {
		return 0, err
	}
	var startsAt time.Time
	if err := db.QueryRow(ctx, `SELECT starts_at FROM event_schedule WHERE id = $1`, eventID).Scan(&startsAt); err != nil {
		return 0, fmt.Errorf("payments: start of %s: %w", eventID, postgres.MapError(err))
	}
	if s.now().After(startsAt.Add(-time.Duration(*set.RefundUntilDaysBefore) * 24 * time.Hour)) {
		return 0, nil
	}
	return paid, nil
}

// RefundTx refunds a paid registration being cancelled in tx (by the
// policy, or in full with override), once: a registration refunded
// already is left alone; an invoiced one gets a credit note instead.
// registrations calls it when it cancels.
func (s *Service) RefundTx(ctx context.Context, tx pgx.Tx, registrationID string, override bool) error {
	var h Hold
	if err := tx.QueryRow(ctx, `SELECT event_id, pay_by_invoice FROM registration_purchases WHERE id = $1`, registrationID).
		Scan(&h.EventID, &h.PayByInvoice); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if h.PayByInvoice {
		h.ID = registrationID
		return s.creditInvoiceTx(ctx, tx, h, override)
	}
	p, err := scanPayment(tx.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE registration_id = $1
		AND status = 'paid' ORDER BY attempt DESC LIMIT 1 FOR UPDATE`, registrationID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // paid by invoice, or marked paid: nothing to give back through Stripe
	}
	if err != nil || p.RefundAmount > 0 {
		return err
	}
	amount := p.Amount
	if !override {
		var eventID string
		if err := tx.QueryRow(ctx, `SELECT event_id FROM registration_purchases WHERE id = $1`, registrationID).Scan(&eventID); err != nil {
			return err
		}
		if amount, err = s.refundByPolicy(ctx, tx, eventID, p.Amount); err != nil {
			return err
		}
	}
	if amount == 0 {
		return nil
	}
	return s.refundTx(ctx, tx, p, amount, notice.KindPaymentRefunded)
}

// refundTx records a refund of amount and asks the refund job to make it;
// the job tells the buyer (kind) once Stripe has.
func (s *Service) refundTx(ctx context.Context, tx pgx.Tx, p payment, amount int64, kind notice.Kind) error {
	if _, err := tx.Exec(ctx, `UPDATE payments SET refund_amount = $2, updated_at = now() WHERE id = $1`, p.ID, amount); err != nil {
		return fmt.Errorf("payments: record refund of %s: %w", p.ID, postgres.MapError(err))
	}
	if err := s.creditReceiptTx(ctx, tx, p.RegistrationID, amount); err != nil {
		return err
	}
	return s.enqueueRefund(ctx, tx, p.ID, kind)
}

// Refund cancels a paid registration of the event and refunds it, as an
// organiser asks: by the policy, or in full with override.
func (s *Service) Refund(ctx context.Context, eventID, registrationID string, override bool) (PaymentState, error) {
	if uuid.Validate(registrationID) != nil {
		return PaymentState{}, fmt.Errorf("payments: registration %q: %w", registrationID, errs.ErrNotFound)
	}
	h, err := s.regs.HoldOf(ctx, registrationID)
	if err != nil || h.EventID != eventID {
		return PaymentState{}, fmt.Errorf("payments: registration %s of %s: %w", registrationID, eventID, errs.ErrNotFound)
	}
	if h.PaidAt == nil {
		return PaymentState{}, errs.Publicf(errs.ErrConflict, "This registration has not paid, so there is nothing to refund.")
	}
	err = s.regs.Settle(ctx, h.ID, func(tx pgx.Tx, locked Hold) error {
		if locked.Status != "cancelled" {
			// Refund first: the cancel's own refund by policy then finds it done.
			if err := s.RefundTx(ctx, tx, locked.ID, override); err != nil {
				return err
			}
			return s.regs.CancelPaidTx(ctx, tx, locked)
		}
		return s.RefundTx(ctx, tx, locked.ID, override) // cancelled without a refund: the organiser gives one now
	})
	if err != nil {
		return PaymentState{}, err
	}
	return s.stateOf(ctx, h.ID)
}

// chargeRefunded records a refund Stripe reports (made here, or in
// Stripe's dashboard).
func (s *Service) chargeRefunded(ctx context.Context, intentID string, refunded int64) error {
	if intentID == "" {
		return nil
	}
	_, err := s.db.Exec(ctx, `UPDATE payments SET refund_amount = least(amount, greatest(refund_amount, $2)),
		refunded_at = coalesce(refunded_at, now()), updated_at = now() WHERE payment_intent_id = $1`, intentID, refunded)
	return err
}
