package media

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// saveCaptions keeps the recording's caption file, replacing any before.
func saveCaptions(ctx context.Context, db postgres.DB, recordingID, vtt string) (time.Time, error) {
	var at time.Time
	err := db.QueryRow(ctx, `INSERT INTO media_captions (recording_id, vtt) VALUES ($1, $2)
		ON CONFLICT (recording_id) DO UPDATE SET vtt = EXCLUDED.vtt, uploaded_at = now()
		RETURNING uploaded_at`, recordingID, vtt).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("media: save captions of %s: %w", recordingID, postgres.MapError(err))
	}
	return at, nil
}

// deleteCaptions removes the recording's captions and its transcript.
func deleteCaptions(ctx context.Context, db postgres.DB, recordingID string) error {
	if _, err := db.Exec(ctx, `DELETE FROM media_transcript_lines WHERE recording_id = $1`, recordingID); err != nil {
		return fmt.Errorf("media: delete transcript of %s: %w", recordingID, postgres.MapError(err))
	}
	tag, err := db.Exec(ctx, `DELETE FROM media_captions WHERE recording_id = $1`, recordingID)
	if err != nil {
		return fmt.Errorf("media: delete captions of %s: %w", recordingID, postgres.MapError(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("media: captions of %s: %w", recordingID, errs.Publicf(errs.ErrNotFound, "The recording has no captions."))
	}
	return nil
}

// captionsOf reads the recording's caption file.
func captionsOf(ctx context.Context, db postgres.DB, recordingID string) (string, error) {
	var vtt string
	err := db.QueryRow(ctx, `SELECT vtt FROM media_captions WHERE recording_id = $1`, recordingID).Scan(&vtt)
	if err != nil {
		return "", fmt.Errorf("media: captions of %s: %w", recordingID, postgres.MapError(err))
	}
	return vtt, nil
}

// replaceTranscript puts lines in place of the recording's transcript,
// copied in (COPY) since a long recording has thousands of cues.
func replaceTranscript(ctx context.Context, tx pgx.Tx, recordingID string, lines []TranscriptLine) error {
	if _, err := tx.Exec(ctx, `DELETE FROM media_transcript_lines WHERE recording_id = $1`, recordingID); err != nil {
		return fmt.Errorf("media: clear transcript of %s: %w", recordingID, postgres.MapError(err))
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"media_transcript_lines"},
		[]string{"recording_id", "seq", "start_ms", "end_ms", "text"},
		pgx.CopyFromSlice(len(lines), func(i int) ([]any, error) {
			l := lines[i]
			return []any{recordingID, l.Seq, l.StartMs, l.EndMs, l.Text}, nil
		}))
	if err != nil {
		return fmt.Errorf("media: write transcript of %s: %w", recordingID, postgres.MapError(err))
	}
	return nil
}
