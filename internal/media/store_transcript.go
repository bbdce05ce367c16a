package media

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/page"
	"plenary/internal/postgres"
)

// headlineOptions make ts_headline mark matches with our private-use
// markers (cueText keeps them out of the text) and keep the whole line:
// a cue is a sentence or two.
const headlineOptions = `StartSel="` + markStart + `", StopSel="` + markStop + `", HighlightAll=true`

// transcriptLines pages through a recording's transcript in order; with
// query (websearch syntax) only the lines that match, each with its
// highlighted text.
func transcriptLines(ctx context.Context, db postgres.DB, recordingID, query string, q page.Query[seqKey]) ([]TranscriptLine, error) {
	var after *int
	if q.After != nil {
		after = &q.After.Seq
	}
	var rows pgx.Rows
	if query == "" {
		rows, _ = db.Query(ctx, `SELECT seq, start_ms, end_ms, text, NULL::text AS headline
			FROM media_transcript_lines WHERE recording_id = $1 AND ($2::int IS NULL OR seq > $2)
			ORDER BY seq LIMIT $3`, recordingID, after, q.Fetch())
	} else {
		rows, _ = db.Query(ctx, `WITH hits AS (
				SELECT seq, start_ms, end_ms, text, query FROM media_transcript_lines, websearch_to_tsquery('english', $4) AS query
				WHERE recording_id = $1 AND search @@ query AND ($2::int IS NULL OR seq > $2)
				ORDER BY seq LIMIT $3)
			SELECT seq, start_ms, end_ms, text, ts_headline('english', text, query, $5) AS headline FROM hits ORDER BY seq`,
			recordingID, after, q.Fetch(), query, headlineOptions)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowToStructByName[TranscriptLine])
	if err != nil {
		return nil, fmt.Errorf("media: transcript of %s: %w", recordingID, postgres.MapError(err))
	}
	return lines, nil
}

// searchHits finds the transcript lines that match query in the
// recordings of the events listed (nil: every event), newest recording
// first and in order within each.
func searchHits(ctx context.Context, db postgres.DB, eventIDs []string, query string, q page.Query[hitKey]) ([]SearchHit, error) {
	var (
		afterCreated *time.Time
		afterRec     *string
		afterSeq     *int
	)
	if q.After != nil {
		afterCreated, afterRec, afterSeq = &q.After.CreatedAt, &q.After.RecordingID, &q.After.Seq
	}
	rows, _ := db.Query(ctx, `WITH hits AS (
			SELECT r.event_id, r.created_at, l.recording_id, l.seq, l.start_ms, l.end_ms, l.text, query
			FROM media_transcript_lines l JOIN media_recordings r ON r.id = l.recording_id,
				websearch_to_tsquery('english', $1) AS query
			WHERE l.search @@ query AND ($2::uuid[] IS NULL OR r.event_id = ANY ($2::uuid[]))
				AND ($3::timestamptz IS NULL OR r.created_at < $3
					OR (r.created_at = $3 AND (l.recording_id, l.seq) > ($4::uuid, $5::int)))
			ORDER BY r.created_at DESC, l.recording_id, l.seq LIMIT $6)
		SELECT event_id::text AS event_id, created_at, recording_id::text AS recording_id, seq, start_ms, end_ms, text,
			ts_headline('english', text, query, $7) AS headline
		FROM hits ORDER BY hits.created_at DESC, hits.recording_id, hits.seq`,
		query, eventIDs, afterCreated, afterRec, afterSeq, q.Fetch(), headlineOptions)
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByName[SearchHit])
	if err != nil {
		return nil, fmt.Errorf("media: search transcripts: %w", postgres.MapError(err))
	}
	return hits, nil
}
