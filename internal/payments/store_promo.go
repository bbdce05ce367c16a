package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// promoColumns read a promo code with the types it is limited to.
const promoColumns = `p.id::text, p.event_id::text, p.code, p.percent_off, p.amount_off, p.currency, p.max_uses, p.uses,
	p.expires_at, p.created_at, p.updated_at,
	ARRAY(SELECT l.ticket_type_id::text FROM promo_code_ticket_types l WHERE l.promo_code_id = p.id ORDER BY l.ticket_type_id)`

func scanPromo(r pgx.CollectableRow) (PromoCode, error) {
	var p PromoCode
	err := r.Scan(&p.ID, &p.EventID, &p.Code, &p.PercentOff, &p.AmountOff, &p.Currency, &p.MaxUses, &p.Uses,
		&p.ExpiresAt, &p.CreatedAt, &p.UpdatedAt, &p.TicketTypeIDs)
	return p, err
}

func promoByID(ctx context.Context, db postgres.DB, eventID, id string) (PromoCode, error) {
	if uuid.Validate(id) != nil || uuid.Validate(eventID) != nil {
		return PromoCode{}, errs.Publicf(errs.ErrNotFound, "No such promo code.")
	}
	rows, _ := db.Query(ctx, `SELECT `+promoColumns+` FROM promo_codes p WHERE p.event_id = $1 AND p.id = $2`, eventID, id)
	p, err := pgx.CollectExactlyOneRow(rows, scanPromo)
	if errors.Is(err, pgx.ErrNoRows) {
		return PromoCode{}, errs.Publicf(errs.ErrNotFound, "No such promo code.")
	}
	if err != nil {
		return PromoCode{}, fmt.Errorf("payments: read promo code %s: %w", id, err)
	}
	return p, nil
}

// countPromos counts the event's promo codes.
func countPromos(ctx context.Context, db postgres.DB, eventID string) (int, error) {
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM promo_codes WHERE event_id = $1`, eventID).Scan(&n); err != nil {
		return 0, fmt.Errorf("payments: count promo codes of %s: %w", eventID, err)
	}
	return n, nil
}

// checkPromoTypes says whether every listed type is the event's, and, for
// an amount off, priced in the code's currency.
func checkPromoTypes(ctx context.Context, db postgres.DB, eventID string, in PromoCodeInput) error {
	if len(in.TicketTypeIDs) == 0 {
		return nil
	}
	var found, otherCurrency int
	err := db.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE currency <> $3)
		FROM ticket_types WHERE event_id = $1 AND id = ANY ($2::uuid[])`, eventID, in.TicketTypeIDs, in.Currency).
		Scan(&found, &otherCurrency)
	if err != nil {
		return fmt.Errorf("payments: ticket types of a promo code: %w", err)
	}
	if found != len(in.TicketTypeIDs) {
		return errs.Validation{"ticket_type_ids": "List only this event's ticket types."}
	}
	if in.AmountOff != nil && otherCurrency > 0 {
		return errs.Validation{"currency": "An amount off is in the currency of the tickets it applies to."}
	}
	return nil
}

// insertPromo stores a new code with the types it is limited to.
func insertPromo(ctx context.Context, tx pgx.Tx, eventID string, in PromoCodeInput) (string, error) {
	var id string
	err := tx.QueryRow(ctx, `INSERT INTO promo_codes (event_id, code, percent_off, amount_off, currency, max_uses, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
		eventID, in.Code, in.PercentOff, in.AmountOff, in.Currency, in.MaxUses, in.ExpiresAt).Scan(&id)
	if err != nil {
		return "", promoWriteError(err)
	}
	return id, setPromoTypes(ctx, tx, eventID, id, in.TicketTypeIDs)
}

// updatePromo replaces a code; its uses stay. A limit below the uses
// already counted is refused.
func updatePromo(ctx context.Context, tx pgx.Tx, eventID, id string, in PromoCodeInput) error {
	var uses int
	err := tx.QueryRow(ctx, `SELECT uses FROM promo_codes WHERE event_id = $1 AND id = $2 FOR UPDATE`, eventID, id).Scan(&uses)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.Publicf(errs.ErrNotFound, "No such promo code.")
	}
	if err != nil {
		return fmt.Errorf("payments: lock promo code %s: %w", id, err)
	}
	if in.MaxUses != nil && *in.MaxUses < uses {
		return errs.Validation{"max_uses": fmt.Sprintf("This code has been used %d times already: allow at least that many.", uses)}
	}
	_, err = tx.Exec(ctx, `UPDATE promo_codes SET code = $3, percent_off = $4, amount_off = $5, currency = $6, max_uses = $7,
			expires_at = $8, updated_at = now()
		WHERE event_id = $1 AND id = $2`, eventID, id, in.Code, in.PercentOff, in.AmountOff, in.Currency, in.MaxUses, in.ExpiresAt)
	if err != nil {
		return promoWriteError(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM promo_code_ticket_types WHERE promo_code_id = $1`, id); err != nil {
		return fmt.Errorf("payments: clear the ticket types of promo code %s: %w", id, err)
	}
	return setPromoTypes(ctx, tx, eventID, id, in.TicketTypeIDs)
}

func setPromoTypes(ctx context.Context, tx pgx.Tx, eventID, id string, typeIDs []string) error {
	if len(typeIDs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO promo_code_ticket_types (event_id, promo_code_id, ticket_type_id)
		SELECT $1, $2, unnest($3::uuid[])`, eventID, id, typeIDs)
	if err != nil {
		return fmt.Errorf("payments: limit promo code %s to its ticket types: %w", id, postgres.MapError(err))
	}
	return nil
}

// promoWriteError names the field a refused write broke.
func promoWriteError(err error) error {
	if postgres.ConstraintName(err) == "promo_codes_event_code_key" {
		return errs.Validation{"code": "This event has this code already (codes are matched whatever their case)."}
	}
	return fmt.Errorf("payments: save a promo code: %w", postgres.MapError(err))
}

func deletePromo(ctx context.Context, db postgres.DB, eventID, id string) error {
	if uuid.Validate(id) != nil || uuid.Validate(eventID) != nil {
		return errs.Publicf(errs.ErrNotFound, "No such promo code.")
	}
	tag, err := db.Exec(ctx, `DELETE FROM promo_codes WHERE event_id = $1 AND id = $2`, eventID, id)
	if err != nil {
		return fmt.Errorf("payments: delete promo code %s: %w", id, postgres.MapError(err))
	}
	if tag.RowsAffected() == 0 {
		return errs.Publicf(errs.ErrNotFound, "No such promo code.")
	}
	return nil
}

// promosPage reads a page of the event's codes, oldest first.
func promosPage(ctx context.Context, db postgres.DB, eventID string, q page.Query[createdKey]) (page.Page[PromoCode], error) {
	at, id := after(q.After)
	rows, _ := db.Query(ctx, `SELECT `+promoColumns+` FROM promo_codes p
		WHERE p.event_id = $1 AND ($2::timestamptz IS NULL OR (p.created_at, p.id) > ($2, $3::uuid))
		ORDER BY p.created_at, p.id LIMIT $4`, eventID, at, id, q.Fetch())
	list, err := pgx.CollectRows(rows, scanPromo)
	if err != nil {
		return page.Page[PromoCode]{}, fmt.Errorf("payments: promo codes of %s: %w", eventID, err)
	}
	return page.Of(q, list, func(p PromoCode) createdKey { return createdKey{At: p.CreatedAt, ID: p.ID} }), nil
}

// redeem counts one use of the event's code for a ticket of type t, in
// one conditional UPDATE: under any concurrency no more uses are counted
// than the code allows, as a waiting UPDATE sees the count the one before
// it committed.
func redeem(ctx context.Context, tx pgx.Tx, eventID, code string, t TicketType, now time.Time) (Discount, bool, error) {
	var d Discount
	var percent *int
	var amount *int64
	err := tx.QueryRow(ctx, `UPDATE promo_codes p SET uses = uses + 1
		WHERE p.event_id = $1 AND lower(p.code) = lower($2)
			AND (p.max_uses IS NULL OR p.uses < p.max_uses)
			AND (p.expires_at IS NULL OR p.expires_at > $4)
			AND (p.amount_off IS NULL OR p.currency = $5)
			AND (NOT EXISTS (SELECT 1 FROM promo_code_ticket_types l WHERE l.promo_code_id = p.id)
				OR EXISTS (SELECT 1 FROM promo_code_ticket_types l WHERE l.promo_code_id = p.id AND l.ticket_type_id = $3))
		RETURNING p.id::text, p.percent_off, p.amount_off`, eventID, code, t.ID, now, t.Currency).Scan(&d.PromoCodeID, &percent, &amount)
	if errors.Is(err, pgx.ErrNoRows) {
		return Discount{}, false, nil
	}
	if err != nil {
		return Discount{}, false, fmt.Errorf("payments: redeem a promo code: %w", postgres.MapError(err))
	}
	if percent != nil {
		d.PercentOff = *percent
	}
	if amount != nil {
		d.AmountOff = *amount
	}
	return d, true, nil
}

// whyNotRedeemed says why redeem counted no use of the event's code for
// a ticket of type t.
func whyNotRedeemed(ctx context.Context, db postgres.DB, eventID, code string, t TicketType, now time.Time) error {
	rows, _ := db.Query(ctx, `SELECT `+promoColumns+` FROM promo_codes p WHERE p.event_id = $1 AND lower(p.code) = lower($2)`, eventID, code)
	p, err := pgx.CollectExactlyOneRow(rows, scanPromo)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrPromoUnknown
	case err != nil:
		return fmt.Errorf("payments: read promo code: %w", err)
	case p.ExpiresAt != nil && !p.ExpiresAt.After(now):
		return ErrPromoExpired
	case p.MaxUses != nil && p.Uses >= *p.MaxUses:
		return ErrPromoUsedUp
	}
	return ErrPromoNotForType
}

// release gives back one use of a code.
func release(ctx context.Context, tx pgx.Tx, promoCodeID string) error {
	if uuid.Validate(promoCodeID) != nil {
		return fmt.Errorf("payments: release promo code %q: %w", promoCodeID, errs.ErrNotFound)
	}
	tag, err := tx.Exec(ctx, `UPDATE promo_codes SET uses = uses - 1 WHERE id = $1 AND uses > 0`, promoCodeID)
	if err != nil {
		return fmt.Errorf("payments: release promo code %s: %w", promoCodeID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("payments: release promo code %s: no use to give back: %w", promoCodeID, errs.ErrConflict)
	}
	return nil
}

func joinCodes(codes []string) string { return strings.Join(codes, ", ") }
