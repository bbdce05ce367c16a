// Package app wires the domain services and their routes into one HTTP
// handler. cmd/server serves it; API tests drive the same wiring.
package app

import (
	"context"
	"log/slog"

	"golang.org/x/sync/errgroup"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/jobs"
	"plenary/internal/listen"
	"plenary/internal/mail"
	"plenary/internal/registrations"
	"plenary/internal/token"
	"plenary/web"
)

// App is the wired application.
type App struct {
	Echo          *echo.Echo
	Accounts      *accounts.Service
	Events        *events.Service
	Registrations *registrations.Service
	Mail          *mail.Mailer
	Keys          token.Keyed // derive manage and unsubscribe links
	pool          *pgxpool.Pool
	jobs          *jobs.Client
	listener      *listen.Listener
}

// New wires every domain onto one Echo. It reads the link key from the
// database when SECRET_KEY is not set.
func New(ctx context.Context, cfg config.Config, pool *pgxpool.Pool, logger *slog.Logger) (*App, error) {
	keys, err := token.LoadKey(ctx, pool, cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	jobClient, err := jobs.New(pool, logger)
	if err != nil {
		return nil, err
	}
	listener := listen.New(pool, logger)
	eventSvc := events.NewService(pool, logger, listener)
	eventHTTP := events.NewHandler(eventSvc, cfg.BaseURL)
	mailer, err := mail.New(pool, eventSvc, jobClient, mail.Options{BaseURL: cfg.BaseURL, From: cfg.MailFrom, SMTPURL: cfg.SMTPURL,
		Workers: cfg.MailWorkers, Keys: keys, Logger: logger, RetryBase: cfg.MailRetryBase,
		FollowUpChunk: cfg.MailFollowUpChunk})
	if err != nil {
		return nil, err
	}
	registrationSvc := registrations.NewService(pool, keys)
	registrationSvc.SetNotifier(mailer.Outbox)
	registrationSvc.SetPlacesWatcher(events.NewPlacesNotifier(pool, logger))
	eventSvc.SetPlacesCounter(registrationSvc)
	eventSvc.SetSeatSyncer(registrationSvc)
	eventSvc.Watch(mailer)
	eventSvc.OnChange(registrationSvc.EventChanged)
	eventSvc.CopyWith(registrationSvc)
	eventSvc.CopyWith(mailer)
	e := httpserver.New(httpserver.Options{
		Logger:    logger,
		Pool:      pool,
		BodyLimit: cfg.BodyLimit,
		SPA:       web.Dist(),
		OpenAPI:   api.OpenAPI,
		PageMeta:  eventHTTP.PageMeta,
	})
	accountSvc := accounts.NewService(pool, cfg.SessionTTL)
	accountHTTP := accounts.NewHandler(accountSvc, cfg.SecureCookies())

	// Middleware on the whole Echo rather than the group: a group's
	// middleware adds a catch-all route that would turn 405s into 404s.
	e.Use(httpserver.OnlyAPI(accountHTTP.Authenticate))
	api := httpserver.API(e)
	accountHTTP.Routes(api)
	eventHTTP.Routes(api)
	registrations.NewHandler(registrationSvc, eventSvc, cfg.BaseURL, cfg.RegistrationsPerMinute).Routes(api)
	mail.NewHandler(mailer).Routes(api)

	return &App{Echo: e, Accounts: accountSvc, Events: eventSvc, Registrations: registrationSvc, Mail: mailer, Keys: keys, pool: pool, jobs: jobClient, listener: listener}, nil
}

// Pool is the application's database pool.
func (a *App) Pool() *pgxpool.Pool { return a.pool }

// Run does the application's background work until ctx ends: keeping the
// event page cache in step with other server processes, and the jobs
// (sending mail among them).
func (a *App) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.listener.Run(ctx) })
	g.Go(func() error { return a.jobs.Run(ctx) })
	g.Go(func() error { return a.Mail.Run(ctx) })
	return g.Wait()
}
