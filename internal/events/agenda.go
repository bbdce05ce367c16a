package events

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
)

// AddAgendaItem appends an item to the event's agenda.
func (s *Service) AddAgendaItem(ctx context.Context, eventID string, a AgendaInput) (Detail, error) {
	return s.changeAgenda(ctx, eventID, &a, func(tx pgx.Tx) error {
		_, err := insertAgendaItem(ctx, tx, eventID, a)
		return err
	})
}

// UpdateAgendaItem replaces an agenda item's details.
func (s *Service) UpdateAgendaItem(ctx context.Context, eventID, itemID string, a AgendaInput) (Detail, error) {
	if err := checkID(itemID); err != nil {
		return Detail{}, err
	}
	return s.changeAgenda(ctx, eventID, &a, func(tx pgx.Tx) error {
		return updateAgendaItem(ctx, tx, eventID, itemID, a)
	})
}

// DeleteAgendaItem removes an agenda item.
func (s *Service) DeleteAgendaItem(ctx context.Context, eventID, itemID string) (Detail, error) {
	if err := checkID(itemID); err != nil {
		return Detail{}, err
	}
	return s.changeParts(ctx, eventID, func(tx pgx.Tx) error {
		return deleteAgendaItem(ctx, tx, eventID, itemID)
	})
}

// ReorderAgenda puts the agenda in the order of itemIDs, which must name
// every item once.
func (s *Service) ReorderAgenda(ctx context.Context, eventID string, itemIDs []string) (Detail, error) {
	for _, id := range itemIDs {
		if uuid.Validate(id) != nil {
			return Detail{}, errs.Validation{"item_ids": "List the agenda items by their ids."}
		}
	}
	return s.changeParts(ctx, eventID, func(tx pgx.Tx) error {
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM agenda_items WHERE event_id = $1`, eventID).Scan(&count); err != nil {
			return err
		}
		n, err := reorderAgenda(ctx, tx, eventID, itemIDs)
		if err != nil {
			return err
		}
		if int(n) != count || len(itemIDs) != count {
			return errs.Validation{"item_ids": "List every agenda item of this event exactly once."}
		}
		return nil
	})
}

// changeAgenda validates an item against the locked event and its speakers.
func (s *Service) changeAgenda(ctx context.Context, eventID string, a *AgendaInput, fn func(tx pgx.Tx) error) (Detail, error) {
	return s.changeParts(ctx, eventID, func(tx pgx.Tx) error {
		e, err := eventByID(ctx, tx, eventID, false)
		if err != nil {
			return err
		}
		speakers, err := speakersOf(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if err := a.validate(e, speakers); err != nil {
			return err
		}
		return fn(tx)
	})
}
