package payments

import (
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// stripeTimeout bounds one call to Stripe's API.
const stripeTimeout = 30 * time.Second

// NewStripe returns a Stripe client for the secret key, talking to
// apiBase (empty: Stripe's own API; tests give stripe-mock's). Each
// client has its own backends, never stripe-go's package globals, so two
// in one process (two test servers) do not share settings. Nil when the
// key is empty: card payments are off.
func NewStripe(secretKey, apiBase string) *client.API {
	if secretKey == "" {
		return nil
	}
	cfg := &stripe.BackendConfig{
		HTTPClient:        &http.Client{Timeout: stripeTimeout},
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull}, // errors are returned, and logged once by the caller
		MaxNetworkRetries: stripe.Int64(2),
	}
	if apiBase != "" {
		cfg.URL = stripe.String(apiBase)
	}
	backends := &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, cfg),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, cfg),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, cfg),
	}
	sc := &client.API{}
	sc.Init(secretKey, backends)
	return sc
}
