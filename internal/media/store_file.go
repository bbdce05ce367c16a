package media

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// storedFile is the part of an event's recording that serving its file
// needs.
type storedFile struct {
	RecordingID string `db:"id"`
	StorageKey  string `db:"storage_key"`
	ContentType string `db:"content_type"`
	PosterKey   string `db:"poster_key"` // "" when ffmpeg made no poster
}

// publishedUpload reads the uploaded file of an event's published
// recording; ErrNotFound when the event has none, or only a draft, or an
// external video.
func publishedUpload(ctx context.Context, db postgres.DB, eventID string) (storedFile, error) {
	rows, err := db.Query(ctx, `SELECT id, storage_key, coalesce(content_type, '') AS content_type,
		coalesce(poster_key, '') AS poster_key
		FROM media_recordings
		WHERE event_id = $1 AND status = 'published' AND kind = 'upload' AND storage_key IS NOT NULL`, eventID)
	var f storedFile
	if err == nil {
		f, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[storedFile])
	}
	if err != nil {
		return storedFile{}, fmt.Errorf("media: published file of event %s: %w", eventID, postgres.MapError(err))
	}
	return f, nil
}
