package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/listen"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// EventReader gives the live session the event it is for (the events
// domain owns events; its stream URL is private to organisers and reaches
// a registrant only through the live page).
type EventReader interface {
	Get(ctx context.Context, id string) (events.Detail, error)
}

// AttendanceWriter records whether registrants attended, in the caller's
// transaction: the registrations domain owns attended_at, which the
// follow-ups read.
type AttendanceWriter interface {
	SetAttendedTx(ctx context.Context, tx pgx.Tx, eventID string, registrationIDs []string, attended bool) error
}

// Service holds the live session's rules.
type Service struct {
	db         *pgxpool.Pool
	logger     *slog.Logger
	keys       token.Keyed
	events     EventReader
	attendance AttendanceWriter
	now        func() time.Time
	hub        *hub // this process's viewers
	fanout     *fanout
}

// NewService returns the live service. listener carries other processes'
// changes to this one's viewers.
func NewService(db *pgxpool.Pool, logger *slog.Logger, keys token.Keyed, eventReader EventReader,
	attendance AttendanceWriter, listener *listen.Listener) *Service {
	s := &Service{db: db, logger: logger, keys: keys, events: eventReader, attendance: attendance, now: time.Now}
	s.hub = newHub(s)
	s.fanout = newFanout(s, listener)
	return s
}

// participant returns the registrant a live-page token names.
func (s *Service) participant(ctx context.Context, plainToken string) (Participant, error) {
	id, ok := s.keys.VerifyLive(plainToken)
	if !ok {
		return Participant{}, ErrBadLink
	}
	p, err := participantByID(ctx, s.db, id)
	if errors.Is(err, errs.ErrNotFound) {
		return Participant{}, ErrBadLink
	}
	return p, err
}

// participantByID reads a registrant through registrations' view.
func participantByID(ctx context.Context, db postgres.DB, id string) (Participant, error) {
	rows, _ := db.Query(ctx, `
		SELECT id, event_id, status, first_name, last_name, organisation, sector, email
		FROM registration_participants WHERE id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Participant])
	if errors.Is(err, pgx.ErrNoRows) {
		return Participant{}, fmt.Errorf("live: participant %s: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return Participant{}, fmt.Errorf("live: participant %s: %w", id, err)
	}
	return p, nil
}
