package payments_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/payments"
	"plenary/internal/payments/paymentstest"
)

// fixture is the whole server (with Stripe pointed at stripe-mock unless
// asked otherwise), a published event of 100 places, an organiser, a
// moderator and a member of the public.
type fixture struct {
	env      *apitest.Env
	org, mod *apitest.Client
	public   *apitest.Client
	event    events.Detail
}

func newFixture(t *testing.T, withStripe bool) fixture {
	t.Helper()
	cfg := apitest.Config(t)
	if withStripe {
		mock := paymentstest.StartStripeMock(t)
		cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase = paymentstest.SecretKey, paymentstest.WebhookSecret, mock.URL
	}
	env := apitest.NewWithConfig(t, cfg)
	f := fixture{env: env, org: env.SignedIn(t, accounts.RoleOrganiser), mod: env.SignedIn(t, accounts.RoleModerator), public: env.Client()}
	f.event = f.newEvent(t, "masterclass", 100)
	return f
}

// newEvent creates and publishes an event a month ahead (capacity 0: unlimited).
func (f fixture) newEvent(t *testing.T, slug string, capacity int) events.Detail {
	t.Helper()
	body := map[string]any{"slug": slug, "title": "Prevention masterclass",
		"starts_at": time.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute).Format(time.RFC3339), "duration_minutes": 90,
		"timezone": "Europe/London"}
	if capacity > 0 {
		body["capacity"] = capacity
	}
	var e events.Detail
	f.org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusCreated).JSON(t, &e)
	f.org.Post(t, "/api/v1/manage/events/"+e.ID+"/publish", nil).WantStatus(t, http.StatusOK).JSON(t, &e)
	return e
}

func (f fixture) types() string  { return "/api/v1/manage/events/" + f.event.ID + "/ticket-types" }
func (f fixture) promos() string { return "/api/v1/manage/events/" + f.event.ID + "/promo-codes" }

// createType adds a ticket type and returns it.
func (f fixture) createType(t *testing.T, body map[string]any) payments.TicketType {
	t.Helper()
	var tt payments.TicketType
	f.org.Post(t, f.types(), body).WantStatus(t, http.StatusCreated).JSON(t, &tt)
	return tt
}

// createPromo adds a promo code and returns it.
func (f fixture) createPromo(t *testing.T, body map[string]any) payments.PromoCode {
	t.Helper()
	var p payments.PromoCode
	f.org.Post(t, f.promos(), body).WantStatus(t, http.StatusCreated).JSON(t, &p)
	return p
}

// put replaces what path names.
func (f fixture) put(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: body})
}

// count runs a count query.
func (f fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.env.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantField fails unless r is a 422 naming field.
func wantField(t *testing.T, r *apitest.Response, field string) {
	t.Helper()
	r.WantStatus(t, http.StatusUnprocessableEntity)
	if p := r.Problem(t); p.Errors[field] == "" {
		t.Errorf("422 without a message for %s: %s", field, r.Body)
	}
}
