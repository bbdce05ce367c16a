package payments

import (
	"context"
	"errors"
	"fmt"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// HasTicketTypes says whether the event sells tickets: then a registration
// must name one of its types.
func (s *Service) HasTicketTypes(ctx context.Context, db postgres.DB, eventID string) (bool, error) {
	var some bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM ticket_types WHERE event_id = $1)`, eventID).Scan(&some); err != nil {
		return false, fmt.Errorf("payments: has %s ticket types: %w", eventID, postgres.MapError(err))
	}
	return some, nil
}

// ForSale reads the event's ticket type a registrant with email and
// sector is buying, checking it is on sale now and theirs to buy (the
// server's own check of what the form offers): a type of another event,
// or none, is a validation error on ticket_type_id like the others.
func (s *Service) ForSale(ctx context.Context, db postgres.DB, eventID, typeID, email, sector string) (TicketType, error) {
	t, err := ticketType(ctx, db, eventID, typeID)
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return TicketType{}, errs.Validation{"ticket_type_id": "Choose one of this event's tickets."}
		}
		return TicketType{}, err
	}
	if err := eligible(t, email, sector, s.now()); err != nil {
		return TicketType{}, err
	}
	if t.Price > 0 && s.stripe == nil {
		return TicketType{}, errs.Validation{"ticket_type_id": "This ticket cannot be bought now: card payments are not set up."}
	}
	return t, nil
}
