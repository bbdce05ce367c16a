package media

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// recordingKey is where an uploaded file is kept in the storage.
func recordingKey(eventID, uploadID, contentType string) string {
	ext := ".mp4"
	if contentType == "video/webm" {
		ext = ".webm"
	}
	return "recordings/" + eventID + "/" + uploadID + ext
}

// adoptUpload makes the complete upload at path the event's recording:
// it streams the file into the storage, reads its duration and a poster
// frame when ffprobe and ffmpeg are installed, and replaces the earlier
// recording in one transaction (a new file is a draft again: its
// duration and captions are to be checked before it is published). The
// files it replaces are removed once that is committed.
func (s *Service) adoptUpload(ctx context.Context, eventID, uploadID, path string, size int64, contentType string) error {
	key := recordingKey(eventID, uploadID, contentType)
	if err := putFile(ctx, s.store, key, path, size, contentType); err != nil {
		return err
	}
	duration, err := probeDuration(ctx, s.opts.FFprobe, path)
	if err != nil {
		s.logger.Warn("media: no duration read from an upload", "upload", uploadID, "err", err)
	}
	posterKey := s.storePoster(ctx, eventID, uploadID, path, duration)
	var replaced []string
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		replaced = nil
		old, err := lockRecording(ctx, tx, eventID)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		replaced = filesOf(old)
		_, err = tx.Exec(ctx, `
			INSERT INTO media_recordings (event_id, kind, storage_key, content_type, size_bytes, duration_seconds, poster_key)
			VALUES ($1, 'upload', $2, $3, $4, $5, $6)
			ON CONFLICT (event_id) DO UPDATE SET kind = 'upload', external_url = NULL, storage_key = EXCLUDED.storage_key,
				content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
				duration_seconds = EXCLUDED.duration_seconds, poster_key = EXCLUDED.poster_key,
				status = 'draft', published_at = NULL, published_without_captions = false, updated_at = now()`,
			eventID, key, contentType, size, duration, posterKey)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM media_uploads WHERE id = $1`, uploadID)
		return err
	})
	if err != nil {
		s.removeFiles(ctx, append([]string{key}, filesOf(Recording{PosterKey: posterKey})...)...)
		return fmt.Errorf("media: adopt upload %s: %w", uploadID, err)
	}
	s.removeFiles(ctx, replaced...)
	return nil
}

// storePoster keeps a frame of the video as its poster and returns its
// key, or nil when there is none (no ffmpeg, or it failed: a recording
// plays without a poster).
func (s *Service) storePoster(ctx context.Context, eventID, uploadID, path string, duration *int) *string {
	jpeg, err := posterFrame(ctx, s.opts.FFmpeg, path, duration)
	if err != nil {
		s.logger.Warn("media: no poster made from an upload", "upload", uploadID, "err", err)
		return nil
	}
	if jpeg == "" {
		return nil
	}
	defer os.RemoveAll(filepath.Dir(jpeg))
	st, err := os.Stat(jpeg)
	if err != nil {
		s.logger.Warn("media: no poster made from an upload", "upload", uploadID, "err", err)
		return nil
	}
	key := strings.TrimSuffix(recordingKey(eventID, uploadID, ""), ".mp4") + ".jpg"
	if err := putFile(ctx, s.store, key, jpeg, st.Size(), "image/jpeg"); err != nil {
		s.logger.Warn("media: poster not stored", "upload", uploadID, "err", err)
		return nil
	}
	return &key
}

// putFile streams the file at path into the storage under key: a 2 GB
// recording is never held in memory.
func putFile(ctx context.Context, store Storage, key, path string, size int64, contentType string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("media: store %s: %w", key, err)
	}
	defer f.Close()
	if err := store.Put(ctx, key, f, size, contentType); err != nil {
		return fmt.Errorf("media: store %s: %w", key, err)
	}
	return nil
}

// insertUpload records a tus upload of the event under way.
func insertUpload(ctx context.Context, db *pgxpool.Pool, id, eventID string, userID *string, size int64, filename string) error {
	_, err := db.Exec(ctx, `INSERT INTO media_uploads (id, event_id, user_id, size_bytes, filename)
		VALUES ($1, $2, $3, $4, $5)`, id, eventID, userID, size, filename)
	if err != nil {
		return fmt.Errorf("media: record upload: %w", postgres.MapError(err))
	}
	return nil
}

// uploadEventOf returns the event of the upload id, or "" when there is
// no such upload.
func uploadEventOf(ctx context.Context, db *pgxpool.Pool, id string) (string, error) {
	var eventID string
	err := db.QueryRow(ctx, `SELECT event_id FROM media_uploads WHERE id = $1`, id).Scan(&eventID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("media: upload %s: %w", id, postgres.MapError(err))
	}
	return eventID, nil
}

// deleteUpload forgets the upload id.
func deleteUpload(ctx context.Context, db *pgxpool.Pool, id string) error {
	if _, err := db.Exec(ctx, `DELETE FROM media_uploads WHERE id = $1`, id); err != nil {
		return fmt.Errorf("media: forget upload %s: %w", id, postgres.MapError(err))
	}
	return nil
}

// staleUploads lists up to ten uploads started longer than age ago.
func staleUploads(ctx context.Context, db *pgxpool.Pool, age time.Duration) ([]string, error) {
	rows, _ := db.Query(ctx, `SELECT id FROM media_uploads WHERE created_at < now() - make_interval(secs => $1)
		ORDER BY created_at LIMIT 10`, age.Seconds())
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("media: stale uploads: %w", postgres.MapError(err))
	}
	return ids, nil
}
