package payments

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"plenary/internal/errs"
)

// The webhook events handled; any other is acknowledged and ignored.
const (
	evCompleted      = "checkout.session.completed"
	evAsyncSucceeded = "checkout.session.async_payment_succeeded"
	evAsyncFailed    = "checkout.session.async_payment_failed"
	evExpired        = "checkout.session.expired"
	evChargeRefunded = "charge.refunded"
)

// errBadSignature answers a payload whose signature does not hold.
var errBadSignature = errs.Publicf(errs.ErrBadRequest, "The Stripe-Signature header does not match this payload "+
	"and STRIPE_WEBHOOK_SECRET, or is more than five minutes old.")

// HandleWebhook verifies and handles one of Stripe's webhook events. Each
// event id is handled once (stripe_events); delivery is at least once and
// in any order, which settle takes care of. An event of another API
// version than stripe-go's is handled all the same (the fields read here
// are in both) and logged, so that a mismatch is fixed rather than
// answered with 400s that Stripe retries for days.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) error {
	if s.webhookSecret == "" {
		return fmt.Errorf("payments: webhook without STRIPE_WEBHOOK_SECRET: %w", errs.ErrNotFound)
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, s.webhookSecret,
		webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		s.logger.Warn("payments: a webhook payload with a bad signature", "err", err)
		return errBadSignature
	}
	if ev.APIVersion != "" && ev.APIVersion != stripe.APIVersion {
		s.logger.Warn("payments: Stripe sent a webhook event of another API version; set the webhook endpoint's API version in Stripe's dashboard to the one this server reads",
			"event", ev.ID, "event_api_version", ev.APIVersion, "server_api_version", stripe.APIVersion)
	}
	var seen bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stripe_events WHERE id = $1)`, ev.ID).Scan(&seen); err != nil || seen {
		return err
	}
	if err := s.handleEvent(ctx, ev); err != nil {
		return err // not stored: Stripe sends it again
	}
	_, err = s.db.Exec(ctx, `INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, ev.ID, string(ev.Type))
	return err
}

func (s *Service) handleEvent(ctx context.Context, ev stripe.Event) error {
	switch ev.Type {
	case evCompleted, evAsyncSucceeded, evAsyncFailed, evExpired:
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil || cs.ID == "" {
			return errs.Publicf(errs.ErrBadRequest, "The event %s does not hold a Checkout Session.", ev.ID)
		}
		sess := sessionOf(&cs, ev.Type == evAsyncFailed)
		sess.Paid = sess.Paid || ev.Type == evAsyncSucceeded
		return s.settle(ctx, sess)
	case evChargeRefunded:
		var ch stripe.Charge
		if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil {
			return errs.Publicf(errs.ErrBadRequest, "The event %s does not hold a charge.", ev.ID)
		}
		intent := ""
		if ch.PaymentIntent != nil {
			intent = ch.PaymentIntent.ID
		}
		return s.chargeRefunded(ctx, intent, ch.AmountRefunded)
	}
	return nil
}
