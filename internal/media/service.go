package media

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/token"
)

// Options configure the media service.
type Options struct {
	BaseURL        string // the site's public URL, for share links and embeds
	MaxUploadBytes int64  // the largest recording accepted
	FFprobe        string // path of ffprobe; "" when it is not installed
	FFmpeg         string // path of ffmpeg, for poster frames; "" when it is not installed
	UploadDir      string // where tus uploads wait until complete (a folder of this machine)
	Keys           token.Keyed
	// RecordingPublished runs inside the transaction that takes an event's
	// recording from draft to published, after its row says so, so that
	// what publishing sets off (the follow-up mail's outbox rows and River
	// jobs, queued with InsertTx) commits with it or not at all: an error
	// rolls the publication back and is returned to the organiser. It runs
	// at each such change, so a recording unpublished and published again
	// calls it twice; the receiver decides what it sends once. A
	// transaction retried (postgres.InTx, after a serialization failure)
	// calls it again with the new tx. nil: none.
	RecordingPublished func(ctx context.Context, tx pgx.Tx, eventID string) error
	Questions          QuestionReader   // answered questions for the replay page (live.Service)
	Now                func() time.Time // the clock replay reports are counted by; nil: time.Now
}

// Service keeps recordings, segments, captions, transcripts and write-ups.
type Service struct {
	db     *pgxpool.Pool
	store  Storage
	events EventReader
	logger *slog.Logger
	opts   Options
	files  *fileCache // the published file of each slug, for a second
}

// NewService returns the media service, keeping files in store.
func NewService(db *pgxpool.Pool, store Storage, eventReader EventReader, logger *slog.Logger, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: db, store: store, events: eventReader, logger: logger, opts: opts, files: newFileCache()}
}

// now is the service's clock.
func (s *Service) now() time.Time { return s.opts.Now() }
