package live

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/listen"
	"plenary/internal/postgres"
)

// ChangeKind says what a change at an event was about; the stream reads
// the subject's current state when it sends it.
type ChangeKind string

// The kinds of change a live page follows.
const (
	ChangeQuestion ChangeKind = "question" // subject: the question (asked, voted, moderated)
	ChangePoll     ChangeKind = "poll"     // subject: the poll (opened, voted, closed)
	ChangeStage    ChangeKind = "stage"    // what is on stage changed
	ChangeEvent    ChangeKind = "event"    // the event itself (time, status, stream)
	ChangeSettings ChangeKind = "settings" // the live settings
)

// record notes in tx that subjectID (or nothing, "") of kind changed at
// the event. Call it inside write's fn, so that the change and its note
// commit together.
func record(ctx context.Context, tx pgx.Tx, eventID string, kind ChangeKind, subjectID string) error {
	var subject *string
	if subjectID != "" {
		subject = &subjectID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO live_changes (event_id, kind, subject_id) VALUES ($1, $2, $3)`,
		eventID, kind, subject); err != nil {
		return fmt.Errorf("live: record %s change: %w", kind, err)
	}
	return nil
}

// write runs fn in a transaction and, once it has committed, has the
// event's viewers in every process told (fn records what changed).
func (s *Service) write(ctx context.Context, eventID string, fn func(tx pgx.Tx) error) error {
	if err := postgres.InTx(ctx, s.db, fn); err != nil {
		return err
	}
	s.fanout.touch(eventID)
	return nil
}

// fanout tells viewers of changes. The stream issue's work replaces this
// placeholder: a coalesced NOTIFY per event, the hub of viewers.
type fanout struct{ s *Service }

func newFanout(s *Service, listener *listen.Listener) *fanout { return &fanout{s: s} }

// touch says the event changed (after commit).
func (f *fanout) touch(eventID string) {}
