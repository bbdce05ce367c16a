package payments_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/apitest"
)

// registration is what the database holds of a registrant's ticket.
type registration struct {
	Status   string
	Amount   int64
	Currency *string
	Hold     *time.Time
	Promo    *string
}

var nextIP atomic.Int32

// registrant posts the registration form with a ticket (and a code).
func (f fixture) registrant(t *testing.T, slug, email string, extra map[string]any) *apitest.Response {
	t.Helper()
	body := map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": email, "sector": "private_sector"}
	for k, v := range extra {
		body[k] = v
	}
	c := f.env.Client()
	n := 1000 + nextIP.Add(1) // one loopback IP each, under the per-IP limit
	c.From(fmt.Sprintf("127.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	return c.Post(t, "/api/v1/events/"+slug+"/registrations", body)
}

func (f fixture) registration(t *testing.T, email string) registration {
	t.Helper()
	var r registration
	err := f.env.DB.QueryRow(context.Background(), `SELECT status, amount, currency, hold_expires_at, promo_code_id::text
		FROM registrations WHERE email = $1 AND status <> 'cancelled'`, email).Scan(&r.Status, &r.Amount, &r.Currency, &r.Hold, &r.Promo)
	if err != nil {
		t.Fatalf("registration of %s: %v", email, err)
	}
	return r
}

func (f fixture) registrationID(t *testing.T, email string) string {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// A priced ticket holds its place for 30 minutes as pending_payment,
// counted against capacity, with its promo code's use; a free one
// confirms; cancelling the hold gives the code back and the place to the
// next in line, who is held in turn (they owe money too).
func TestHoldsStory(t *testing.T) {
	f := newFixture(t, true)
	event := f.newEvent(t, "small-masterclass", 2)
	f.event = event
	free := f.createType(t, map[string]any{"name": "Public servants", "price": 0})
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	scots := f.createType(t, map[string]any{"name": "Scottish councils", "price": 1000, "eligibility": "email_domains",
		"email_domains": []string{"gov.scot"}})
	promo := f.createPromo(t, map[string]any{"code": "HALF", "percent_off": 50, "max_uses": 1})

	wantField(t, f.registrant(t, event.Slug, "none@example.com", nil), "ticket_type_id")
	wantField(t, f.registrant(t, event.Slug, "scot@example.com", map[string]any{"ticket_type_id": scots.ID}), "ticket_type_id")
	wantField(t, f.registrant(t, event.Slug, "other@example.com", map[string]any{"ticket_type_id": "7d1f3c1e-4a39-4bb7-9f4a-0f4a5e1d2c3b"}), "ticket_type_id")
	wantField(t, f.registrant(t, event.Slug, "code@example.com", map[string]any{"ticket_type_id": paid.ID, "promo_code": "NOPE"}), "promo_code")

	f.registrant(t, event.Slug, "free@example.com", map[string]any{"ticket_type_id": free.ID}).WantStatus(t, http.StatusAccepted)
	if r := f.registration(t, "free@example.com"); r.Status != "confirmed" || r.Amount != 0 || r.Hold != nil {
		t.Errorf("a free ticket: %+v", r)
	}
	before := time.Now()
	f.registrant(t, event.Slug, "held@example.com", map[string]any{"ticket_type_id": paid.ID, "promo_code": "half"}).
		WantStatus(t, http.StatusAccepted)
	held := f.registration(t, "held@example.com")
	if held.Status != "pending_payment" || held.Amount != 2250 || *held.Currency != "GBP" || held.Promo == nil || *held.Promo != promo.ID {
		t.Errorf("a priced ticket with half off: %+v", held)
	}
	if held.Hold == nil || held.Hold.Before(before.Add(29*time.Minute)) || held.Hold.After(time.Now().Add(31*time.Minute)) {
		t.Errorf("held until %v, want 30 minutes from now", held.Hold)
	}
	if n := f.count(t, `SELECT uses FROM promo_codes WHERE id = $1`, promo.ID); n != 1 {
		t.Errorf("promo uses %d after the hold, want 1", n)
	}
	// The code is used up: the next buyer is told, and nothing is written.
	wantField(t, f.registrant(t, event.Slug, "late@example.com", map[string]any{"ticket_type_id": paid.ID, "promo_code": "HALF"}), "promo_code")

	// The last place is held: the next registrant waits.
	f.registrant(t, event.Slug, "waiting@example.com", map[string]any{"ticket_type_id": paid.ID}).WantStatus(t, http.StatusAccepted)
	if r := f.registration(t, "waiting@example.com"); r.Status != "waitlisted" || r.Amount != 4500 || r.Hold != nil {
		t.Errorf("after the last place was held: %+v", r)
	}
	var counts struct {
		Confirmed      int `json:"confirmed"`
		Waitlisted     int `json:"waitlisted"`
		PendingPayment int `json:"pending_payment"`
	}
	f.org.Get(t, "/api/v1/manage/events/"+event.ID+"/registration-counts").WantStatus(t, http.StatusOK).JSON(t, &counts)
	if counts.Confirmed != 1 || counts.PendingPayment != 1 || counts.Waitlisted != 1 {
		t.Errorf("counts %+v", counts)
	}

	// Cancelling the hold unpaid gives the code back, and the place to the
	// next in line, held in turn for 30 minutes (they owe money too).
	f.org.Post(t, "/api/v1/manage/events/"+event.ID+"/registrations/"+f.registrationID(t, "held@example.com")+"/cancel", nil).
		WantStatus(t, http.StatusOK)
	if n := f.count(t, `SELECT uses FROM promo_codes WHERE id = $1`, promo.ID); n != 0 {
		t.Errorf("promo uses %d after the hold was cancelled, want 0", n)
	}
	if r := f.registration(t, "waiting@example.com"); r.Status != "pending_payment" || r.Hold == nil {
		t.Errorf("promoted into the freed place: %+v", r)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE registration_id = $1 AND kind IN ('waitlisted', 'payment_due')`,
		f.registrationID(t, "waiting@example.com")); n != 2 {
		t.Errorf("%d messages to the promoted hold, want the waitlisted one and how to pay", n)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE registration_id = $1 AND kind = 'promoted'`,
		f.registrationID(t, "waiting@example.com")); n != 0 {
		t.Errorf("a hold was told its place is confirmed")
	}
}

// A type's quantity bounds its registrations, and an event without ticket
// types refuses a ticket.
func TestHoldsQuantityAndFreeEvents(t *testing.T) {
	f := newFixture(t, true)
	one := f.createType(t, map[string]any{"name": "Front row", "price": 9900, "quantity": 1})
	f.registrant(t, f.event.Slug, "first@example.com", map[string]any{"ticket_type_id": one.ID}).WantStatus(t, http.StatusAccepted)
	f.registrant(t, f.event.Slug, "second@example.com", map[string]any{"ticket_type_id": one.ID}).WantStatus(t, http.StatusConflict)
	// A repeat of a registered email changes nothing and counts no code.
	f.registrant(t, f.event.Slug, "first@example.com", map[string]any{"ticket_type_id": one.ID}).WantStatus(t, http.StatusAccepted)
	if n := f.count(t, `SELECT count(*) FROM registrations WHERE event_id = $1`, f.event.ID); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}

	plain := f.newEvent(t, "free-webinar", 10)
	wantField(t, f.registrant(t, plain.Slug, "x@example.com", map[string]any{"ticket_type_id": one.ID}), "ticket_type_id")
	f.registrant(t, plain.Slug, "x@example.com", nil).WantStatus(t, http.StatusAccepted)
}

// 50 buyers for the last 5 places at once: exactly 5 holds, the rest wait;
// a code of 3 uses gives exactly 3 discounts among them.
func TestHoldsUnderConcurrency(t *testing.T) {
	f := newFixture(t, true)
	f.event = f.newEvent(t, "last-seats", 5)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	f.createPromo(t, map[string]any{"code": "FEW", "amount_off": 1000, "max_uses": 3})
	var wg sync.WaitGroup
	statuses := make([]int, 50)
	for i := range 50 {
		wg.Go(func() {
			extra := map[string]any{"ticket_type_id": paid.ID}
			if i%2 == 0 {
				extra["promo_code"] = "FEW"
			}
			statuses[i] = f.registrant(t, f.event.Slug, fmt.Sprintf("buyer%d@example.com", i), extra).Status
		})
	}
	wg.Wait()
	codeRefused := 0
	for _, s := range statuses {
		if s == http.StatusUnprocessableEntity {
			codeRefused++
		} else if s != http.StatusAccepted {
			t.Errorf("status %d", s)
		}
	}
	holds := f.count(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'pending_payment'`, f.event.ID)
	waiting := f.count(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted'`, f.event.ID)
	discounted := f.count(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND amount = 3500`, f.event.ID)
	if holds != 5 || holds+waiting != 50-codeRefused || discounted != 3 || codeRefused != 22 {
		t.Errorf("holds %d, waiting %d, discounted %d, code refused %d; want 5 holds, 3 discounts, 22 refused", holds, waiting, discounted, codeRefused)
	}
	if n := f.count(t, `SELECT count(*) FROM seats WHERE event_id = $1 AND registration_id IS NULL`, f.event.ID); n != 0 {
		t.Errorf("%d seats free", n)
	}
}

// 200 buyers start checkout for the last 10 places at once: exactly 10
// holds, each with its Checkout Session, the rest waitlisted. Five holds
// end unpaid: the release job (every 15 s) gives their places to the
// next five in line, held in turn, within 60 s.
func TestLastTenPlaces(t *testing.T) {
	f := newFixture(t, true)
	f.event = f.newEvent(t, "last-ten", 10)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			f.registrant(t, f.event.Slug, fmt.Sprintf("buyer%d@example.com", i), map[string]any{"ticket_type_id": paid.ID}).
				WantStatus(t, http.StatusAccepted)
		})
	}
	wg.Wait()
	byStatus := func(status string) int {
		return f.count(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND status = $2`, f.event.ID, status)
	}
	if holds, waiting := byStatus("pending_payment"), byStatus("waitlisted"); holds != 10 || waiting != 190 {
		t.Fatalf("%d holds and %d waiting, want 10 and 190", holds, waiting)
	}
	if n := f.count(t, `SELECT count(*) FROM payments p JOIN registrations r ON r.id = p.registration_id
		WHERE r.event_id = $1 AND r.status = 'pending_payment' AND p.stripe_session_id IS NOT NULL`, f.event.ID); n != 10 {
		t.Errorf("%d holds with a Checkout Session, want 10", n)
	}
	if _, err := f.env.DB.Exec(context.Background(), `UPDATE registrations SET hold_expires_at = now() - interval '1 second'
		WHERE id IN (SELECT id FROM registrations WHERE event_id = $1 AND status = 'pending_payment' ORDER BY id LIMIT 5)`,
		f.event.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "five holds released and five promoted", func() bool {
		return byStatus("cancelled") == 5 && byStatus("pending_payment") == 10 && byStatus("waitlisted") == 185
	})
	if n := f.count(t, `SELECT count(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id
		WHERE r.event_id = $1 AND r.status = 'pending_payment' AND o.kind = 'payment_due'`, f.event.ID); n != 10 {
		t.Errorf("%d holds told how to pay, want 10", n)
	}
}
