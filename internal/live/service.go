package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
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
	reads      atomic.Pointer[pgxpool.Pool] // the stream's own connections, while Run runs
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

// streamConns is how many connections the stream's reads have to
// themselves.
const streamConns = 2

// Run gives the stream connections of its own until ctx ends. Every
// flush of an event's room reads its changes; on the shared pool those
// reads queued behind writers, who hold their connections while they
// wait for the event's change lock (see number): with 5,000 viewers and
// 50 votes a second (bench/live), half of all acquisitions found the pool
// empty and a flush's reads took 30 ms at the median, 190 ms at the 99th
// percentile. Without Run (a command, a test) they use the shared pool.
func (s *Service) Run(ctx context.Context) error {
	cfg := s.db.Config()
	cfg.MinConns, cfg.MaxConns = 1, streamConns
	reads, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("live: the stream's connections: %w", err)
	}
	s.reads.Store(reads)
	<-ctx.Done()
	s.reads.Store(nil)
	reads.Close() // once the flushes under way have let go of theirs
	return nil
}

// streamDB is where the stream reads: its own connections, or the pool.
func (s *Service) streamDB() *pgxpool.Pool {
	if reads := s.reads.Load(); reads != nil {
		return reads
	}
	return s.db
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
