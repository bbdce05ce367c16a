package payments

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stripe/stripe-go/v76"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
)

// errNothingDue refuses a checkout for a registration that owes nothing.
var errNothingDue = errs.Publicf(errs.ErrConflict, "Nothing is due for this registration: it holds no place waiting to be paid for.")

// errStripe is what a buyer is told when Stripe did not answer.
var errStripe = errs.Publicf(errs.ErrUpstream, "The card payment service did not answer. Your place is still held; try again in a minute.")

// CheckoutFor starts (or returns) the card payment of the registration a
// manage link belongs to.
func (s *Service) CheckoutFor(ctx context.Context, plainToken string) (Checkout, error) {
	h, err := s.regs.HoldByToken(ctx, plainToken)
	if err != nil {
		return Checkout{}, err
	}
	return s.StartCheckout(ctx, h.ID)
}

// StartCheckout returns the Checkout Session of the registration's current
// attempt while it is open, or makes the next attempt's. The attempt is
// recorded before Stripe is asked, so two requests at once agree on it and
// send Stripe the same idempotency key (reg-{id}-attempt-{n}); whichever
// answer is stored first is the one both get.
func (s *Service) StartCheckout(ctx context.Context, registrationID string) (Checkout, error) {
	if s.stripe == nil {
		return Checkout{}, errs.Publicf(errs.ErrConflict, "Card payments are not set up on this server.")
	}
	h, err := s.regs.HoldOf(ctx, registrationID)
	if err != nil {
		return Checkout{}, err
	}
	if !h.Due() || h.Currency == nil {
		return Checkout{}, errNothingDue
	}
	if h.PayByInvoice {
		return Checkout{}, errs.Publicf(errs.ErrConflict, "This place is paid for by invoice: pay the invoice by its due date.")
	}
	now := s.now()
	p, err := currentAttempt(ctx, s.db, h, now)
	if err != nil {
		return Checkout{}, err
	}
	if p.SessionID != nil && p.CheckoutURL != nil {
		return p.checkout(), nil
	}
	expires := checkoutExpiry(*h.HoldExpiresAt, now)
	session, err := s.createSession(ctx, h, p.Attempt, expires)
	if err != nil {
		return Checkout{}, err
	}
	err = s.regs.Settle(ctx, h.ID, func(tx pgx.Tx, locked Hold) error {
		if err := recordSession(ctx, tx, p.ID, session.ID, session.URL, expires); err != nil {
			return err
		}
		// The place is held as long as the session can be paid.
		return s.regs.ExtendHoldTx(ctx, tx, h.ID, expires)
	})
	if err != nil {
		return Checkout{}, err
	}
	stored, err := paymentByID(ctx, s.db, p.ID)
	if err != nil {
		return Checkout{}, err
	}
	return stored.checkout(), nil
}

// checkoutExpiry is a session's expires_at: the hold's, within what
// Stripe takes (30 minutes to 24 hours from now), to the second.
func checkoutExpiry(hold, now time.Time) time.Time {
	at := hold
	if lo := now.Add(minCheckout); at.Before(lo) {
		at = lo
	}
	if hi := now.Add(maxCheckout); at.After(hi) {
		at = hi
	}
	return at.Truncate(time.Second)
}

// createSession asks Stripe for a Checkout Session for attempt n.
func (s *Service) createSession(ctx context.Context, h Hold, attempt int, expires time.Time) (*stripe.CheckoutSession, error) {
	name, err := describe(ctx, s.db, h)
	if err != nil {
		return nil, err
	}
	token, err := s.links.ManageToken(ctx, h.ID, nil)
	if err != nil {
		return nil, err
	}
	page := s.baseURL + "/r/" + url.PathEscape(token)
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		CustomerEmail:     stripe.String(h.Email),
		ClientReferenceID: stripe.String(h.ID),
		ExpiresAt:         stripe.Int64(expires.Unix()),
		SuccessURL:        stripe.String(page + "/payment?session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:         stripe.String(page + "?payment=cancelled"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripe.String(strings.ToLower(*h.Currency)),
				UnitAmount:  stripe.Int64(h.Amount),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String(name)},
			},
		}},
		PaymentIntentData: &stripe.CheckoutSessionPaymentIntentDataParams{
			Metadata: map[string]string{"registration_id": h.ID},
		},
	}
	params.Context = ctx
	params.AddMetadata("registration_id", h.ID)
	params.AddMetadata("attempt", fmt.Sprint(attempt))
	params.SetIdempotencyKey(fmt.Sprintf("reg-%s-attempt-%d", h.ID, attempt))
	session, err := s.stripe.CheckoutSessions.New(params)
	if err != nil {
		s.logger.Error("payments: create a Checkout Session", "registration", h.ID, "attempt", attempt, "err", err)
		return nil, errStripe
	}
	return session, nil
}

// ReturnFromCheckout settles the session a buyer came back from, as
// Stripe sees it now, and says where the payment stands.
func (s *Service) ReturnFromCheckout(ctx context.Context, plainToken, sessionID string) (PaymentState, error) {
	h, err := s.regs.HoldByToken(ctx, plainToken)
	if err != nil {
		return PaymentState{}, err
	}
	p, err := paymentBySession(ctx, s.db, sessionID)
	if err != nil || p.RegistrationID != h.ID {
		return PaymentState{}, fmt.Errorf("payments: session %q of %s: %w", sessionID, h.ID, errs.ErrNotFound)
	}
	if s.stripe != nil {
		params := &stripe.CheckoutSessionParams{}
		params.Context = ctx
		cs, err := s.stripe.CheckoutSessions.Get(sessionID, params)
		if err != nil {
			// The webhook settles it anyway; the page keeps waiting.
			s.logger.Warn("payments: read a Checkout Session on return", "session", sessionID, "err", err)
		} else if err := s.settle(ctx, sessionOf(cs, false)); err != nil {
			return PaymentState{}, err
		}
	}
	return s.stateOf(ctx, h.ID)
}

// sessionOf reads what settling needs from a Checkout Session.
func sessionOf(cs *stripe.CheckoutSession, failed bool) Session {
	out := Session{ID: cs.ID, Failed: failed,
		Paid:      cs.PaymentStatus == stripe.CheckoutSessionPaymentStatusPaid || cs.PaymentStatus == stripe.CheckoutSessionPaymentStatusNoPaymentRequired,
		Completed: cs.Status == stripe.CheckoutSessionStatusComplete,
		Expired:   cs.Status == stripe.CheckoutSessionStatusExpired}
	if cs.PaymentIntent != nil {
		out.PaymentIntentID = cs.PaymentIntent.ID
	}
	return out
}

// settle brings a registration in line with one of its Checkout Sessions.
// It is the one fulfilment function: the webhook (any event, any number
// of times, in any order), the buyer's return and the reconciler all call
// it, and it holds the registration (Settle) and its payment row, so
// whatever comes first does the work and the rest find it done.
//
//   - paid: the payment is recorded and the registration confirmed once;
//     a hold released before the money came gets a free place, or its
//     payment is refunded at once and its buyer told.
//   - completed, not paid yet (a Direct Debit): processing; the place
//     stays held until Stripe says.
//   - failed or expired: this attempt ends; if nothing else of the
//     registration is paid or under way, its hold is released.
func (s *Service) settle(ctx context.Context, sess Session) error {
	p, err := paymentBySession(ctx, s.db, sess.ID)
	if errors.Is(err, errs.ErrNotFound) {
		s.logger.Warn("payments: a Checkout Session that is not ours", "session", sess.ID)
		return nil
	}
	if err != nil {
		return err
	}
	return s.regs.Settle(ctx, p.RegistrationID, func(tx pgx.Tx, h Hold) error {
		p, err := lockPayment(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		switch {
		case p.Status == statusPaid:
			return nil // settled already; an expiry after the payment changes nothing
		case sess.Paid:
			return s.fulfilTx(ctx, tx, h, p, sess.PaymentIntentID)
		case sess.Completed && !sess.Failed:
			if p.Status != statusOpen {
				return nil // a failure or expiry that came first stands
			}
			return setPaymentStatus(ctx, tx, p.ID, statusProcessing, sess.PaymentIntentID)
		case sess.Failed || sess.Expired:
			return s.endAttemptTx(ctx, tx, h, p, map[bool]string{true: statusFailed, false: statusExpired}[sess.Failed])
		}
		return nil // still open: nothing to do
	})
}

// fulfilTx records a paid attempt and confirms its registration; a
// payment whose place has gone is refunded in full.
func (s *Service) fulfilTx(ctx context.Context, tx pgx.Tx, h Hold, p payment, intentID string) error {
	if err := setPaymentStatus(ctx, tx, p.ID, statusPaid, intentID); err != nil {
		return err
	}
	seated, err := s.regs.ConfirmPaidTx(ctx, tx, h, s.now())
	if err != nil {
		return err
	}
	if seated {
		return s.issueReceiptTx(ctx, tx, h, p)
	}
	return s.refundTx(ctx, tx, p, p.Amount, notice.KindPaymentTooLate)
}

// endAttemptTx ends an attempt that failed or expired, and releases the
// hold unless another attempt is paid, under way, or still open.
func (s *Service) endAttemptTx(ctx context.Context, tx pgx.Tx, h Hold, p payment, status string) error {
	if p.Status != statusOpen && p.Status != statusProcessing {
		return nil
	}
	if err := setPaymentStatus(ctx, tx, p.ID, status, ""); err != nil {
		return err
	}
	live, err := otherLiveAttempts(ctx, tx, h.ID, p.ID, s.now())
	if err != nil || live {
		return err
	}
	return s.regs.ReleaseHoldTx(ctx, tx, h)
}

// stateOf says where a registration's payment stands.
func (s *Service) stateOf(ctx context.Context, registrationID string) (PaymentState, error) {
	h, err := s.regs.HoldOf(ctx, registrationID)
	if err != nil {
		return PaymentState{}, err
	}
	st := PaymentState{Status: PaymentNone, Amount: h.Amount, Currency: h.Currency, HoldExpiresAt: h.HoldExpiresAt,
		PaidAt: h.PaidAt, Documents: []Document{}}
	if h.TicketTypeID != nil {
		if t, err := ticketType(ctx, s.db, "", *h.TicketTypeID); err == nil {
			st.TicketName = &t.Name
		}
	}
	sum, err := paymentSummary(ctx, s.db, h.ID)
	if err != nil {
		return PaymentState{}, err
	}
	st.RefundedAmount = sum.Refunded
	switch {
	case h.Amount == 0 && sum.Attempts == 0:
	case sum.Refunded > 0:
		st.Status = PaymentRefunded
	case h.PaidAt != nil:
		st.Status = PaymentPaid
		if h.Status != "cancelled" {
			st.RefundIfCancelled, err = s.refundByPolicy(ctx, s.db, h.EventID, sum.Paid)
		}
	case sum.Processing:
		st.Status = PaymentProcessing
	case h.PayByInvoice && (h.Status == "confirmed" || h.Status == "pending_payment"):
		st.Status = PaymentInvoiced
	case h.Due():
		st.Status = PaymentDue
	case sum.Attempts > 0 || h.Status == "cancelled":
		st.Status = PaymentReleased
	}
	if err != nil {
		return PaymentState{}, err
	}
	if st.Documents, err = s.documentsOf(ctx, h.ID); err != nil {
		return PaymentState{}, err
	}
	return st, nil
}

// PaymentFor says where the payment of the registration a manage link
// belongs to stands.
func (s *Service) PaymentFor(ctx context.Context, plainToken string) (PaymentState, error) {
	h, err := s.regs.HoldByToken(ctx, plainToken)
	if err != nil {
		return PaymentState{}, err
	}
	return s.stateOf(ctx, h.ID)
}

// errLocked wraps a failure to read the payment row in the caller's tx.
func lockPayment(ctx context.Context, tx pgx.Tx, id string) (payment, error) {
	p, err := scanPayment(tx.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE id = $1 FOR UPDATE`, id))
	if err != nil {
		return payment{}, fmt.Errorf("payments: lock payment %s: %w", id, postgres.MapError(err))
	}
	return p, nil
}
