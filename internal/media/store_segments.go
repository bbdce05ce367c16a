package media

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// recordingRef is what segments, captions and the transcript need of an
// event's recording: which it is, how long, and whether it is public.
type recordingRef struct {
	ID              string `db:"id"`
	EventID         string `db:"event_id"`
	DurationSeconds *int   `db:"duration_seconds"`
	Status          string `db:"status"`
}

// durationMs is the recording's length, 0 when nobody knows it yet.
func (r recordingRef) durationMs() int {
	if r.DurationSeconds == nil {
		return 0
	}
	return *r.DurationSeconds * 1000
}

// errNoRecordingYet answers a request about the recording of an event that has none.
var errNoRecordingYet = errs.Publicf(errs.ErrNotFound, "This event has no recording yet.")

// recordingOfEvent reads the event's recording; lock holds its row until
// the transaction ends, so writes to its segments or captions queue.
func recordingOfEvent(ctx context.Context, db postgres.DB, eventID string, lock bool) (recordingRef, error) {
	query := `SELECT id, event_id, duration_seconds, status FROM media_recordings WHERE event_id = $1`
	if lock {
		query += ` FOR UPDATE`
	}
	rows, _ := db.Query(ctx, query, eventID)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[recordingRef])
	if err != nil {
		if err = postgres.MapError(err); errors.Is(err, errs.ErrNotFound) {
			return recordingRef{}, fmt.Errorf("media: recording of %s: %w", eventID, errNoRecordingYet)
		}
		return recordingRef{}, fmt.Errorf("media: recording of %s: %w", eventID, err)
	}
	return r, nil
}

const segmentColumns = `id, recording_id, slug, title, description, start_ms, end_ms, speaker_ids::text[] AS speaker_ids`

// segmentsOf lists a recording's segments in the order they play.
func segmentsOf(ctx context.Context, db postgres.DB, recordingID string) ([]Segment, error) {
	rows, _ := db.Query(ctx, `SELECT `+segmentColumns+` FROM media_segments WHERE recording_id = $1
		ORDER BY start_ms, end_ms, slug`, recordingID)
	segments, err := pgx.CollectRows(rows, pgx.RowToStructByName[Segment])
	if err != nil {
		return nil, fmt.Errorf("media: segments of %s: %w", recordingID, postgres.MapError(err))
	}
	return segments, nil
}

// segmentByID reads one segment of a recording, locked for change.
func segmentByID(ctx context.Context, db postgres.DB, recordingID, id string) (Segment, error) {
	rows, _ := db.Query(ctx, `SELECT `+segmentColumns+` FROM media_segments WHERE recording_id = $1 AND id = $2
		FOR UPDATE`, recordingID, id)
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Segment])
	if err != nil {
		return Segment{}, fmt.Errorf("media: segment %s: %w", id, postgres.MapError(err))
	}
	return s, nil
}

func insertSegment(ctx context.Context, db postgres.DB, recordingID string, s Segment) (Segment, error) {
	rows, _ := db.Query(ctx, `INSERT INTO media_segments (recording_id, slug, title, description, start_ms, end_ms, speaker_ids)
		VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[]) RETURNING `+segmentColumns,
		recordingID, s.Slug, s.Title, s.Description, s.StartMs, s.EndMs, s.Speakers)
	saved, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Segment])
	if err != nil {
		return Segment{}, fmt.Errorf("media: insert segment %q: %w", s.Slug, postgres.MapError(err))
	}
	return saved, nil
}

func updateSegment(ctx context.Context, db postgres.DB, s Segment) (Segment, error) {
	rows, _ := db.Query(ctx, `UPDATE media_segments SET slug = $3, title = $4, description = $5, start_ms = $6,
		end_ms = $7, speaker_ids = $8::uuid[] WHERE recording_id = $1 AND id = $2 RETURNING `+segmentColumns,
		s.RecordingID, s.ID, s.Slug, s.Title, s.Description, s.StartMs, s.EndMs, s.Speakers)
	saved, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Segment])
	if err != nil {
		return Segment{}, fmt.Errorf("media: update segment %s: %w", s.ID, postgres.MapError(err))
	}
	return saved, nil
}

func deleteSegment(ctx context.Context, db postgres.DB, recordingID, id string) error {
	tag, err := db.Exec(ctx, `DELETE FROM media_segments WHERE recording_id = $1 AND id = $2`, recordingID, id)
	if err != nil {
		return fmt.Errorf("media: delete segment %s: %w", id, postgres.MapError(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("media: segment %s: %w", id, errs.ErrNotFound)
	}
	return nil
}

func deleteSegments(ctx context.Context, db postgres.DB, recordingID string) error {
	if _, err := db.Exec(ctx, `DELETE FROM media_segments WHERE recording_id = $1`, recordingID); err != nil {
		return fmt.Errorf("media: delete segments of %s: %w", recordingID, postgres.MapError(err))
	}
	return nil
}
