package events

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// The hooks other domains give events to act in step with it: in the
// transaction that changes an event, or after it commits in any process.

// SeatSyncer keeps an event's places in step with its capacity, inside the
// transaction that changes it (the registrations domain does this).
type SeatSyncer interface {
	SyncSeats(ctx context.Context, tx pgx.Tx, eventID string, capacity *int) error
}

// PlacesCounter tells how many of an event's places are free (the
// registrations domain owns the seats). The public page asks it only when
// it is rendered, and only for an event with a capacity.
type PlacesCounter interface {
	PlacesLeft(ctx context.Context, eventID string) (int, error)
}

// Watcher hears of every saved change to an event inside the transaction
// that makes it, to act in step with it (mail queues the messages a
// change owes registrants).
type Watcher interface {
	EventChanged(ctx context.Context, tx pgx.Tx, before, after Event) error
}

// Hooks are what other domains ask of events, given when the service is
// built (app.New wires them); nothing is installed afterwards.
type Hooks struct {
	Seats    SeatSyncer    // nil: no places kept in step with capacity
	Places   PlacesCounter // nil: the public page shows no places left
	Watchers []Watcher
	// OnChange are called with the slug of every event that changes, in
	// any server process ("*" when all may have), after the change commits.
	OnChange []func(slug string)
	Copiers  []Copier // copy what they own to a duplicate event
}
