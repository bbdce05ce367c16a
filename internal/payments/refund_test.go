package payments_test

import (
	"net/http"
	"testing"

	"plenary/internal/payments"
)

// pay takes a buyer through a completed Checkout.
func (f fixture) pay(t *testing.T, b buyer, intent string) {
	t.Helper()
	payload, sig := event(t, "evt_paid_"+b.id, "checkout.session.completed", session(f.sessionOf(t, b.id), "complete", "paid", intent))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	if s := f.status(t, b.id); s != "confirmed" {
		t.Fatalf("%s after paying: %s", b.email, s)
	}
}

func (f fixture) settingsPath() string {
	return "/api/v1/manage/events/" + f.event.ID + "/payment-settings"
}

// Cancelling a paid ticket refunds by the event's policy: in full until
// N days before the start, nothing after; an organiser may refund in
// full whatever the policy; a refund is made once through Stripe
// (idempotency key), however often it is asked for.
func TestRefundsByPolicy(t *testing.T) {
	f := newFixture(t, true) // the event starts in 30 days
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})

	var set payments.PaymentSettings
	f.org.Get(t, f.settingsPath()).WantStatus(t, http.StatusOK).JSON(t, &set)
	if set.RefundUntilDaysBefore != nil {
		t.Errorf("a new event refunds: %+v", set)
	}
	wantField(t, f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 366, "invoices": "off"}), "refund_until_days_before")
	wantField(t, f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": -1, "invoices": "off"}), "refund_until_days_before")
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 1e20, "invoices": "off"}).WantStatus(t, http.StatusBadRequest)
	// A PUT replaces the whole policy: leaving invoices out is not "off".
	wantField(t, f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 7}), "invoices")
	f.put(t, f.mod, f.settingsPath(), map[string]any{"refund_until_days_before": 7, "invoices": "off"}).WantStatus(t, http.StatusForbidden)
	f.put(t, f.public, f.settingsPath(), map[string]any{"refund_until_days_before": 7, "invoices": "off"}).WantStatus(t, http.StatusUnauthorized)

	// Inside the policy (14 days before; the event is 30 days away): the
	// attendee cancels from their link and is refunded in full.
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 14, "invoices": "off"}).WantStatus(t, http.StatusOK)
	inside := f.buy(t, "inside@example.com", paid.ID)
	f.pay(t, inside, "pi_inside")
	if st := f.state(t, inside); st.RefundIfCancelled != 4500 {
		t.Errorf("refund if cancelled inside the policy: %d", st.RefundIfCancelled)
	}
	as(t, f.public, http.MethodPost, "/api/v1/registration/cancel", inside.token, nil).WantStatus(t, http.StatusOK)
	waitFor(t, "the refund made through Stripe", func() bool {
		return f.count(t, `SELECT count(*) FROM payments WHERE registration_id = $1 AND refund_amount = 4500
			AND stripe_refund_id IS NOT NULL`, inside.id) == 1 && f.messages(t, inside.id, "payment_refunded") == 1
	})
	if st := f.state(t, inside); st.Status != payments.PaymentRefunded || st.RefundedAmount != 4500 {
		t.Errorf("after the refund: %+v", st)
	}

	// Outside the policy (40 days before): cancelling refunds nothing...
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 40, "invoices": "off"}).WantStatus(t, http.StatusOK)
	outside := f.buy(t, "outside@example.com", paid.ID)
	f.pay(t, outside, "pi_outside")
	if st := f.state(t, outside); st.RefundIfCancelled != 0 {
		t.Errorf("refund if cancelled outside the policy: %d", st.RefundIfCancelled)
	}
	refund := "/api/v1/manage/events/" + f.event.ID + "/registrations/" + outside.id + "/refund"
	var st payments.PaymentState
	f.org.Post(t, refund, map[string]any{}).WantStatus(t, http.StatusOK).JSON(t, &st)
	if st.RefundedAmount != 0 || f.status(t, outside.id) != "cancelled" {
		t.Errorf("an organiser's refund by policy outside it: %+v, %s", st, f.status(t, outside.id))
	}
	// ...unless the organiser overrides it; asking again refunds no more.
	f.mod.Post(t, refund, map[string]any{"override_policy": true}).WantStatus(t, http.StatusForbidden)
	f.org.Post(t, refund, map[string]any{"override_policy": true}).WantStatus(t, http.StatusOK).JSON(t, &st)
	f.org.Post(t, refund, map[string]any{"override_policy": true}).WantStatus(t, http.StatusOK)
	if st.RefundedAmount != 4500 || st.Status != payments.PaymentRefunded {
		t.Errorf("an overriding refund: %+v", st)
	}
	waitFor(t, "the override made once", func() bool {
		return f.count(t, `SELECT count(*) FROM payments WHERE registration_id = $1 AND stripe_refund_id IS NOT NULL`, outside.id) == 1
	})

	// A refund made in Stripe's dashboard is recorded from charge.refunded.
	dash := f.buy(t, "dashboard@example.com", paid.ID)
	f.pay(t, dash, "pi_dashboard")
	payload, sig := event(t, "evt_refunded", "charge.refunded", map[string]any{"id": "ch_1", "object": "charge",
		"payment_intent": "pi_dashboard", "amount": 4500, "amount_refunded": 1500, "refunded": false})
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)
	if st := f.state(t, dash); st.RefundedAmount != 1500 || st.Status != payments.PaymentRefunded {
		t.Errorf("after a partial refund in the dashboard: %+v", st)
	}

	// Unpaid, unknown, another event's: refused.
	unpaid := f.buy(t, "unpaid@example.com", paid.ID)
	f.org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/registrations/"+unpaid.id+"/refund", map[string]any{}).WantStatus(t, http.StatusConflict)
	f.org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/registrations/not-a-uuid/refund", map[string]any{}).WantStatus(t, http.StatusNotFound)
	elsewhere := f.newEvent(t, "elsewhere", 0)
	f.org.Post(t, "/api/v1/manage/events/"+elsewhere.ID+"/registrations/"+dash.id+"/refund", map[string]any{}).WantStatus(t, http.StatusNotFound)

	// The organiser's list: every buyer, with the totals of all.
	var list payments.PaymentList
	f.org.Get(t, "/api/v1/manage/events/"+f.event.ID+"/payments?limit=2").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 2 || list.NextCursor == nil || list.Totals.Paid != 3*4500 || list.Totals.Refunded != 4500+4500+1500 ||
		list.Totals.Due != 4500 || *list.Totals.Currency != "GBP" {
		t.Errorf("payments list: %+v", list)
	}
	f.mod.Get(t, "/api/v1/manage/events/"+f.event.ID+"/payments").WantStatus(t, http.StatusForbidden)
}
