package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// storedWriteup is a media_writeups row; a missing row is an empty one
// with no UpdatedAt.
type storedWriteup struct {
	WriteupInput
	UpdatedAt *time.Time
}

// readWriteup reads an event's write-up.
func readWriteup(ctx context.Context, db postgres.DB, eventID string) (storedWriteup, error) {
	var w storedWriteup
	err := db.QueryRow(ctx, `SELECT author, to_char(published_on, 'YYYY-MM-DD'), body_md, updated_at
		FROM media_writeups WHERE event_id = $1`, eventID).Scan(&w.Author, &w.PublishedOn, &w.BodyMD, &w.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return storedWriteup{}, nil
	}
	if err != nil {
		return storedWriteup{}, fmt.Errorf("media: write-up of %s: %w", eventID, err)
	}
	return w, nil
}

// saveWriteup writes an event's write-up whole, in one statement, so two
// organisers saving at once leave one of their versions, never a mix.
func saveWriteup(ctx context.Context, db postgres.DB, eventID string, in WriteupInput) error {
	_, err := db.Exec(ctx, `INSERT INTO media_writeups (event_id, author, published_on, body_md)
		VALUES ($1, $2, $3::date, $4)
		ON CONFLICT (event_id) DO UPDATE SET author = excluded.author, published_on = excluded.published_on,
			body_md = excluded.body_md, updated_at = now()`, eventID, in.Author, in.PublishedOn, in.BodyMD)
	if err != nil {
		return fmt.Errorf("media: save write-up of %s: %w", eventID, postgres.MapError(err))
	}
	return nil
}
