package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/bench/benchdb"
	"plenary/internal/accounts"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
)

// env is the application on a throwaway cluster, its media in a temp
// folder.
type env struct {
	pool *pgxpool.Pool
	app  *app.App
	cfg  config.Config
	stop func()
}

func start(ctx context.Context) (*env, error) {
	pool, stopDB, err := benchdb.Start(ctx, false)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "plenary-bench-media-")
	if err != nil {
		stopDB()
		return nil, err
	}
	cfg, err := config.Default()
	if err != nil {
		stopDB()
		return nil, err
	}
	cfg.DataDir = dir
	a, err := app.New(ctx, cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		stopDB()
		os.RemoveAll(dir)
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { _ = a.Run(runCtx); close(ran) }()
	return &env{pool: pool, app: a, cfg: cfg, stop: func() {
		cancel()
		<-ran
		stopDB()
		os.RemoveAll(dir)
	}}, nil
}

// organiser makes a user who organises events.
func (e *env) organiser(ctx context.Context, name string) (string, error) {
	u, err := e.app.Accounts.CreateUser(ctx, accounts.NewUser{Email: name + "@example.org", Name: name,
		Role: accounts.RoleOrganiser, Password: "correct horse battery staple"})
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// pastEvent makes and publishes an event of the organiser that ended
// yesterday.
func (e *env) pastEvent(ctx context.Context, organiserID, slug string) (string, error) {
	start := time.Now().Add(-24 * time.Hour).Truncate(time.Minute)
	ev, err := e.app.Events.Create(ctx, organiserID, events.NewEvent{Slug: slug, Title: "Recorded " + slug,
		StartsAt: &start, DurationMinutes: 60, Timezone: "Europe/London"})
	if err != nil {
		return "", fmt.Errorf("event %s: %w", slug, err)
	}
	if _, err := e.app.Events.Publish(ctx, ev.ID); err != nil {
		return "", fmt.Errorf("publish %s: %w", slug, err)
	}
	return ev.ID, nil
}

// publishRecording records an uploaded, published recording of the event,
// as the upload and publish endpoints would.
func (e *env) publishRecording(ctx context.Context, eventID, key string, size int64) (string, error) {
	var id string
	err := e.pool.QueryRow(ctx, `INSERT INTO media_recordings (event_id, kind, storage_key, content_type, size_bytes,
		duration_seconds, status, published_at) VALUES ($1, 'upload', $2, 'video/mp4', $3, 3600, 'published', now())
		RETURNING id`, eventID, key, size).Scan(&id)
	return id, err
}
