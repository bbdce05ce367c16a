package media

import (
	"log/slog"

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
}

// Service keeps recordings, segments, captions, transcripts and write-ups.
type Service struct {
	db     *pgxpool.Pool
	store  Storage
	events EventReader
	logger *slog.Logger
	opts   Options
}

// NewService returns the media service, keeping files in store.
func NewService(db *pgxpool.Pool, store Storage, eventReader EventReader, logger *slog.Logger, opts Options) *Service {
	return &Service{db: db, store: store, events: eventReader, logger: logger, opts: opts}
}
