package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// replayRecordingOf reads an event's recording with its captions' language and
// its segments, or nil when it has none. The write-up, replay, page head
// and embeds read the tables with this query of their own, so they do not
// depend on how recordings, segments and captions are edited.
func replayRecordingOf(ctx context.Context, db postgres.DB, eventID string) (*recording, error) {
	var r recording
	var ext, ctype *string
	var dur *int
	var published *time.Time
	err := db.QueryRow(ctx, `SELECT r.id, r.kind, r.external_url, r.content_type, r.duration_seconds,
			r.poster_key IS NOT NULL, r.published_at, r.embed_origins,
			coalesce(c.language, ''), coalesce(c.label, '')
		FROM media_recordings r LEFT JOIN media_captions c ON c.recording_id = r.id
		WHERE r.event_id = $1`, eventID).Scan(&r.ID, &r.Kind, &ext, &ctype, &dur,
		&r.HasPoster, &published, &r.EmbedOrigins, &r.CaptionLang, &r.CaptionLabel)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("media: recording of %s: %w", eventID, err)
	}
	r.ExternalURL, r.ContentType = deref(ext), deref(ctype)
	if dur != nil {
		r.Duration = *dur
	}
	if published != nil {
		r.Published, r.PublishedAt = true, *published
	}
	rows, _ := db.Query(ctx, `SELECT slug, title, description, start_ms, end_ms, speaker_ids::text[]
		FROM media_segments WHERE recording_id = $1 ORDER BY start_ms, slug`, r.ID)
	r.Segments, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (segment, error) {
		var sg segment
		err := row.Scan(&sg.Slug, &sg.Title, &sg.Description, &sg.StartMS, &sg.EndMS, &sg.SpeakerIDs)
		return sg, err
	})
	if err != nil {
		return nil, fmt.Errorf("media: segments of %s: %w", eventID, err)
	}
	return &r, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
