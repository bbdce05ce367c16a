package payments_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/payments/paymentstest"
)

// stripeState stands in front of stripe-mock, which keeps no state (every
// session it reads back is open and unpaid), and answers a session's read
// as Stripe would once its buyer paid or it expired: the SDK and the
// response shapes are still stripe-mock's.
type stripeState struct {
	mu       sync.Mutex
	sessions map[string]map[string]any // id → fields to set
}

func (s *stripeState) set(id string, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = fields
}

func startStripeState(t *testing.T) (*stripeState, string) {
	mock := paymentstest.StartStripeMock(t)
	target, err := url.Parse(mock.URL)
	if err != nil {
		t.Fatal(err)
	}
	state := &stripeState{sessions: map[string]map[string]any{}}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		id, ok := strings.CutPrefix(resp.Request.URL.Path, "/v1/checkout/sessions/")
		state.mu.Lock()
		fields := state.sessions[id]
		state.mu.Unlock()
		if !ok || resp.Request.Method != http.MethodGet || fields == nil {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		var session map[string]any
		if err := json.Unmarshal(body, &session); err != nil {
			return err
		}
		for k, v := range fields {
			session[k] = v
		}
		body, _ = json.Marshal(session)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return state, srv.URL
}

// A lost webhook loses nothing: the reconciler asks Stripe about sessions
// still open past their expiry and settles them as Stripe says: one paid
// is confirmed (with its receipt), one expired is released; one Stripe
// still calls open is left for the next round.
func TestReconcileSettlesWhatTheWebhookMissed(t *testing.T) {
	state, base := startStripeState(t)
	cfg := apitest.Config(t)
	cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase = paymentstest.SecretKey, paymentstest.WebhookSecret, base
	env := apitest.NewWithConfig(t, cfg)
	f := fixture{env: env, org: env.SignedIn(t, accounts.RoleOrganiser), mod: env.SignedIn(t, accounts.RoleModerator), public: env.Client()}
	f.event = f.newEvent(t, "masterclass", 100)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 4500})
	payer, lapsed, open := f.buy(t, "payer@example.com", paid.ID), f.buy(t, "lapsed@example.com", paid.ID), f.buy(t, "open@example.com", paid.ID)
	state.set(f.sessionOf(t, payer.id), map[string]any{"status": "complete", "payment_status": "paid", "payment_intent": "pi_reconciled"})
	state.set(f.sessionOf(t, lapsed.id), map[string]any{"status": "expired", "payment_status": "unpaid"})
	// Their sessions ended three minutes ago, and no webhook came.
	if _, err := env.DB.Exec(t.Context(), `UPDATE payments SET expires_at = now() - interval '3 minutes'`); err != nil {
		t.Fatal(err)
	}
	if err := env.App.Payments.Reconcile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := f.status(t, payer.id); s != "confirmed" || f.messages(t, payer.id, "confirmation") != 1 || len(f.state(t, payer).Documents) != 1 {
		t.Errorf("a paid session the webhook missed: %s", s)
	}
	if s := f.status(t, lapsed.id); s != "cancelled" || f.messages(t, lapsed.id, "hold_released") != 1 {
		t.Errorf("an expired session the webhook missed: %s", s)
	}
	if s := f.status(t, open.id); s != "pending_payment" {
		t.Errorf("a session Stripe calls open: %s", s)
	}
	// Again: nothing more happens.
	if err := env.App.Payments.Reconcile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if f.messages(t, payer.id, "confirmation") != 1 || f.count(t, `SELECT count(*) FROM payments WHERE status = 'paid'`) != 1 {
		t.Error("reconciling twice settled twice")
	}
}
