package registrations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/payments"
	"plenary/internal/postgres"
)

// What payments does to a registration that owes money goes through
// these methods: payments owns the Checkout attempts, registrations the
// registration and its seat. Each runs in the transaction Settle opens,
// which holds the event's seat lock and the registration's row, the order
// every writer keeps, so a payment, an expiry and a cancellation of one
// registration happen one after the other.

const holdColumns = `id, event_id, status, email, first_name, last_name, ticket_type_id, amount, currency, hold_expires_at,
	paid_at, pay_by_invoice`

func scanHold(row pgx.Row) (payments.Hold, error) {
	var h payments.Hold
	err := row.Scan(&h.ID, &h.EventID, &h.Status, &h.Email, &h.FirstName, &h.LastName, &h.TicketTypeID, &h.Amount,
		&h.Currency, &h.HoldExpiresAt, &h.PaidAt, &h.PayByInvoice)
	return h, err
}

// HoldOf reads a registration as payments sees it, unlocked.
func (s *Service) HoldOf(ctx context.Context, id string) (payments.Hold, error) {
	h, err := scanHold(s.db.QueryRow(ctx, `SELECT `+holdColumns+` FROM registrations WHERE id = $1`, id))
	if err != nil {
		return payments.Hold{}, fmt.Errorf("registrations: hold %s: %w", id, postgres.MapError(err))
	}
	return h, nil
}

// HoldByToken reads the registration a manage link belongs to.
func (s *Service) HoldByToken(ctx context.Context, plainToken string) (payments.Hold, error) {
	r, err := s.ByToken(ctx, plainToken)
	if err != nil {
		return payments.Hold{}, err
	}
	return s.HoldOf(ctx, r.ID)
}

// Settle runs fn in a transaction holding the registration's event seat
// lock and its row.
func (s *Service) Settle(ctx context.Context, id string, fn func(tx pgx.Tx, h payments.Hold) error) error {
	return s.withRegistration(ctx, id, func(tx pgx.Tx, _ Registration) error {
		h, err := scanHold(tx.QueryRow(ctx, `SELECT `+holdColumns+` FROM registrations WHERE id = $1`, id))
		if err != nil {
			return fmt.Errorf("registrations: hold %s: %w", id, err)
		}
		return fn(tx, h)
	})
}

// ExtendHoldTx keeps a held place until at least until (a Checkout
// Session lasts at least 30 minutes, and the hold lasts as long).
func (s *Service) ExtendHoldTx(ctx context.Context, tx pgx.Tx, id string, until time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE registrations SET hold_expires_at = $2, updated_at = now()
		WHERE id = $1 AND status = 'pending_payment' AND hold_expires_at < $2`, id, until)
	return err
}

// ConfirmPaidTx records that h has paid and confirms it: a held place is
// kept; a hold already released gets a free place if there is one (false
// when there is none, or its registrant has registered again since: the
// caller refunds). Paid twice is confirmed once.
func (s *Service) ConfirmPaidTx(ctx context.Context, tx pgx.Tx, h payments.Hold, paidAt time.Time) (bool, error) {
	if _, err := tx.Exec(ctx, `UPDATE registrations SET paid_at = coalesce(paid_at, $2), updated_at = now() WHERE id = $1`,
		h.ID, paidAt); err != nil {
		return false, fmt.Errorf("registrations: paid %s: %w", h.ID, err)
	}
	switch Status(h.Status) {
	case StatusConfirmed:
		return true, nil
	case StatusPendingPayment:
		if err := s.confirmHeld(ctx, tx, h.ID); err != nil {
			return false, err
		}
		return true, s.tell(ctx, tx, notice.Notice{RegistrationID: h.ID, Kind: notice.KindConfirmation})
	case StatusCancelled:
		return s.seatLatePayment(ctx, tx, h)
	}
	return false, nil
}

func (s *Service) confirmHeld(ctx context.Context, tx pgx.Tx, id string) error {
	_, err := tx.Exec(ctx, `UPDATE registrations SET status = 'confirmed', hold_expires_at = NULL, updated_at = now()
		WHERE id = $1 AND status = 'pending_payment'`, id)
	return err
}

// seatLatePayment gives a released hold that has now paid a free place.
func (s *Service) seatLatePayment(ctx context.Context, tx pgx.Tx, h payments.Hold) (bool, error) {
	var again, limited bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1 AND lower(email) = lower($2)
		AND status <> 'cancelled'), (SELECT capacity IS NOT NULL FROM events WHERE id = $1)`, h.EventID, h.Email).
		Scan(&again, &limited); err != nil || again {
		return false, err
	}
	var seatID *int64
	if limited {
		id, ok, err := claimSeat(ctx, tx, h.EventID, h.ID)
		if err != nil || !ok {
			return false, err
		}
		seatID = &id
	}
	if err := setStatus(ctx, tx, h.ID, StatusConfirmed, seatID, !limited); err != nil {
		return false, fmt.Errorf("registrations: seat late payment %s: %w", h.ID, postgres.MapError(err))
	}
	if _, err := tx.Exec(ctx, `UPDATE registrations SET cancelled_at = NULL WHERE id = $1`, h.ID); err != nil {
		return false, err
	}
	s.placesChanged(h.EventID)
	return true, s.tell(ctx, tx, notice.Notice{RegistrationID: h.ID, Kind: notice.KindConfirmation})
}

// ReleaseHoldTx ends a hold that was not paid: the registration is
// cancelled as if its registrant had cancelled (its promo code's use is
// given back, its place goes to the next in line) and they are told.
// Anything else is left as it is.
func (s *Service) ReleaseHoldTx(ctx context.Context, tx pgx.Tx, h payments.Hold) error {
	if !h.Due() {
		return nil
	}
	r, err := registrationByID(ctx, tx, h.ID, false)
	if err != nil {
		return err
	}
	if err := s.cancel(ctx, tx, r); err != nil {
		return err
	}
	return s.tell(ctx, tx, notice.Notice{RegistrationID: h.ID, Kind: notice.KindHoldReleased})
}

// CancelPaidTx cancels a paid registration being refunded: its place goes
// to the next in line; the caller tells the registrant of the refund.
func (s *Service) CancelPaidTx(ctx context.Context, tx pgx.Tx, h payments.Hold) error {
	if Status(h.Status) == StatusCancelled || Status(h.Status) == StatusRejected {
		return errs.Publicf(errs.ErrConflict, "This registration is already %s.", h.Status)
	}
	r, err := registrationByID(ctx, tx, h.ID, false)
	if err != nil {
		return err
	}
	return s.cancel(ctx, tx, r)
}

// ExpiredHolds lists up to limit registrations whose hold ended before now.
func (s *Service) ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, _ := s.db.Query(ctx, `SELECT id FROM registrations WHERE status = 'pending_payment' AND hold_expires_at <= $1
		ORDER BY hold_expires_at LIMIT $2`, now, limit)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("registrations: expired holds: %w", err)
	}
	return ids, nil
}
