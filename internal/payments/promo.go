package payments

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"plenary/internal/errs"
)

// PromoCode is a promo code as organisers see it. Exactly one of
// PercentOff and AmountOff is set; AmountOff is in minor units of Currency.
type PromoCode struct {
	ID            string     `json:"id"`
	EventID       string     `json:"event_id"`
	Code          string     `json:"code"`
	PercentOff    *int       `json:"percent_off"`
	AmountOff     *int64     `json:"amount_off"`
	Currency      string     `json:"currency"`
	MaxUses       *int       `json:"max_uses"` // nil: no limit
	Uses          int        `json:"uses"`
	ExpiresAt     *time.Time `json:"expires_at"`
	TicketTypeIDs []string   `json:"ticket_type_ids"` // empty: every type of the event
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// PromoCodeInput is what an organiser sends to create or replace a code.
type PromoCodeInput struct {
	Code          string     `json:"code"`
	PercentOff    *int       `json:"percent_off"`
	AmountOff     *int64     `json:"amount_off"`
	Currency      string     `json:"currency"`
	MaxUses       *int       `json:"max_uses"`
	ExpiresAt     *time.Time `json:"expires_at"`
	TicketTypeIDs []string   `json:"ticket_type_ids"`
}

var promoCodePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{3,40}$`)

// check normalises in and says what is wrong with it.
func (in *PromoCodeInput) check() error {
	v := errs.Validation{}
	in.Code = strings.TrimSpace(in.Code)
	if !promoCodePattern.MatchString(in.Code) {
		v.Add("code", "Use 3 to 40 letters, digits, hyphens or underscores.")
	}
	switch {
	case (in.PercentOff == nil) == (in.AmountOff == nil):
		v.Add("percent_off", "Give either a percentage off or an amount off, not both.")
	case in.PercentOff != nil && (*in.PercentOff < 1 || *in.PercentOff > 100):
		v.Add("percent_off", "Take 1 to 100 percent off.")
	case in.AmountOff != nil && (*in.AmountOff < 1 || *in.AmountOff > MaxPrice):
		v.Add("amount_off", "Take 1 to 99999999 minor units (pence for GBP) off.")
	}
	in.Currency = normalCurrency(in.Currency)
	if !knownCurrency(in.Currency) {
		v.Add("currency", "Use a three-letter ISO 4217 currency that card payments take, such as GBP, EUR or USD.")
	}
	if in.MaxUses != nil && (*in.MaxUses < 1 || *in.MaxUses > MaxPromoUses) {
		v.Add("max_uses", "Allow 1 to 1000000 uses, or leave it empty for no limit.")
	}
	checkTime(v, "expires_at", in.ExpiresAt)
	in.TicketTypeIDs = orEmpty(in.TicketTypeIDs)
	if len(in.TicketTypeIDs) > MaxTypesPerEvent {
		v.Add("ticket_type_ids", "List at most 50 ticket types.")
	}
	for i, id := range in.TicketTypeIDs {
		if uuid.Validate(id) != nil || slices.Contains(in.TicketTypeIDs[:i], id) {
			v.Add("ticket_type_ids", "List each of this event's ticket types at most once.")
		}
	}
	return v.Err()
}

// Discount is what a redeemed promo code takes off one ticket.
type Discount struct {
	PromoCodeID string `json:"promo_code_id"`
	PercentOff  int    `json:"percent_off"` // 0 when AmountOff is set
	AmountOff   int64  `json:"amount_off"`  // minor units of the ticket's currency
}

// Price is what a ticket of type t costs with discount d (nil: none):
// never below 0. A percentage is taken off rounded to the nearest minor
// unit, halves up.
func Price(t TicketType, d *Discount) int64 {
	price := t.Price
	if d == nil {
		return price
	}
	if d.PercentOff > 0 {
		price -= (t.Price*int64(min(d.PercentOff, 100)) + 50) / 100
	} else {
		price -= d.AmountOff
	}
	return max(price, 0)
}

// PromoError says why a promo code cannot be used: a validation error on
// the promo_code field.
type PromoError struct{ message string }

func (e *PromoError) Error() string { return "promo code: " + e.message }

// Unwrap makes it a validation error of the promo_code field.
func (e *PromoError) Unwrap() error { return errs.Validation{"promo_code": e.message} }

// Why a promo code cannot be used.
var (
	ErrPromoUnknown    = &PromoError{"This promo code is not valid for this event."}
	ErrPromoExpired    = &PromoError{"This promo code has expired."}
	ErrPromoUsedUp     = &PromoError{"This promo code has been used as many times as it may be."}
	ErrPromoNotForType = &PromoError{"This promo code does not apply to this ticket."}
)
