package config_test

import (
	"strings"
	"testing"
)

func TestStripeOptions(t *testing.T) {
	cfg, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.StripeSecretKey != "" || cfg.StripeWebhookSecret != "" || cfg.StripeAPIBase != "" {
		t.Errorf("defaults: %q %q %q", cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase)
	}
	cfg, err = load(t, map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc123", "STRIPE_WEBHOOK_SECRET": "whsec_xyz789",
		"STRIPE_API_BASE": "http://127.0.0.1:12111/"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.StripeSecretKey != "sk_test_abc123" || cfg.StripeWebhookSecret != "whsec_xyz789" || cfg.StripeAPIBase != "http://127.0.0.1:12111" {
		t.Errorf("set: %q %q %q", cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase)
	}
	for _, v := range cfg.LogValues() {
		if s, ok := v.(string); ok && (strings.Contains(s, "abc123") || strings.Contains(s, "xyz789")) {
			t.Errorf("log values carry a Stripe secret: %v", cfg.LogValues())
		}
	}
}

func TestBadStripeOptionsAreNamed(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"STRIPE_SECRET_KEY": "pk_test_abc", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_SECRET_KEY"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_WEBHOOK_SECRET": "secret"}, "STRIPE_WEBHOOK_SECRET"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc"}, "STRIPE_WEBHOOK_SECRET go together"},
		{map[string]string{"STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_WEBHOOK_SECRET go together"},
		{map[string]string{"STRIPE_API_BASE": "http://127.0.0.1:12111"}, "STRIPE_SECRET_KEY is not"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_API_BASE": "127.0.0.1:12111"}, "STRIPE_API_BASE"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_API_BASE": "http://k@127.0.0.1:12111"}, "STRIPE_API_BASE"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_API_BASE": "https://api.stripe.com/v1"}, "STRIPE_API_BASE"},
	} {
		_, err := load(t, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%v: error %v, want one naming %s", tt.env, err, tt.name)
		}
	}
}
