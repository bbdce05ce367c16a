package payments_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"

	"plenary/internal/payments"
	"plenary/internal/payments/paymentstest"
)

// The Stripe client reaches the API base it is given (stripe-mock here)
// through its own backends, and a Checkout Session of the shape the card
// flow will use comes back.
func TestCheckoutSessionAgainstStripeMock(t *testing.T) {
	mock := paymentstest.StartStripeMock(t)
	sc := payments.NewStripe(paymentstest.SecretKey, mock.URL)
	if sc == nil {
		t.Fatal("no client for a secret key")
	}
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL:        stripe.String("http://localhost:8080/r/return?session={CHECKOUT_SESSION_ID}"),
		CancelURL:         stripe.String("http://localhost:8080/events/early-intervention"),
		ClientReferenceID: stripe.String("2b7d4bd4-9a1e-4a4c-9a57-9b7f8f3b1c01"),
		ExpiresAt:         stripe.Int64(time.Now().Add(30 * time.Minute).Unix()),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripe.String("gbp"),
				UnitAmount:  stripe.Int64(4500),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String("Supplier ticket")},
			},
		}},
	}
	params.AddMetadata("registration_id", "2b7d4bd4-9a1e-4a4c-9a57-9b7f8f3b1c01")
	params.SetIdempotencyKey("registration-2b7d4bd4-attempt-1")
	s, err := sc.CheckoutSessions.New(params)
	if err != nil {
		t.Fatalf("create a Checkout Session: %v", err)
	}
	if !strings.HasPrefix(s.ID, "cs_") || s.URL == "" || s.Object != "checkout.session" {
		t.Errorf("session %q, url %q, object %q", s.ID, s.URL, s.Object)
	}
	got, err := sc.CheckoutSessions.Get(s.ID, nil)
	if err != nil || got.ID != s.ID {
		t.Errorf("read the session back: %v, %q", err, got.ID)
	}
	// A Stripe that cannot be reached is an error, never a silent success.
	if _, err := payments.NewStripe("sk_test_", "http://127.0.0.1:1").CheckoutSessions.Get(s.ID, nil); err == nil {
		t.Error("a client of an address nobody listens on succeeded")
	}
	if payments.NewStripe("", mock.URL) != nil {
		t.Error("a client without a key: card payments must be off")
	}
}
