package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// Watching the replay: a registrant who opens the replay through their own
// link (the follow-up's) reports, while the video plays, the stretch of
// the recording they watched since the last report. Each report adds to
// their time watched in all and in each segment it covers, and a report
// more than newPlayAfter after the last starts another viewing. This is
// what "watched the replay" is made of for the follow-ups and Insights.

// WatchBeat is one report: the recording was played from FromMs to ToMs
// (milliseconds into it) since the last report.
type WatchBeat struct {
	FromMs int `json:"from_ms"`
	ToMs   int `json:"to_ms"`
}

// WatchProgress is a registrant's viewing so far.
type WatchProgress struct {
	Plays     int   `json:"plays"`
	WatchedMs int64 `json:"watched_ms"`
}

const (
	// newPlayAfter is the silence after which a report starts another viewing.
	newPlayAfter = 30 * time.Minute
	// maxBeatMs bounds what one report counts: a page reports every 15 s.
	maxBeatMs = 60_000
	// firstBeatAllowance is the time a viewing's first report may cover.
	firstBeatAllowance = 30 * time.Second
	// beatSlack is added to the time since the last report, for a page
	// that reports a little late; playback at up to twice the speed is
	// allowed for by counting twice the time.
	beatSlack = 5 * time.Second
)

// ErrBadReplayLink is the answer for a replay link that is not genuine.
var ErrBadReplayLink = errs.Publicf(errs.ErrUnauthorized, "This replay link is not valid. Use the link from your latest email.")

// errNoRecording is the answer when the event has no published recording.
var errNoRecording = errs.Publicf(errs.ErrNotFound, "This event's recording is not published.")

// Watch counts a report from the registrant whose live-page token
// plainToken is (the replay uses the same personal token as the live
// page). A report covers at most what the time since the last one allows
// (twice it, plus beatSlack, or firstBeatAllowance for a viewing's first),
// and at most maxBeatMs: a page that reports too often or too much is
// answered but counted only as far as a person could have watched.
func (s *Service) Watch(ctx context.Context, plainToken string, b WatchBeat) (WatchProgress, error) {
	registrationID, ok := s.opts.Keys.VerifyLive(plainToken)
	if !ok {
		return WatchProgress{}, ErrBadReplayLink
	}
	var p WatchProgress
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var eventID string
		var recordingID *string
		var durationSeconds *int
		err := tx.QueryRow(ctx, `
			SELECT r.event_id, m.id, m.duration_seconds
			FROM registration_participants r
			LEFT JOIN media_recordings m ON m.event_id = r.event_id AND m.status = 'published'
			WHERE r.id = $1`, registrationID).Scan(&eventID, &recordingID, &durationSeconds)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrBadReplayLink
		}
		if err != nil {
			return fmt.Errorf("media: replay viewer %s: %w", registrationID, err)
		}
		if recordingID == nil {
			return errNoRecording
		}
		if err := validBeat(b, durationSeconds); err != nil {
			return err
		}
		p, err = countBeat(ctx, tx, registrationID, eventID, *recordingID, b, s.now())
		return err
	})
	return p, err
}

// validBeat checks a report against the recording's length, when known.
func validBeat(b WatchBeat, durationSeconds *int) error {
	v := errs.Validation{}
	if b.FromMs < 0 {
		v.Add("from_ms", "Must be 0 or more.")
	}
	if b.ToMs <= b.FromMs {
		v.Add("to_ms", "Must be after from_ms.")
	}
	switch {
	case durationSeconds != nil && b.ToMs > *durationSeconds*1000+1000:
		v.Add("to_ms", fmt.Sprintf("Must be within the recording (%d s).", *durationSeconds))
	case b.ToMs > maxCueMs:
		v.Add("to_ms", "Must be within 24 hours.")
	}
	return v.Err()
}

// countBeat adds a report to the registrant's viewing, with the row locked.
func countBeat(ctx context.Context, tx pgx.Tx, registrationID, eventID, recordingID string, b WatchBeat, now time.Time) (WatchProgress, error) {
	var p WatchProgress
	var last time.Time
	// Made if missing, then locked: a second statement sees a row another
	// report made meanwhile (read committed), so no report is lost.
	if _, err := tx.Exec(ctx, `INSERT INTO media_replay_views (registration_id, event_id, first_at, last_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (registration_id) DO NOTHING`, registrationID, eventID, now); err != nil {
		return WatchProgress{}, fmt.Errorf("media: replay view of %s: %w", registrationID, err)
	}
	if err := tx.QueryRow(ctx, `SELECT plays, watched_ms, last_at FROM media_replay_views WHERE registration_id = $1 FOR UPDATE`,
		registrationID).Scan(&p.Plays, &p.WatchedMs, &last); err != nil {
		return WatchProgress{}, fmt.Errorf("media: replay view of %s: %w", registrationID, err)
	}
	allowance := firstBeatAllowance
	if p.Plays == 0 || now.Sub(last) > newPlayAfter {
		p.Plays++
	} else {
		allowance = 2*max(now.Sub(last), 0) + beatSlack
	}
	counted := min(b.ToMs-b.FromMs, maxBeatMs, int(allowance.Milliseconds()))
	p.WatchedMs += int64(counted)
	if _, err := tx.Exec(ctx, `UPDATE media_replay_views SET plays = $2, watched_ms = $3, last_at = $4 WHERE registration_id = $1`,
		registrationID, p.Plays, p.WatchedMs, now); err != nil {
		return WatchProgress{}, fmt.Errorf("media: replay view of %s: %w", registrationID, err)
	}
	// Each segment gets the part of the counted stretch that falls in it.
	_, err := tx.Exec(ctx, `
		INSERT INTO media_replay_segment_views (registration_id, segment_id, watched_ms)
		SELECT $1, id, least(end_ms, $4) - greatest(start_ms, $3)
		FROM media_segments WHERE recording_id = $2 AND start_ms < $4 AND end_ms > $3
		ON CONFLICT (registration_id, segment_id) DO UPDATE SET watched_ms = media_replay_segment_views.watched_ms + EXCLUDED.watched_ms`,
		registrationID, recordingID, b.FromMs, b.FromMs+counted)
	if err != nil {
		return WatchProgress{}, fmt.Errorf("media: segment views of %s: %w", registrationID, err)
	}
	return p, nil
}

// ReplayViewer is one registrant's viewing of the replay, as organisers
// see it.
type ReplayViewer struct {
	RegistrationID string          `json:"registration_id"`
	FirstName      string          `json:"first_name"`
	LastName       string          `json:"last_name"`
	Email          string          `json:"email"`
	Organisation   string          `json:"organisation"`
	Plays          int             `json:"plays"`
	WatchedMs      int64           `json:"watched_ms"`
	FirstAt        time.Time       `json:"first_at"`
	LastAt         time.Time       `json:"last_at"`
	Segments       []SegmentViewed `json:"segments"`
}

// SegmentViewed is the time a registrant watched of one segment.
type SegmentViewed struct {
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	WatchedMs int64  `json:"watched_ms"`
}

// ReplayViewers lists who watched the event's replay through their own
// link, the latest first, with the time each watched of each segment.
func (s *Service) ReplayViewers(ctx context.Context, eventID string) ([]ReplayViewer, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `
		SELECT v.registration_id, r.first_name, r.last_name, r.email, r.organisation, v.plays, v.watched_ms, v.first_at, v.last_at,
			coalesce((SELECT json_agg(json_build_object('slug', g.slug, 'title', g.title, 'watched_ms', sv.watched_ms)
				ORDER BY g.start_ms, g.slug)
				FROM media_replay_segment_views sv JOIN media_segments g ON g.id = sv.segment_id
				WHERE sv.registration_id = v.registration_id), '[]') AS segments
		FROM media_replay_views v JOIN registration_participants r ON r.id = v.registration_id
		WHERE v.event_id = $1
		ORDER BY v.last_at DESC, v.registration_id`, eventID)
	viewers, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ReplayViewer])
	if err != nil {
		return nil, fmt.Errorf("media: replay viewers of %s: %w", eventID, err)
	}
	return viewers, nil
}
