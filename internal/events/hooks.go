package events

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// The hooks other domains install to act in step with events: in the
// transaction that changes one, or after it commits in any process.

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

// Watch installs a watcher.
func (s *Service) Watch(w Watcher) { s.watchers = append(s.watchers, w) }

// SetSeatSyncer installs the capacity hook.
func (s *Service) SetSeatSyncer(seats SeatSyncer) { s.seats = seats }

// SetPlacesCounter installs the count of free places the public page shows.
func (s *Service) SetPlacesCounter(places PlacesCounter) { s.places = places }

// OnChange calls fn with the slug of every event that changes, in any
// server process ("*" when all may have), after the change commits.
func (s *Service) OnChange(fn func(slug string)) { s.onChange = append(s.onChange, fn) }
