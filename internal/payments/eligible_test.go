package payments_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"plenary/internal/errs"
	"plenary/internal/payments"
)

// The server's own check of who may buy a ticket, for the registration
// flow: sectors, email domains, the sales window.
func TestEligible(t *testing.T) {
	f := newFixture(t, true)
	now := time.Now().UTC()
	anyone := f.createType(t, map[string]any{"name": "Anyone", "price": 0})
	sectors := f.createType(t, map[string]any{"name": "Public servants", "price": 0, "eligibility": "sectors",
		"sectors": []string{"central_government", "health_and_care"}})
	domains := f.createType(t, map[string]any{"name": "Government", "price": 0, "eligibility": "email_domains",
		"email_domains": []string{"gov.uk", "*.gov.scot"}})
	later := f.createType(t, map[string]any{"name": "Later", "price": 0, "sales_open_at": now.Add(time.Hour).Format(time.RFC3339)})
	closed := f.createType(t, map[string]any{"name": "Closed", "price": 0,
		"sales_open_at": now.Add(-2 * time.Hour).Format(time.RFC3339), "sales_close_at": now.Add(-time.Hour).Format(time.RFC3339)})
	for _, tt := range []struct {
		name          string
		typ           payments.TicketType
		email, sector string
		ok            bool
	}{
		{"anyone", anyone, "ada@example.com", "private_sector", true},
		{"a listed sector", sectors, "ada@example.com", "health_and_care", true},
		{"another sector", sectors, "ada@example.com", "private_sector", false},
		{"no sector", sectors, "ada@example.com", "", false},
		{"the domain", domains, "ada@gov.uk", "other", true},
		{"a subdomain", domains, "ada@cabinetoffice.GOV.UK", "other", true},
		{"a lookalike", domains, "ada@notgov.uk", "other", false},
		{"a wildcard's own domain", domains, "ada@gov.scot", "other", false},
		{"a wildcard's subdomain", domains, "ada@edinburgh.gov.scot", "other", true},
		{"not on sale yet", later, "ada@example.com", "other", false},
		{"no longer on sale", closed, "ada@example.com", "other", false},
		{"no such type", payments.TicketType{ID: "0d5f6a8e-1d7e-4a63-9b55-8c1e0f6f7a10"}, "ada@example.com", "other", false},
		{"not a type", payments.TicketType{ID: "x"}, "ada@example.com", "other", false},
	} {
		err := f.env.App.Payments.Eligible(context.Background(), tt.typ.ID, tt.email, tt.sector)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if v, isV := err.(errs.Validation); err != nil && (!isV || v["ticket_type_id"] == "") {
			t.Errorf("%s: %v is not a validation error of ticket_type_id", tt.name, err)
		}
	}
	var onSale payments.PublicTicketTypes
	f.public.Get(t, "/api/v1/events/"+f.event.Slug+"/ticket-types").WantStatus(t, http.StatusOK).JSON(t, &onSale)
	if len(onSale.Items) != 3 {
		t.Errorf("%d types on sale, want 3 (not the later or closed ones)", len(onSale.Items))
	}
}
