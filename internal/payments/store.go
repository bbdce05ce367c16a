package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

const typeColumns = `id::text, event_id::text, name, description, price, currency, eligibility, sectors, email_domains,
	quantity, sales_open_at, sales_close_at, created_at, updated_at`

func scanType(r pgx.CollectableRow) (TicketType, error) {
	var t TicketType
	err := r.Scan(&t.ID, &t.EventID, &t.Name, &t.Description, &t.Price, &t.Currency, &t.Eligibility, &t.Sectors,
		&t.EmailDomains, &t.Quantity, &t.SalesOpenAt, &t.SalesCloseAt, &t.CreatedAt, &t.UpdatedAt)
	return t, err
}

// lockEventTypes serialises changes to an event's ticket types and promo
// codes, so that their count, the sum of their quantities and their
// currency are checked against what is really there.
func lockEventTypes(ctx context.Context, tx pgx.Tx, eventID string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('payments:' || $1::text, 0))`, eventID); err != nil {
		return fmt.Errorf("payments: lock the ticket types of %s: %w", eventID, err)
	}
	return nil
}

// ticketType reads one type of the event (any event when eventID is "").
func ticketType(ctx context.Context, db postgres.DB, eventID, id string) (TicketType, error) {
	if uuid.Validate(id) != nil {
		return TicketType{}, fmt.Errorf("payments: ticket type %q: %w", id, errs.ErrNotFound)
	}
	rows, _ := db.Query(ctx, `SELECT `+typeColumns+` FROM ticket_types WHERE id = $1 AND ($2 = '' OR event_id::text = $2)`, id, eventID)
	t, err := pgx.CollectExactlyOneRow(rows, scanType)
	if errors.Is(err, pgx.ErrNoRows) {
		return TicketType{}, errs.Publicf(errs.ErrNotFound, "No such ticket type.")
	}
	if err != nil {
		return TicketType{}, fmt.Errorf("payments: read ticket type %s: %w", id, err)
	}
	return t, nil
}

// typeTotals are what the rules about an event's types need of the others.
type typeTotals struct {
	Count      int
	Quantity   int      // the sum of the quantities set
	Unlimited  bool     // some type has no quantity
	Currencies []string // the currencies in use
}

// otherTypes sums the event's types other than except ("" for all).
func otherTypes(ctx context.Context, db postgres.DB, eventID, except string) (typeTotals, error) {
	var t typeTotals
	err := db.QueryRow(ctx, `SELECT count(*), coalesce(sum(quantity), 0), bool_or(quantity IS NULL) IS TRUE,
			coalesce(array_agg(DISTINCT currency ORDER BY currency) FILTER (WHERE currency IS NOT NULL), '{}')
		FROM ticket_types WHERE event_id = $1 AND ($2 = '' OR id::text <> $2)`, eventID, except).
		Scan(&t.Count, &t.Quantity, &t.Unlimited, &t.Currencies)
	if err != nil {
		return typeTotals{}, fmt.Errorf("payments: ticket types of %s: %w", eventID, err)
	}
	return t, nil
}

// insertType stores a new type of the event.
func insertType(ctx context.Context, tx pgx.Tx, eventID string, in TicketTypeInput) (TicketType, error) {
	rows, _ := tx.Query(ctx, `INSERT INTO ticket_types (event_id, name, description, price, currency, eligibility,
			sectors, email_domains, quantity, sales_open_at, sales_close_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING `+typeColumns,
		eventID, in.Name, in.Description, in.Price, in.Currency, in.Eligibility, in.Sectors, in.EmailDomains,
		in.Quantity, in.SalesOpenAt, in.SalesCloseAt)
	t, err := pgx.CollectExactlyOneRow(rows, scanType)
	if err != nil {
		return TicketType{}, typeWriteError(err)
	}
	return t, nil
}

// updateType replaces a type of the event.
func updateType(ctx context.Context, tx pgx.Tx, eventID, id string, in TicketTypeInput) (TicketType, error) {
	rows, _ := tx.Query(ctx, `UPDATE ticket_types SET name = $3, description = $4, price = $5, currency = $6,
			eligibility = $7, sectors = $8, email_domains = $9, quantity = $10, sales_open_at = $11,
			sales_close_at = $12, updated_at = now()
		WHERE event_id = $1 AND id = $2 RETURNING `+typeColumns,
		eventID, id, in.Name, in.Description, in.Price, in.Currency, in.Eligibility, in.Sectors, in.EmailDomains,
		in.Quantity, in.SalesOpenAt, in.SalesCloseAt)
	t, err := pgx.CollectExactlyOneRow(rows, scanType)
	if errors.Is(err, pgx.ErrNoRows) {
		return TicketType{}, errs.Publicf(errs.ErrNotFound, "No such ticket type.")
	}
	if err != nil {
		return TicketType{}, typeWriteError(err)
	}
	return t, nil
}

// typeWriteError names the field a refused write broke.
func typeWriteError(err error) error {
	mapped := postgres.MapError(err)
	if postgres.ConstraintName(err) == "ticket_types_event_name_key" {
		return errs.Validation{"name": "Another ticket type of this event has this name."}
	}
	return fmt.Errorf("payments: save a ticket type: %w", mapped)
}

// deleteType removes a type of the event, unless a promo code is limited
// to it.
func deleteType(ctx context.Context, tx pgx.Tx, eventID, id string) error {
	rows, _ := tx.Query(ctx, `SELECT p.code FROM promo_code_ticket_types l JOIN promo_codes p ON p.id = l.promo_code_id
		WHERE l.ticket_type_id = $1 ORDER BY lower(p.code)`, id)
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("payments: promo codes of ticket type %s: %w", id, err)
	}
	if len(codes) > 0 {
		return errs.Publicf(errs.ErrConflict, "Promo codes are limited to this ticket type (%s): change them first.", joinCodes(codes))
	}
	tag, err := tx.Exec(ctx, `DELETE FROM ticket_types WHERE event_id = $1 AND id = $2`, eventID, id)
	if err != nil {
		return fmt.Errorf("payments: delete ticket type %s: %w", id, postgres.MapError(err))
	}
	if tag.RowsAffected() == 0 {
		return errs.Publicf(errs.ErrNotFound, "No such ticket type.")
	}
	return nil
}

// createdKey orders the organisers' lists: oldest first.
type createdKey struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

func (k createdKey) Valid() bool { return !k.At.IsZero() && uuid.Validate(k.ID) == nil }

// after is the keyset condition's values: from the start when k is nil.
func after(k *createdKey) (*time.Time, *string) {
	if k == nil {
		return nil, nil
	}
	return &k.At, &k.ID
}

// typesPage reads a page of the event's types, oldest first.
func typesPage(ctx context.Context, db postgres.DB, eventID string, q page.Query[createdKey]) (page.Page[TicketType], error) {
	at, id := after(q.After)
	rows, _ := db.Query(ctx, `SELECT `+typeColumns+` FROM ticket_types
		WHERE event_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
		ORDER BY created_at, id LIMIT $4`, eventID, at, id, q.Fetch())
	list, err := pgx.CollectRows(rows, scanType)
	if err != nil {
		return page.Page[TicketType]{}, fmt.Errorf("payments: ticket types of %s: %w", eventID, err)
	}
	return page.Of(q, list, func(t TicketType) createdKey { return createdKey{At: t.CreatedAt, ID: t.ID} }), nil
}

// onSale reads the event's types whose sales window holds at now,
// cheapest first.
func onSale(ctx context.Context, db postgres.DB, eventID string, now time.Time) ([]TicketType, error) {
	rows, _ := db.Query(ctx, `SELECT `+typeColumns+` FROM ticket_types
		WHERE event_id = $1 AND (sales_open_at IS NULL OR sales_open_at <= $2) AND (sales_close_at IS NULL OR sales_close_at > $2)
		ORDER BY price, lower(name), id LIMIT $3`, eventID, now, maxTicketTypeList)
	list, err := pgx.CollectRows(rows, scanType)
	if err != nil {
		return nil, fmt.Errorf("payments: ticket types on sale for %s: %w", eventID, err)
	}
	return list, nil
}
