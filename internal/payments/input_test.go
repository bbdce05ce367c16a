package payments

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

var formSectors = []string{"central_government", "local_government", "education", "other"}

// The branches of a ticket type's checks that the API tests do not reach.
func TestTicketTypeInputChecks(t *testing.T) {
	q := func(n int) *int { return &n }
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	manyDomains := make([]string, MaxDomains+1)
	for i := range manyDomains {
		manyDomains[i] = "d" + strings.Repeat("x", i) + ".gov.uk"
	}
	for _, tt := range []struct {
		name  string
		in    TicketTypeInput
		field string // "" when valid
	}{
		{"free, all defaults", TicketTypeInput{Name: "Free"}, ""},
		{"largest price", TicketTypeInput{Name: "A", Price: MaxPrice}, ""},
		{"lower-case currency with spaces", TicketTypeInput{Name: "A", Currency: " eur "}, ""},
		{"a name on two lines", TicketTypeInput{Name: "A\nB"}, "name"},
		{"101 characters of name", TicketTypeInput{Name: strings.Repeat("é", 101)}, "name"},
		{"100 characters of name", TicketTypeInput{Name: strings.Repeat("é", 100)}, ""},
		{"long description", TicketTypeInput{Name: "A", Description: strings.Repeat("x", 501)}, "description"},
		{"NUL in the description", TicketTypeInput{Name: "A", Description: "a\x00b"}, "description"},
		{"currency of four letters", TicketTypeInput{Name: "A", Currency: "GBPX"}, "currency"},
		{"a sector twice", TicketTypeInput{Name: "A", Eligibility: EligibleSectors, Sectors: []string{"education", "education"}}, "sectors"},
		{"domains for sectors", TicketTypeInput{Name: "A", Eligibility: EligibleSectors, Sectors: []string{"education"},
			EmailDomains: []string{"gov.uk"}}, "email_domains"},
		{"a domain twice, other case", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"gov.uk", "GOV.UK"}}, "email_domains"},
		{"too many domains", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: manyDomains}, "email_domains"},
		{"an IP address", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"10.0.0.1"}}, "email_domains"},
		{"a top-level domain alone", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"uk"}}, "email_domains"},
		{"a bare wildcard", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"*."}}, "email_domains"},
		{"an address, not a domain", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"ada@gov.uk"}}, "email_domains"},
		{"a label ending in a hyphen", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"council-.gov.uk"}}, "email_domains"},
		{"a wildcard domain", TicketTypeInput{Name: "A", Eligibility: EligibleDomains, EmailDomains: []string{"*.gov.scot"}}, ""},
		{"quantity past the most places", TicketTypeInput{Name: "A", Quantity: q(MaxQuantity + 1)}, "quantity"},
		{"closes as it opens", TicketTypeInput{Name: "A", SalesOpenAt: at("2030-01-01T00:00:00Z"), SalesCloseAt: at("2030-01-01T00:00:00Z")}, "sales_close_at"},
		{"year 1999", TicketTypeInput{Name: "A", SalesCloseAt: at("1999-12-31T23:59:59Z")}, "sales_close_at"},
	} {
		err := tt.in.check(formSectors)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field+":")):
			t.Errorf("%s: %v, want an error of %s", tt.name, err, tt.field)
		}
	}
}

// The rules that span an event's types, without a database.
func TestCheckWithOthers(t *testing.T) {
	q := func(n int) *int { return &n }
	for _, tt := range []struct {
		name     string
		in       TicketTypeInput
		others   typeTotals
		capacity *int
		adding   bool
		ok       bool
	}{
		{"the first type", TicketTypeInput{Currency: "GBP", Quantity: q(100)}, typeTotals{}, q(100), true, true},
		{"unlimited event", TicketTypeInput{Currency: "GBP", Quantity: q(100_000)}, typeTotals{Quantity: 5}, nil, true, true},
		{"no quantity on a full event", TicketTypeInput{Currency: "GBP"}, typeTotals{Quantity: 100}, q(100), true, true},
		{"one over", TicketTypeInput{Currency: "GBP", Quantity: q(1)}, typeTotals{Quantity: 100}, q(100), true, false},
		{"another currency", TicketTypeInput{Currency: "EUR"}, typeTotals{Count: 1, Currencies: []string{"GBP"}}, nil, true, false},
		{"the fifty-first", TicketTypeInput{Currency: "GBP"}, typeTotals{Count: MaxTypesPerEvent}, nil, true, false},
		{"replacing one of fifty", TicketTypeInput{Currency: "GBP"}, typeTotals{Count: MaxTypesPerEvent - 1}, nil, false, true},
	} {
		if err := checkWithOthers(tt.in, tt.others, tt.capacity, tt.adding); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// The branches of a promo code's checks that the API tests do not reach.
func TestPromoCodeInputChecks(t *testing.T) {
	pct := func(n int) *int { return &n }
	amt := func(n int64) *int64 { return &n }
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	many := make([]string, MaxTypesPerEvent+1)
	for i := range many {
		many[i] = uuid.NewString()
	}
	for _, tt := range []struct {
		name  string
		in    PromoCodeInput
		field string // "" when valid
	}{
		{"percentage", PromoCodeInput{Code: "EARLY", PercentOff: pct(100)}, ""},
		{"amount, trimmed code", PromoCodeInput{Code: " early_2030 ", AmountOff: amt(MaxPrice)}, ""},
		{"code too short", PromoCodeInput{Code: "AB", PercentOff: pct(5)}, "code"},
		{"code too long", PromoCodeInput{Code: strings.Repeat("A", 41), PercentOff: pct(5)}, "code"},
		{"code not ASCII", PromoCodeInput{Code: "ÉTÉ2030", PercentOff: pct(5)}, "code"},
		{"0 percent", PromoCodeInput{Code: "ZERO", PercentOff: pct(0)}, "percent_off"},
		{"amount past the largest price", PromoCodeInput{Code: "BIG", AmountOff: amt(MaxPrice + 1)}, "amount_off"},
		{"a million and one uses", PromoCodeInput{Code: "MANY", PercentOff: pct(5), MaxUses: pct(MaxPromoUses + 1)}, "max_uses"},
		{"expires in 3000", PromoCodeInput{Code: "LATE", PercentOff: pct(5), ExpiresAt: at("3000-01-01T00:00:00Z")}, "expires_at"},
		{"not a type id", PromoCodeInput{Code: "TYPE", PercentOff: pct(5), TicketTypeIDs: []string{"standard"}}, "ticket_type_ids"},
		{"more types than an event has", PromoCodeInput{Code: "TYPES", PercentOff: pct(5), TicketTypeIDs: many}, "ticket_type_ids"},
	} {
		err := tt.in.check()
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field+":")):
			t.Errorf("%s: %v, want an error of %s", tt.name, err, tt.field)
		}
	}
}
