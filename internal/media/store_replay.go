package media

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// replayRecordingOf reads what the write-up, replay, page head and embeds
// need of an event's recording (through the recordings' and segments' own
// reads, plus its captions' language), or nil when it has none.
func replayRecordingOf(ctx context.Context, db postgres.DB, eventID string) (*recording, error) {
	rec, err := recordingOf(ctx, db, eventID, false)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := recording{ID: rec.ID, Kind: rec.Kind, ExternalURL: deref(rec.ExternalURL), ContentType: deref(rec.ContentType),
		HasPoster: rec.HasPoster, Published: rec.Status == StatusPublished && rec.PublishedAt != nil, EmbedOrigins: rec.EmbedOrigins}
	if rec.DurationSeconds != nil {
		r.Duration = *rec.DurationSeconds
	}
	if r.Published {
		r.PublishedAt = *rec.PublishedAt
	}
	if rec.HasCaptions {
		err := db.QueryRow(ctx, `SELECT language, label FROM media_captions WHERE recording_id = $1`, rec.ID).
			Scan(&r.CaptionLang, &r.CaptionLabel)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) { // removed since: none
			return nil, fmt.Errorf("media: captions of %s: %w", eventID, err)
		}
	}
	segments, err := segmentsOf(ctx, db, rec.ID)
	if err != nil {
		return nil, err
	}
	for _, sg := range segments {
		r.Segments = append(r.Segments, segment{Slug: sg.Slug, Title: sg.Title, Description: sg.Description,
			StartMS: sg.StartMs, EndMS: sg.EndMs, SpeakerIDs: sg.Speakers})
	}
	return &r, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
