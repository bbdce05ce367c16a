// Package app wires the domain services and their routes into one HTTP
// handler. cmd/server serves it; API tests drive the same wiring.
package app

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/registrations"
	"plenary/web"
)

// App is the wired application.
type App struct {
	Echo          *echo.Echo
	Accounts      *accounts.Service
	Events        *events.Service
	Registrations *registrations.Service
	pool          *pgxpool.Pool
}

// New wires every domain onto one Echo.
func New(cfg config.Config, pool *pgxpool.Pool, logger *slog.Logger) *App {
	eventSvc := events.NewService(pool, logger)
	eventHTTP := events.NewHandler(eventSvc, cfg.BaseURL)
	registrationSvc := registrations.NewService(pool, cfg.BaseURL)
	eventSvc.SetSeatSyncer(registrationSvc)
	eventSvc.OnChange(registrationSvc.EventChanged)
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

	return &App{Echo: e, Accounts: accountSvc, Events: eventSvc, Registrations: registrationSvc, pool: pool}
}

// Run does the application's background work until ctx ends: today,
// keeping the event page cache in step with other server processes.
func (a *App) Run(ctx context.Context) error {
	return a.Events.Listen(ctx, a.pool)
}
