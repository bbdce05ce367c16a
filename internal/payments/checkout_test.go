package payments_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"plenary/internal/apitest"
	"plenary/internal/mail"
	"plenary/internal/payments"
	"plenary/internal/payments/paymentstest"
)

// buyer is a registrant of a priced ticket, with their manage link.
type buyer struct {
	id, email, token string
	receipt          struct {
		Message string `json:"message"`
		Payment *struct {
			CheckoutURL *string   `json:"checkout_url"`
			ExpiresAt   time.Time `json:"expires_at"`
			Amount      int64     `json:"amount"`
			Currency    string    `json:"currency"`
		} `json:"payment"`
	}
}

var manageLink = regexp.MustCompile(`/r/([A-Za-z0-9_-]{20,})`)

// buy registers email for the ticket type and reads back its manage link
// from the message that tells it how to pay.
func (f fixture) buy(t *testing.T, email, typeID string) buyer {
	t.Helper()
	b := buyer{email: email}
	f.registrant(t, f.event.Slug, email, map[string]any{"ticket_type_id": typeID}).WantStatus(t, http.StatusAccepted).JSON(t, &b.receipt)
	b.id = f.registrationID(t, email)
	b.token = f.linkOf(t, b.id)
	return b
}

// linkOf is the manage-link token in the latest message about a registration.
func (f fixture) linkOf(t *testing.T, id string) string {
	t.Helper()
	base := "/api/v1/manage/events/" + f.event.ID
	var page mail.MessagePage
	f.org.Get(t, base+"/registrations/"+id+"/messages").WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) == 0 {
		t.Fatalf("no message about %s", id)
	}
	var latest mail.MessageDetail
	f.org.Get(t, base+"/messages/"+page.Items[0].ID).WantStatus(t, http.StatusOK).JSON(t, &latest)
	link := manageLink.FindStringSubmatch(latest.Text)
	if link == nil {
		t.Fatalf("no manage link in the %s message about %s", latest.Kind, id)
	}
	return link[1]
}

// as sends a request with a manage link.
func as(t *testing.T, c *apitest.Client, method, path, token string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: method, Path: path, Body: body, Header: http.Header{"Authorization": {"Bearer " + token}}})
}

func (f fixture) state(t *testing.T, b buyer) payments.PaymentState {
	t.Helper()
	var st payments.PaymentState
	as(t, f.public, http.MethodGet, "/api/v1/registration/payment", b.token, nil).WantStatus(t, http.StatusOK).JSON(t, &st)
	return st
}

func (f fixture) checkout(t *testing.T, b buyer) payments.Checkout {
	t.Helper()
	var co payments.Checkout
	as(t, f.public, http.MethodPost, "/api/v1/registration/payment/checkout", b.token, nil).WantStatus(t, http.StatusOK).JSON(t, &co)
	return co
}

// sessionOf is the Stripe session of the registration's latest attempt.
func (f fixture) sessionOf(t *testing.T, registrationID string) string {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT stripe_session_id FROM payments WHERE registration_id = $1
		ORDER BY attempt DESC LIMIT 1`, registrationID).Scan(&id); err != nil {
		t.Fatalf("session of %s: %v", registrationID, err)
	}
	return id
}

// event is a Stripe webhook event, signed as Stripe signs it.
func event(t *testing.T, id, typ string, object map[string]any) (payload []byte, signature string) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"id": id, "object": "event", "api_version": stripe.APIVersion, "type": typ,
		"created": time.Now().Unix(), "data": map[string]any{"object": object}})
	if err != nil {
		t.Fatal(err)
	}
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: paymentstest.WebhookSecret,
		Timestamp: time.Now()})
	return signed.Payload, signed.Header
}

func session(id, status, paymentStatus, intent string) map[string]any {
	return map[string]any{"id": id, "object": "checkout.session", "status": status, "payment_status": paymentStatus,
		"payment_intent": intent}
}

// post delivers a webhook event to env.
func post(t *testing.T, env *apitest.Env, payload []byte, signature string) *apitest.Response {
	t.Helper()
	return env.Client().Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/payments/stripe/webhook", Body: payload,
		ContentType: "application/json", Header: http.Header{"Stripe-Signature": {signature}}})
}

func (f fixture) status(t *testing.T, registrationID string) string {
	t.Helper()
	var s string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT status FROM registrations WHERE id = $1`, registrationID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func (f fixture) messages(t *testing.T, registrationID, kind string) int {
	t.Helper()
	return f.count(t, `SELECT count(*) FROM outbox WHERE registration_id = $1 AND kind = $2`, registrationID, kind)
}

// A priced ticket sends its buyer to Stripe Checkout (stripe-mock's page):
// one session per attempt however often they click; the return page's
// call waits on Stripe; the signed completed event confirms once, and
// the same event ten times, or an expired one after it, changes nothing.
func TestCheckoutStory(t *testing.T) {
	f := newFixture(t, true)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	b := f.buy(t, "buyer@example.com", paid.ID)
	pay := b.receipt.Payment
	if pay == nil || pay.CheckoutURL == nil || !strings.HasPrefix(*pay.CheckoutURL, "https://checkout.stripe.com/") ||
		pay.Amount != 4500 || pay.Currency != "GBP" {
		t.Fatalf("the receipt does not send the buyer to pay: %+v", b.receipt)
	}
	if f.messages(t, b.id, "payment_due") != 1 {
		t.Error("the buyer was not emailed how to pay")
	}
	if st := f.state(t, b); st.Status != payments.PaymentDue || st.Amount != 4500 || *st.TicketName != "Suppliers" {
		t.Errorf("state before paying: %+v", st)
	}
	// The hold lasts as long as the session (Stripe's minimum is 30 minutes).
	var hold, expires time.Time
	if err := f.env.DB.QueryRow(context.Background(), `SELECT r.hold_expires_at, p.expires_at FROM registrations r
		JOIN payments p ON p.registration_id = r.id WHERE r.id = $1`, b.id).Scan(&hold, &expires); err != nil {
		t.Fatal(err)
	}
	if !hold.Equal(expires) || expires.Before(time.Now().Add(30*time.Minute)) {
		t.Errorf("hold %v, session expires %v", hold, expires)
	}

	// Five clicks at once: one attempt, one session, the same address.
	var wg sync.WaitGroup
	urls := make([]string, 5)
	for i := range urls {
		wg.Go(func() { urls[i] = f.checkout(t, b).CheckoutURL })
	}
	wg.Wait()
	if n := f.count(t, `SELECT count(*) FROM payments WHERE registration_id = $1`, b.id); n != 1 {
		t.Errorf("%d attempts after repeated clicks, want 1", n)
	}
	sess := f.sessionOf(t, b.id)

	// Back from Checkout before Stripe has settled: still due, never failed.
	var st payments.PaymentState
	as(t, f.public, http.MethodPost, "/api/v1/registration/payment/return", b.token, map[string]any{"session_id": sess}).
		WantStatus(t, http.StatusOK).JSON(t, &st)
	if st.Status != payments.PaymentDue {
		t.Errorf("state on return before the webhook: %s", st.Status)
	}
	as(t, f.public, http.MethodPost, "/api/v1/registration/payment/return", b.token, map[string]any{"session_id": "cs_test_other"}).
		WantStatus(t, http.StatusNotFound)

	payload, sig := event(t, "evt_completed_1", "checkout.session.completed", session(sess, "complete", "paid", "pi_story"))
	for range 10 {
		wg.Go(func() { post(t, f.env, payload, sig).WantStatus(t, http.StatusOK) })
	}
	wg.Wait()
	if s := f.status(t, b.id); s != "confirmed" {
		t.Errorf("status after payment: %s", s)
	}
	if n := f.messages(t, b.id, "confirmation"); n != 1 {
		t.Errorf("%d confirmations after the same event ten times", n)
	}
	if n := f.count(t, `SELECT count(*) FROM payments WHERE registration_id = $1 AND status = 'paid'`, b.id); n != 1 {
		t.Errorf("%d paid payments", n)
	}
	if n := f.count(t, `SELECT count(*) FROM stripe_events WHERE id = 'evt_completed_1'`); n != 1 {
		t.Errorf("the event was stored %d times", n)
	}
	payload, sig = event(t, "evt_expired_1", "checkout.session.expired", session(sess, "expired", "unpaid", ""))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	if st := f.state(t, b); st.Status != payments.PaymentPaid || st.PaidAt == nil || f.status(t, b.id) != "confirmed" {
		t.Errorf("an expiry after the payment changed it: %+v", st)
	}
	as(t, f.public, http.MethodPost, "/api/v1/registration/payment/checkout", b.token, nil).WantStatus(t, http.StatusConflict)
}

// A payload whose signature is wrong, stale or missing is a 400 and
// changes nothing; an event of an unknown session or type is a 200.
func TestWebhookSignatures(t *testing.T) {
	f := newFixture(t, true)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	b := f.buy(t, "buyer@example.com", paid.ID)
	sess := f.sessionOf(t, b.id)
	body, _ := json.Marshal(map[string]any{"id": "evt_forged", "object": "event", "type": "checkout.session.completed",
		"api_version": stripe.APIVersion, "data": map[string]any{"object": session(sess, "complete", "paid", "pi_forged")}})
	wrong := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: "whsec_someone_else", Timestamp: time.Now()})
	stale := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: paymentstest.WebhookSecret,
		Timestamp: time.Now().Add(-10 * time.Minute)})
	good := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: paymentstest.WebhookSecret, Timestamp: time.Now()})
	for name, sig := range map[string]string{"another secret": wrong.Header, "ten minutes old": stale.Header, "none": "",
		"garbage": "t=1,v1=zz", "tampered": good.Header} {
		payload := body
		if name == "tampered" {
			payload = []byte(strings.Replace(string(body), "pi_forged", "pi_forgex", 1))
		}
		post(t, f.env, payload, sig).WantStatus(t, http.StatusBadRequest)
	}
	if s := f.status(t, b.id); s != "pending_payment" || f.count(t, `SELECT count(*) FROM stripe_events`) != 0 {
		t.Errorf("a bad signature changed something: %s", s)
	}
	payload, sig := event(t, "evt_other", "checkout.session.completed", session("cs_test_not_ours", "complete", "paid", "pi_x"))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	payload, sig = event(t, "evt_customer", "customer.created", map[string]any{"id": "cus_1", "object": "customer"})
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	// Another API version is handled, and logged.
	body, _ = json.Marshal(map[string]any{"id": "evt_old", "object": "event", "type": "checkout.session.completed",
		"api_version": "2020-08-27", "data": map[string]any{"object": session(sess, "complete", "paid", "pi_old")}})
	old := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: paymentstest.WebhookSecret, Timestamp: time.Now()})
	post(t, f.env, old.Payload, old.Header).WantStatus(t, http.StatusOK)
	if s := f.status(t, b.id); s != "confirmed" {
		t.Errorf("an event of another API version was not handled: %s", s)
	}
}

// completed, async_payment_succeeded and the buyer's return all at once,
// through two server processes: one confirmation, one message, one paid
// payment. A Direct Debit is processing (the place kept past its hold)
// until it succeeds; one that fails releases the place to the waitlist.
func TestSettledOnceAcrossProcesses(t *testing.T) {
	f := newFixture(t, true)
	other := f.env.Sibling(t)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	b := f.buy(t, "buyer@example.com", paid.ID)
	sess := f.sessionOf(t, b.id)

	done, sigDone := event(t, "evt_processing", "checkout.session.completed", session(sess, "complete", "unpaid", "pi_dd"))
	post(t, other, done, sigDone).WantStatus(t, http.StatusOK)
	if st := f.state(t, b); st.Status != payments.PaymentProcessing {
		t.Errorf("a completed Direct Debit: %s", st.Status)
	}
	f.env.DB.Exec(context.Background(), `UPDATE registrations SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, b.id)
	if n, err := f.env.App.Payments.ReleaseExpiredHolds(context.Background()); err != nil || n != 0 {
		t.Errorf("a processing payment's hold was released: %d, %v", n, err)
	}

	completed, sig1 := event(t, "evt_completed", "checkout.session.completed", session(sess, "complete", "paid", "pi_dd"))
	succeeded, sig2 := event(t, "evt_succeeded", "checkout.session.async_payment_succeeded", session(sess, "complete", "paid", "pi_dd"))
	var wg sync.WaitGroup
	for i := range 6 {
		env := []*apitest.Env{f.env, other}[i%2]
		wg.Go(func() { post(t, env, completed, sig1).WantStatus(t, http.StatusOK) })
		wg.Go(func() { post(t, env, succeeded, sig2).WantStatus(t, http.StatusOK) })
		wg.Go(func() {
			as(t, env.Client(), http.MethodPost, "/api/v1/registration/payment/return", b.token, map[string]any{"session_id": sess}).
				WantStatus(t, http.StatusOK)
		})
	}
	wg.Wait()
	if s := f.status(t, b.id); s != "confirmed" || f.messages(t, b.id, "confirmation") != 1 ||
		f.count(t, `SELECT count(*) FROM payments WHERE status = 'paid'`) != 1 {
		t.Errorf("status %s, %d confirmations, %d paid", s, f.messages(t, b.id, "confirmation"),
			f.count(t, `SELECT count(*) FROM payments WHERE status = 'paid'`))
	}
}

// A failed Direct Debit or an expired session releases the place: the
// promo code's use comes back and the next in line is held in turn.
func TestFailedAndExpiredRelease(t *testing.T) {
	f := newFixture(t, true)
	f.event = f.newEvent(t, "one-place", 1)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	first := f.buy(t, "first@example.com", paid.ID)
	f.registrant(t, f.event.Slug, "second@example.com", map[string]any{"ticket_type_id": paid.ID}).WantStatus(t, http.StatusAccepted)
	second := f.registrationID(t, "second@example.com")
	if s := f.status(t, second); s != "waitlisted" {
		t.Fatalf("second: %s", s)
	}
	sess := f.sessionOf(t, first.id)
	payload, sig := event(t, "evt_failed", "checkout.session.async_payment_failed", session(sess, "complete", "unpaid", "pi_fail"))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	if s := f.status(t, first.id); s != "cancelled" || f.messages(t, first.id, "hold_released") != 1 {
		t.Errorf("after a failed payment: %s, %d messages", s, f.messages(t, first.id, "hold_released"))
	}
	if s := f.status(t, second); s != "pending_payment" || f.messages(t, second, "payment_due") != 1 {
		t.Errorf("the next in line: %s", s)
	}
	if st := f.state(t, first); st.Status != payments.PaymentReleased {
		t.Errorf("the released buyer sees %s", st.Status)
	}
	// The completed (not yet paid) event, delivered after the failure: it stands.
	stale, sig := event(t, "evt_stale_completed", "checkout.session.completed", session(sess, "complete", "unpaid", "pi_fail"))
	post(t, f.env, stale, sig).WantStatus(t, http.StatusOK)
	if st := f.state(t, first); st.Status != payments.PaymentReleased {
		t.Errorf("a completed event after the failure made it %s", st.Status)
	}
	// The first buyer's money arrives after all (a late success): no
	// place is free, so it is refunded in full at once and they are told.
	late, sig := event(t, "evt_late", "checkout.session.completed", session(sess, "complete", "paid", "pi_late"))
	post(t, f.env, late, sig).WantStatus(t, http.StatusOK)
	if s := f.status(t, first.id); s != "cancelled" {
		t.Errorf("a late payment took a place that was not free: %s", s)
	}
	waitFor(t, "the late payment refunded", func() bool {
		return f.count(t, `SELECT count(*) FROM payments WHERE registration_id = $1 AND refund_amount = 4500
			AND stripe_refund_id IS NOT NULL`, first.id) == 1 && f.messages(t, first.id, "payment_too_late") == 1
	})
}

// A payment that completes after its hold was released takes a place
// that is free.
func TestLatePaymentWithAFreePlace(t *testing.T) {
	f := newFixture(t, true)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	b := f.buy(t, "buyer@example.com", paid.ID)
	sess := f.sessionOf(t, b.id)
	f.env.DB.Exec(context.Background(), `UPDATE registrations SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, b.id)
	if n, err := f.env.App.Payments.ReleaseExpiredHolds(context.Background()); err != nil || n != 1 {
		t.Fatalf("released %d, %v", n, err)
	}
	payload, sig := event(t, "evt_late_free", "checkout.session.completed", session(sess, "complete", "paid", "pi_late_free"))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	if s := f.status(t, b.id); s != "confirmed" || f.messages(t, b.id, "confirmation") != 1 {
		t.Errorf("a late payment with a free place: %s", s)
	}
	if n := f.count(t, `SELECT count(*) FROM payments WHERE refund_amount > 0`); n != 0 {
		t.Error("a late payment that got its place was refunded")
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 60 s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
