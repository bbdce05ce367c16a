// Package payments sells an event's tickets: its ticket types (a price in
// minor units of an ISO 4217 currency, 0 for free; who may buy one; how
// many; when they are on sale) and its promo codes (a percentage or an
// amount off, counted exactly under concurrency). Card payments go through
// Stripe (stripe-go v76, pointed at STRIPE_API_BASE in tests, where
// paymentstest runs stripe-mock); without STRIPE_SECRET_KEY only free
// tickets can be offered.
//
// It owns the ticket_types, promo_codes, promo_code_ticket_types,
// payments (one row per Checkout attempt), stripe_events (each webhook
// event once) and payment_settings (an event's refund policy) tables; it
// reads events through events.Service and registrations through the
// Registrations interface (registrations owns every change to a
// registration and its place), and gives registrations what a hold needs
// (ForSale, RedeemPromo, StartCheckout, RefundTx). Receipts and credit
// notes are issued by the receipts subpackage; paying by invoice is in
// invoice.go.
package payments

import (
	"net"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Eligibility says who may buy a ticket type.
type Eligibility string

// The eligibility rules.
const (
	EligibleAnyone  Eligibility = "anyone"
	EligibleSectors Eligibility = "sectors"       // registrants of the listed sectors
	EligibleDomains Eligibility = "email_domains" // registrants at the listed email domains
)

// Limits of what an organiser sets.
const (
	MaxPrice          = 99_999_999 // minor units: Stripe Checkout takes at most 8 digits
	MaxQuantity       = 100_000    // the most places an event may have
	MaxName           = 100
	MaxDescription    = 500
	MaxTypesPerEvent  = 50
	MaxCodesPerEvent  = 1000
	MaxDomains        = 50
	MaxPromoUses      = 1_000_000
	DefaultCurrency   = "GBP"
	maxDomainLength   = 253
	maxTicketTypeList = MaxTypesPerEvent
)

// TicketType is a ticket type as organisers see it.
type TicketType struct {
	ID           string      `json:"id"`
	EventID      string      `json:"event_id"`
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Price        int64       `json:"price"` // minor units; 0 is free
	Currency     string      `json:"currency"`
	Eligibility  Eligibility `json:"eligibility"`
	Sectors      []string    `json:"sectors"`
	EmailDomains []string    `json:"email_domains"`
	Quantity     *int        `json:"quantity"` // nil: as many as the event has places
	SalesOpenAt  *time.Time  `json:"sales_open_at"`
	SalesCloseAt *time.Time  `json:"sales_close_at"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// OnSaleAt says whether the type's sales window holds now.
func (t TicketType) OnSaleAt(now time.Time) bool {
	return (t.SalesOpenAt == nil || !now.Before(*t.SalesOpenAt)) && (t.SalesCloseAt == nil || now.Before(*t.SalesCloseAt))
}

// PublicTicketType is what the registration form shows of a type on sale:
// who may buy it (so the form offers only what a registrant may buy), not
// how many there are or when it was made.
type PublicTicketType struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Price        int64       `json:"price"`
	Currency     string      `json:"currency"`
	Eligibility  Eligibility `json:"eligibility"`
	Sectors      []string    `json:"sectors"`
	EmailDomains []string    `json:"email_domains"`
	SalesCloseAt *time.Time  `json:"sales_close_at"`
}

// Public is what anyone may see of t.
func (t TicketType) Public() PublicTicketType {
	return PublicTicketType{ID: t.ID, Name: t.Name, Description: t.Description, Price: t.Price, Currency: t.Currency,
		Eligibility: t.Eligibility, Sectors: t.Sectors, EmailDomains: t.EmailDomains, SalesCloseAt: t.SalesCloseAt}
}

// PublicTicketTypes are the types of a published event on sale now,
// cheapest first.
type PublicTicketTypes struct {
	Items []PublicTicketType `json:"items"`
	// Invoices says whether a buyer may pay by invoice instead of by card.
	Invoices bool `json:"invoices"`
}

// TicketTypeInput is what an organiser sends to create or replace a type.
// Currency defaults to GBP and eligibility to anyone.
type TicketTypeInput struct {
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	Price        int64       `json:"price"`
	Currency     string      `json:"currency"`
	Eligibility  Eligibility `json:"eligibility"`
	Sectors      []string    `json:"sectors"`
	EmailDomains []string    `json:"email_domains"`
	Quantity     *int        `json:"quantity"`
	SalesOpenAt  *time.Time  `json:"sales_open_at"`
	SalesCloseAt *time.Time  `json:"sales_close_at"`
}

// check normalises in (trims, upper-cases the currency, lower-cases the
// domains, fills the defaults) and says what is wrong with it. sectors are
// the registration form's sector values.
func (in *TicketTypeInput) check(sectors []string) error {
	v := errs.Validation{}
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxName || !plain(in.Name) {
		v.Add("name", "Name the ticket type in up to 100 characters, on one line.")
	}
	if utf8.RuneCountInString(in.Description) > MaxDescription || strings.ContainsRune(in.Description, 0) {
		v.Add("description", "Describe the ticket type in up to 500 characters.")
	}
	if in.Price < 0 || in.Price > MaxPrice {
		v.Add("price", "Give the price in minor units (pence for GBP) from 0 (free) to 99999999.")
	}
	in.Currency = normalCurrency(in.Currency)
	if !knownCurrency(in.Currency) {
		v.Add("currency", "Use a three-letter ISO 4217 currency that card payments take, such as GBP, EUR or USD.")
	}
	if in.Eligibility == "" {
		in.Eligibility = EligibleAnyone
	}
	in.Sectors, in.EmailDomains = orEmpty(in.Sectors), orEmpty(in.EmailDomains)
	checkEligibility(v, in, sectors)
	if in.Quantity != nil && (*in.Quantity < 1 || *in.Quantity > MaxQuantity) {
		v.Add("quantity", "Offer from 1 to 100000 tickets of this type, or leave it empty for as many as the event has places.")
	}
	checkTime(v, "sales_open_at", in.SalesOpenAt)
	checkTime(v, "sales_close_at", in.SalesCloseAt)
	if in.SalesOpenAt != nil && in.SalesCloseAt != nil && !in.SalesCloseAt.After(*in.SalesOpenAt) {
		v.Add("sales_close_at", "Close sales after they open.")
	}
	return v.Err()
}

// Times stay within the years 2000 to 2999, as an event's do.
var (
	earliestTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestTime   = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// checkTime accepts no time or one within the years 2000 to 2999.
func checkTime(v errs.Validation, field string, t *time.Time) {
	if t != nil && (t.Before(earliestTime) || !t.Before(latestTime)) {
		v.Add(field, "Use a time in the years 2000 to 2999.")
	}
}

// checkEligibility checks the eligibility rule and its list: sectors only
// for "sectors", domains only for "email_domains".
func checkEligibility(v errs.Validation, in *TicketTypeInput, sectors []string) {
	switch in.Eligibility {
	case EligibleAnyone:
	case EligibleSectors:
		if len(in.Sectors) == 0 {
			v.Add("sectors", "Choose at least one sector, or let anyone buy this ticket.")
		}
	case EligibleDomains:
		if len(in.EmailDomains) == 0 {
			v.Add("email_domains", "List at least one email domain, or let anyone buy this ticket.")
		}
	default:
		v.Add("eligibility", "Choose anyone, sectors or email_domains.")
	}
	if in.Eligibility != EligibleSectors && len(in.Sectors) > 0 {
		v.Add("sectors", "List sectors only when eligibility is sectors.")
	}
	if in.Eligibility != EligibleDomains && len(in.EmailDomains) > 0 {
		v.Add("email_domains", "List email domains only when eligibility is email_domains.")
	}
	seen := map[string]bool{}
	for _, s := range in.Sectors {
		if !slices.Contains(sectors, s) || seen[s] {
			v.Add("sectors", "Use each of the registration form's sectors at most once.")
		}
		seen[s] = true
	}
	if len(in.EmailDomains) > MaxDomains {
		v.Add("email_domains", "List at most 50 email domains.")
	}
	for i, d := range in.EmailDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		in.EmailDomains[i] = d
		if !validDomainPattern(d) || seen["@"+d] {
			v.Add("email_domains", "List each domain once, like gov.uk (it and its subdomains) or *.gov.scot (only its subdomains).")
		}
		seen["@"+d] = true
	}
}

// validDomainPattern accepts "gov.uk" and "*.gov.scot": labels of letters,
// digits and hyphens, at least two of them.
func validDomainPattern(p string) bool {
	p = strings.TrimPrefix(p, "*.")
	if len(p) > maxDomainLength || !strings.Contains(p, ".") || net.ParseIP(p) != nil {
		return false
	}
	for label := range strings.SplitSeq(p, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// domainMatches reports whether email's domain matches one of the
// patterns, as the registration form's approved domains do: "gov.uk"
// matches that domain and its subdomains; "*.gov.scot" only subdomains.
func domainMatches(email string, patterns []string) bool {
	at := strings.LastIndex(email, "@")
	if at < 0 {
		return false
	}
	domain := strings.ToLower(strings.TrimSpace(email[at+1:]))
	for _, p := range patterns {
		if sub, ok := strings.CutPrefix(p, "*."); ok {
			if strings.HasSuffix(domain, "."+sub) {
				return true
			}
		} else if domain == p || strings.HasSuffix(domain, "."+p) {
			return true
		}
	}
	return false
}

// plain refuses control characters in a one-line field.
func plain(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TicketTypeList is a page of an event's ticket types, for organisers.
type TicketTypeList struct {
	Items      []TicketType `json:"items"`
	NextCursor *string      `json:"next_cursor"`
}
