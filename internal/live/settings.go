package live

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// Moderation says what becomes of a new question.
type Moderation string

// Moderation modes: held for a moderator, or published at once.
const (
	ModerationHeld      Moderation = "held"
	ModerationPublished Moderation = "published"
)

// Settings are an event's live-session settings. An event without a row
// has the defaults.
type Settings struct {
	// JoinLeadMinutes is how long before the start the stream is revealed.
	JoinLeadMinutes int `json:"join_lead_minutes"`
	// AttendedMinutes is how many minutes present count as having attended.
	AttendedMinutes int `json:"attended_minutes"`
	// Moderation says whether new questions wait for a moderator.
	Moderation Moderation `json:"moderation"`
}

// DefaultSettings are an event's settings until an organiser changes them
// (the same as the column defaults of live_settings).
var DefaultSettings = Settings{JoinLeadMinutes: 15, AttendedMinutes: 10, Moderation: ModerationHeld}

// SettingsInput is a change to the settings: every field is required, so
// that a client that leaves one out is told rather than given a zero.
type SettingsInput struct {
	JoinLeadMinutes *int        `json:"join_lead_minutes"`
	AttendedMinutes *int        `json:"attended_minutes"`
	Moderation      *Moderation `json:"moderation"`
}

// validate returns the settings the input asks for, or the fields at fault.
func (in SettingsInput) validate() (Settings, error) {
	v := errs.Validation{}
	var set Settings
	switch {
	case in.JoinLeadMinutes == nil:
		v.Add("join_lead_minutes", "Say how many minutes before the start the stream opens.")
	case *in.JoinLeadMinutes < 0 || *in.JoinLeadMinutes > 1440:
		v.Add("join_lead_minutes", "Use a number of minutes from 0 to 1440 (a day).")
	default:
		set.JoinLeadMinutes = *in.JoinLeadMinutes
	}
	switch {
	case in.AttendedMinutes == nil:
		v.Add("attended_minutes", "Say how many minutes present count as attending.")
	case *in.AttendedMinutes < 1 || *in.AttendedMinutes > 1440:
		v.Add("attended_minutes", "Use a number of minutes from 1 to 1440 (a day).")
	default:
		set.AttendedMinutes = *in.AttendedMinutes
	}
	switch {
	case in.Moderation == nil:
		v.Add("moderation", "Choose held or published.")
	case *in.Moderation != ModerationHeld && *in.Moderation != ModerationPublished:
		v.Add("moderation", "Choose held or published.")
	default:
		set.Moderation = *in.Moderation
	}
	return set, v.Err()
}

// Settings returns the live settings of an event (404 for no such event).
func (s *Service) Settings(ctx context.Context, eventID string) (Settings, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, s.db, eventID)
}

// SetSettings changes an event's live settings and tells its live pages.
func (s *Service) SetSettings(ctx context.Context, eventID string, in SettingsInput) (Settings, error) {
	set, err := in.validate()
	if err != nil {
		return Settings{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Settings{}, err
	}
	err = s.write(ctx, eventID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO live_settings (event_id, join_lead_minutes, attended_minutes, moderation)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_id) DO UPDATE SET join_lead_minutes = excluded.join_lead_minutes,
				attended_minutes = excluded.attended_minutes, moderation = excluded.moderation, updated_at = now()`,
			eventID, set.JoinLeadMinutes, set.AttendedMinutes, set.Moderation)
		if err != nil {
			return fmt.Errorf("live: set settings of %s: %w", eventID, err)
		}
		return record(ctx, tx, eventID, ChangeSettings, "")
	})
	if err != nil {
		return Settings{}, err
	}
	return set, nil
}

// settings reads an event's settings through db (a pool or the caller's
// transaction); an event without a row has DefaultSettings. It does not
// check that the event exists.
func (s *Service) settings(ctx context.Context, db postgres.DB, eventID string) (Settings, error) {
	set := DefaultSettings
	err := db.QueryRow(ctx, `
		SELECT join_lead_minutes, attended_minutes, moderation FROM live_settings WHERE event_id = $1`, eventID).
		Scan(&set.JoinLeadMinutes, &set.AttendedMinutes, &set.Moderation)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return DefaultSettings, nil
	case err != nil:
		return Settings{}, fmt.Errorf("live: settings of %s: %w", eventID, err)
	}
	return set, nil
}
