// Package app wires the domain services and their routes into one HTTP
// handler. cmd/server serves it; API tests drive the same wiring.
package app

import (
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/config"
	"plenary/internal/httpserver"
	"plenary/web"
)

// App is the wired application.
type App struct {
	Echo     *echo.Echo
	Accounts *accounts.Service
}

// New wires every domain onto one Echo.
func New(cfg config.Config, pool *pgxpool.Pool, logger *slog.Logger) *App {
	e := httpserver.New(httpserver.Options{
		Logger:    logger,
		Pool:      pool,
		BodyLimit: cfg.BodyLimit,
		SPA:       web.Dist(),
		OpenAPI:   api.OpenAPI,
	})
	accountSvc := accounts.NewService(pool, cfg.SessionTTL)
	accountHTTP := accounts.NewHandler(accountSvc, cfg.SecureCookies())

	// Middleware on the whole Echo rather than the group: a group's
	// middleware adds a catch-all route that would turn 405s into 404s.
	e.Use(httpserver.OnlyAPI(accountHTTP.Authenticate))
	accountHTTP.Routes(httpserver.API(e))

	return &App{Echo: e, Accounts: accountSvc}
}
