// Package media keeps what an event leaves behind: its recording (a file
// uploaded through tus into the media storage, or a YouTube or Vimeo
// video), the recording's segments (chapters, share URLs, embeds), its
// captions and the transcript built from them, and the event's write-up
// (Markdown in which {{segment SLUG}} embeds a segment's player). It owns
// the media_* tables and reads events through events.Service.
package media

import (
	"context"
	"io"
	"time"

	"plenary/internal/events"
)

// Storage keeps media files: a local folder (the default, under
// $DATA_DIR/media) or S3-compatible object storage for several servers.
type Storage interface {
	// Put stores size bytes read from r under key, streaming them: a
	// 2 GB recording is never held in memory.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open opens the file under key for reading at any offset (range
	// requests); errs.ErrNotFound when there is none.
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes the file under key; a missing one is no error.
	Delete(ctx context.Context, key string) error
	// SignedURL is a short-lived URL from which a browser reads the file
	// directly (S3: presigned), or "" when the server serves it itself.
	SignedURL(ctx context.Context, key string, ttl time.Duration) (string, error)
}

// Object is a stored file open for reading.
type Object interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// EventReader gives media the events it keeps recordings for.
type EventReader interface {
	Get(ctx context.Context, id string) (events.Detail, error)
	PublicDetail(ctx context.Context, slug string) (events.Detail, error) // a published event, by slug
	Names(ctx context.Context, ids []string) (map[string]events.Name, error)
}
