package payments

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// PromoCodes returns a page of the event's promo codes, oldest first.
func (s *Service) PromoCodes(ctx context.Context, eventID string, r page.Request) (page.Page[PromoCode], error) {
	q, err := page.ReadUnfiltered[createdKey]("promo-codes", r)
	if err != nil {
		return page.Page[PromoCode]{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return page.Page[PromoCode]{}, err
	}
	return promosPage(ctx, s.db, eventID, q)
}

// CreatePromoCode adds a promo code to the event.
func (s *Service) CreatePromoCode(ctx context.Context, eventID string, in PromoCodeInput) (PromoCode, error) {
	return s.savePromo(ctx, eventID, "", in)
}

// UpdatePromoCode replaces a promo code of the event; its uses so far stay.
func (s *Service) UpdatePromoCode(ctx context.Context, eventID, codeID string, in PromoCodeInput) (PromoCode, error) {
	if _, err := promoByID(ctx, s.db, eventID, codeID); err != nil {
		return PromoCode{}, err
	}
	return s.savePromo(ctx, eventID, codeID, in)
}

// savePromo creates (codeID "") or replaces a code in one transaction
// under the event's lock, so its ticket types cannot go meanwhile.
func (s *Service) savePromo(ctx context.Context, eventID, codeID string, in PromoCodeInput) (PromoCode, error) {
	if err := in.check(); err != nil {
		return PromoCode{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return PromoCode{}, err
	}
	var saved PromoCode
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := lockEventTypes(ctx, tx, eventID); err != nil {
			return err
		}
		if err := checkPromoTypes(ctx, tx, eventID, in); err != nil {
			return err
		}
		id := codeID
		if id == "" {
			n, err := countPromos(ctx, tx, eventID)
			if err != nil {
				return err
			}
			if n >= MaxCodesPerEvent {
				return errs.Publicf(errs.ErrConflict, "An event has at most %d promo codes.", MaxCodesPerEvent)
			}
			if id, err = insertPromo(ctx, tx, eventID, in); err != nil {
				return err
			}
		} else if err := updatePromo(ctx, tx, eventID, id, in); err != nil {
			return err
		}
		var err error
		saved, err = promoByID(ctx, tx, eventID, id)
		return err
	})
	return saved, err
}

// DeletePromoCode removes a promo code of the event.
func (s *Service) DeletePromoCode(ctx context.Context, eventID, codeID string) error {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return err
	}
	return deletePromo(ctx, s.db, eventID, codeID)
}

// RedeemPromo counts one use of the event's promo code for a ticket of
// the type, in the caller's transaction (the one that holds the seat),
// and returns what it takes off. It never counts more uses than the code
// allows, however many buyers redeem it at once; a code that cannot be
// used is a *PromoError (ErrPromoUnknown, ErrPromoExpired, ErrPromoUsedUp,
// ErrPromoNotForType). Rolling the transaction back gives the use back.
func (s *Service) RedeemPromo(ctx context.Context, tx pgx.Tx, eventID, code, ticketTypeID string) (Discount, error) {
	code = strings.TrimSpace(code)
	if !promoCodePattern.MatchString(code) {
		return Discount{}, ErrPromoUnknown
	}
	t, err := ticketType(ctx, tx, eventID, ticketTypeID)
	if err != nil {
		return Discount{}, errs.Validation{"ticket_type_id": "Choose one of this event's tickets."}
	}
	now := s.now()
	d, ok, err := redeem(ctx, tx, eventID, code, t, now)
	if err != nil || ok {
		return d, err
	}
	return Discount{}, whyNotRedeemed(ctx, tx, eventID, code, t, now)
}

// ReleasePromo gives back the use a hold counted, in the caller's
// transaction (the one that releases the hold).
func (s *Service) ReleasePromo(ctx context.Context, tx pgx.Tx, promoCodeID string) error {
	return release(ctx, tx, promoCodeID)
}
