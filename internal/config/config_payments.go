package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// setStripeSecretKey takes a Stripe secret or restricted key.
func setStripeSecretKey(c *Config, v string) error {
	if v != "" && !strings.HasPrefix(v, "sk_") && !strings.HasPrefix(v, "rk_") {
		return errors.New("want a Stripe secret key (sk_live_…, sk_test_…) or restricted key (rk_…)")
	}
	c.StripeSecretKey = v
	return nil
}

// setStripeWebhookSecret takes a webhook endpoint's signing secret.
func setStripeWebhookSecret(c *Config, v string) error {
	if v != "" && !strings.HasPrefix(v, "whsec_") {
		return errors.New("want the webhook endpoint's signing secret (whsec_…)")
	}
	c.StripeWebhookSecret = v
	return nil
}

func setStripeAPIBase(c *Config, v string) error {
	if v == "" {
		c.StripeAPIBase = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("want an http(s) URL such as http://127.0.0.1:12111, got %q", v)
	}
	c.StripeAPIBase = strings.TrimRight(v, "/")
	return nil
}

// checkStripe catches Stripe options that cannot work together. The key
// and the webhook secret go together: payments are fulfilled from
// webhooks, so a key alone would take money and never confirm a ticket.
func (c *Config) checkStripe() error {
	var errs []error
	if (c.StripeSecretKey == "") != (c.StripeWebhookSecret == "") {
		errs = append(errs, errors.New("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together: set both or neither"))
	}
	if c.StripeAPIBase != "" && c.StripeSecretKey == "" {
		errs = append(errs, errors.New("STRIPE_API_BASE is set but STRIPE_SECRET_KEY is not"))
	}
	return errors.Join(errs...)
}
