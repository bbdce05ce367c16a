package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/postgres"
)

// Settings say when an event's reminders go and how its follow-up waits
// for the recording.
type Settings struct {
	ReminderMinutes   []int `json:"reminder_minutes" db:"reminder_minutes"`
	FollowUp          bool  `json:"follow_up" db:"follow_up"`
	FollowUpWaitHours int   `json:"follow_up_wait_hours" db:"follow_up_wait_hours"`
}

// defaultSettings: reminders a day and an hour before; the follow-up waits
// up to three days for the recording.
var defaultSettings = Settings{ReminderMinutes: []int{1440, 60}, FollowUp: true, FollowUpWaitHours: 72}

func settingsOf(ctx context.Context, db postgres.DB, eventID string) (Settings, error) {
	rows, _ := db.Query(ctx, `SELECT reminder_minutes, follow_up, follow_up_wait_hours FROM mail_settings WHERE event_id = $1`, eventID)
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Settings])
	if errors.Is(err, pgx.ErrNoRows) {
		return defaultSettings, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("mail: settings of %s: %w", eventID, err)
	}
	return s, nil
}

func (s *Settings) validate() error {
	v := errs.Validation{}
	if len(s.ReminderMinutes) > 5 {
		v.Add("reminder_minutes", "Use at most 5 reminders.")
	}
	for _, m := range s.ReminderMinutes {
		if m < 5 || m > 43200 {
			v.Add("reminder_minutes", "Send each reminder between 5 minutes and 30 days before the start.")
		}
	}
	slices.Sort(s.ReminderMinutes)
	s.ReminderMinutes = slices.Compact(s.ReminderMinutes)
	slices.Reverse(s.ReminderMinutes)
	if s.FollowUpWaitHours < 0 || s.FollowUpWaitHours > 720 {
		v.Add("follow_up_wait_hours", "Wait between 0 and 720 hours (30 days).")
	}
	return v.Err()
}

// Settings returns an event's settings (the defaults until changed).
func (m *Mailer) Settings(ctx context.Context, eventID string) (Settings, error) {
	if _, err := m.eventFor(ctx, m.db, eventID); err != nil {
		return Settings{}, err
	}
	return settingsOf(ctx, m.db, eventID)
}

// SetSettings saves an event's settings and, for a published event,
// schedules the reminders they add (a dropped one does nothing when due).
func (m *Mailer) SetSettings(ctx context.Context, eventID string, s Settings) (Settings, error) {
	if s.ReminderMinutes == nil {
		s.ReminderMinutes = []int{}
	}
	if err := s.validate(); err != nil {
		return Settings{}, err
	}
	err := postgres.InTx(ctx, m.db, func(tx pgx.Tx) error {
		e, err := m.eventFor(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO mail_settings (event_id, reminder_minutes, follow_up, follow_up_wait_hours) VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_id) DO UPDATE SET reminder_minutes = $2, follow_up = $3, follow_up_wait_hours = $4`,
			eventID, s.ReminderMinutes, s.FollowUp, s.FollowUpWaitHours); err != nil {
			return fmt.Errorf("mail: save settings of %s: %w", eventID, postgres.MapError(err))
		}
		if e.Status == events.StatusPublished {
			return m.schedule(ctx, tx, e)
		}
		return nil
	})
	return s, err
}

// eventFor is the event as stored, for the organiser endpoints.
func (m *Mailer) eventFor(ctx context.Context, db postgres.DB, id string) (events.Event, error) {
	if uuid.Validate(id) != nil {
		return events.Event{}, fmt.Errorf("mail: event %q: %w", id, errs.ErrNotFound)
	}
	var e events.Event
	err := db.QueryRow(ctx, `SELECT id, title, starts_at, duration_minutes, recording_url, status, sequence FROM events WHERE id = $1`, id).
		Scan(&e.ID, &e.Title, &e.StartsAt, &e.DurationMinutes, &e.RecordingURL, &e.Status, &e.Sequence)
	if err != nil {
		return events.Event{}, fmt.Errorf("mail: event %s: %w", id, postgres.MapError(err))
	}
	return e, nil
}

func (m *Mailer) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return postgres.InTx(ctx, m.db, fn)
}
