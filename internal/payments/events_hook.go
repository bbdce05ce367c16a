package payments

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
)

// EventChanged refuses, inside the transaction that changes an event, a
// capacity lowered below the tickets its types offer (an events.Watcher).
// It takes the event's ticket-type lock, so it waits for a type being
// saved to commit and then counts it.
func (s *Service) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	if after.Capacity == nil || (before.Capacity != nil && *after.Capacity >= *before.Capacity) {
		return nil
	}
	if err := lockEventTypes(ctx, tx, after.ID); err != nil {
		return err
	}
	types, err := otherTypes(ctx, tx, after.ID, "")
	if err != nil {
		return err
	}
	if types.Quantity > *after.Capacity {
		return errs.Validation{"capacity": fmt.Sprintf(
			"This event's ticket types offer %d tickets: keep at least %d places, or lower their quantities first.",
			types.Quantity, types.Quantity)}
	}
	return nil
}
