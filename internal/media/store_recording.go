package media

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

const recordingColumns = `r.id, r.event_id, r.kind, r.external_url, r.storage_key, r.content_type, r.size_bytes,
	r.duration_seconds, r.poster_key, r.status, r.published_at, r.published_without_captions, r.embed_origins,
	EXISTS (SELECT 1 FROM media_captions c WHERE c.recording_id = r.id) AS has_captions`

// rowQuerier is a pool or a transaction.
type rowQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// recordingOf reads the event's recording; forUpdate locks it for the
// rest of the transaction q is in.
func recordingOf(ctx context.Context, q rowQuerier, eventID string, forUpdate bool) (Recording, error) {
	sql := `SELECT ` + recordingColumns + ` FROM media_recordings r WHERE r.event_id = $1`
	if forUpdate {
		sql += ` FOR UPDATE OF r`
	}
	rows, _ := q.Query(ctx, sql, eventID)
	rec, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Recording])
	if errors.Is(err, pgx.ErrNoRows) {
		return Recording{}, errs.Publicf(errs.ErrNotFound, "This event has no recording yet.")
	}
	if err != nil {
		return Recording{}, fmt.Errorf("media: recording of %s: %w", eventID, postgres.MapError(err))
	}
	rec.HasPoster = rec.PosterKey != nil
	return rec, nil
}

// lockRecording reads the event's recording and holds it for the rest of
// tx. The lock is on the event, not the row, so that two writers of an
// event with no recording yet (two uploads finishing at once) also take
// turns, and the second sees, and removes, the first one's file.
func lockRecording(ctx context.Context, tx pgx.Tx, eventID string) (Recording, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('media_recordings ' || $1, 0))`, eventID); err != nil {
		return Recording{}, fmt.Errorf("media: lock recording of %s: %w", eventID, postgres.MapError(err))
	}
	return recordingOf(ctx, tx, eventID, true)
}

// Recording returns the event's recording, or a not-found error when it
// has none.
func (s *Service) Recording(ctx context.Context, eventID string) (Recording, error) {
	if err := checkEventID(eventID); err != nil {
		return Recording{}, err
	}
	return recordingOf(ctx, s.db, eventID, false)
}

// SetRecording makes the event's recording an external video, or changes
// the duration and the embedding sites of any recording. A file replaced
// by an external video is removed from the storage once the change is
// committed.
func (s *Service) SetRecording(ctx context.Context, eventID string, in RecordingInput) (Recording, error) {
	if err := checkEventID(eventID); err != nil {
		return Recording{}, err
	}
	in, err := in.normalise()
	if err != nil {
		return Recording{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Recording{}, err
	}
	var orphans []string
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		orphans = nil
		old, err := lockRecording(ctx, tx, eventID)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		if in.Kind == KindUpload {
			return s.updateUploaded(ctx, tx, old, err == nil, in)
		}
		orphans = filesOf(old)
		_, err = tx.Exec(ctx, `
			INSERT INTO media_recordings (event_id, kind, external_url, duration_seconds, embed_origins)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (event_id) DO UPDATE SET kind = EXCLUDED.kind, external_url = EXCLUDED.external_url,
				storage_key = NULL, content_type = NULL, size_bytes = NULL, poster_key = NULL,
				duration_seconds = EXCLUDED.duration_seconds, embed_origins = EXCLUDED.embed_origins, updated_at = now()`,
			eventID, in.Kind, in.ExternalURL, in.DurationSeconds, in.EmbedOrigins)
		if err != nil || !replacesVideo(old, in) {
			return err
		}
		// Another video is a draft again, as an upload is: the organiser
		// checks it (and its captions) before the public sees it.
		_, err = tx.Exec(ctx, `UPDATE media_recordings SET status = 'draft', published_at = NULL,
			published_without_captions = false WHERE event_id = $1`, eventID)
		return err
	})
	if err != nil {
		return Recording{}, fmt.Errorf("media: set recording of %s: %w", eventID, err)
	}
	s.removeFiles(ctx, orphans...)
	return s.Recording(ctx, eventID)
}

// updateUploaded changes the details of an uploaded recording; a file
// only becomes one through an upload.
func (s *Service) updateUploaded(ctx context.Context, tx pgx.Tx, old Recording, exists bool, in RecordingInput) error {
	if !exists || old.Kind != KindUpload {
		return errs.Validation{"kind": "Upload a video file first; it then becomes the recording."}
	}
	if in.DurationSeconds == nil && old.Status == StatusPublished {
		return errs.Validation{"duration_seconds": "A published recording needs its duration."}
	}
	_, err := tx.Exec(ctx, `UPDATE media_recordings SET duration_seconds = $2, embed_origins = $3, updated_at = now()
		WHERE id = $1`, old.ID, in.DurationSeconds, in.EmbedOrigins)
	return err
}

// DeleteRecording removes the event's recording, and its file and poster
// from the storage once that is committed. Its segments and captions go
// with it.
func (s *Service) DeleteRecording(ctx context.Context, eventID string) error {
	if err := checkEventID(eventID); err != nil {
		return err
	}
	var keys []string
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		rec, err := lockRecording(ctx, tx, eventID)
		if err != nil {
			return err
		}
		keys = filesOf(rec)
		_, err = tx.Exec(ctx, `DELETE FROM media_recordings WHERE id = $1`, rec.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("media: delete recording of %s: %w", eventID, err)
	}
	s.removeFiles(ctx, keys...)
	return nil
}

// PublishRecording shows the recording to the public. An uploaded file
// needs its duration; a recording without captions is published only when
// the organiser confirms it (WCAG 2.2, success criterion 1.2.2), and that
// confirmation is kept. A draft becoming published calls
// Options.RecordingPublished in the same transaction.
func (s *Service) PublishRecording(ctx context.Context, eventID string, req PublishRequest) (Recording, error) {
	if err := checkEventID(eventID); err != nil {
		return Recording{}, err
	}
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		rec, err := lockRecording(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if rec.Kind == KindUpload && (rec.StorageKey == nil || rec.DurationSeconds == nil) {
			return errs.Publicf(errs.ErrConflict, "Enter the recording's duration before publishing it.")
		}
		if !rec.HasCaptions && !req.WithoutCaptions {
			return errs.Publicf(errs.ErrConflict, "This recording has no captions, so deaf and hard-of-hearing viewers "+
				"cannot follow it (WCAG 2.2, success criterion 1.2.2). Upload captions first, or confirm that it "+
				`is to be published without them by sending {"without_captions": true}.`)
		}
		_, err = tx.Exec(ctx, `UPDATE media_recordings SET status = 'published', published_at = coalesce(published_at, now()),
			published_without_captions = $2, updated_at = now() WHERE id = $1`, rec.ID, !rec.HasCaptions)
		if err != nil || rec.Status == StatusPublished || s.opts.RecordingPublished == nil {
			return err
		}
		return s.opts.RecordingPublished(ctx, tx, eventID)
	})
	if err != nil {
		return Recording{}, fmt.Errorf("media: publish recording of %s: %w", eventID, err)
	}
	return s.Recording(ctx, eventID)
}

// UnpublishRecording takes the recording back to a draft.
func (s *Service) UnpublishRecording(ctx context.Context, eventID string) (Recording, error) {
	if err := checkEventID(eventID); err != nil {
		return Recording{}, err
	}
	tag, err := s.db.Exec(ctx, `UPDATE media_recordings SET status = 'draft', published_at = NULL,
		published_without_captions = false, updated_at = now() WHERE event_id = $1`, eventID)
	if err != nil {
		return Recording{}, fmt.Errorf("media: unpublish recording of %s: %w", eventID, postgres.MapError(err))
	}
	if tag.RowsAffected() == 0 {
		return Recording{}, errs.Publicf(errs.ErrNotFound, "This event has no recording yet.")
	}
	return s.Recording(ctx, eventID)
}

// replacesVideo says whether in names another video than old, an
// existing recording, does.
func replacesVideo(old Recording, in RecordingInput) bool {
	if old.ID == "" {
		return false
	}
	return old.Kind != in.Kind || old.ExternalURL == nil || in.ExternalURL == nil || *old.ExternalURL != *in.ExternalURL
}

// filesOf lists the stored files of rec.
func filesOf(rec Recording) []string {
	var keys []string
	for _, k := range []*string{rec.StorageKey, rec.PosterKey} {
		if k != nil {
			keys = append(keys, *k)
		}
	}
	return keys
}

// removeFiles deletes files no row names any more. A failure leaves an
// orphan file behind, not a broken recording, so it is logged, not
// returned.
func (s *Service) removeFiles(ctx context.Context, keys ...string) {
	for _, k := range keys {
		if err := s.store.Delete(context.WithoutCancel(ctx), k); err != nil {
			s.logger.Error("media: removing a replaced file", "key", k, "err", err)
		}
	}
}
