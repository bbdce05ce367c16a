// Package httpserver sets up Echo for every domain: request IDs, panic
// recovery, access log, metrics, body limit, secure headers, problem+json
// errors, health checks, the embedded SPA, per-request deadlines and
// graceful shutdown. Domain packages add their routes to the group returned
// by API; a handler that streams or serves a large file extends its own
// deadline with ExtendDeadline.
package httpserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configure the HTTP server.
type Options struct {
	Logger    *slog.Logger
	Pool      *pgxpool.Pool // checked by /readyz and reported by /metrics
	BodyLimit string        // e.g. "1M"
	SPA       fs.FS         // the built SPA; index.html answers unknown paths
	OpenAPI   []byte        // served at /api/openapi.yaml
	// PageMeta describes a page for link previews: the SPA's index.html
	// gets its title, description and Open Graph tags, so that previews
	// work without JavaScript. ok is false for pages with no own meta.
	PageMeta func(ctx context.Context, path string) (meta PageMeta, ok bool)
	// LargeBody reports the requests whose bodies may exceed BodyLimit
	// because their handler bounds them itself (a resumable upload's
	// bytes); nil: none.
	LargeBody func(c echo.Context) bool
}

// New returns Echo with the shared middleware, error handling, health and
// metrics endpoints, and the SPA. Add domain routes under API(e).
func New(opts Options) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(opts.Logger, spa{dist: opts.SPA, meta: opts.PageMeta})
	e.IPExtractor = echo.ExtractIPDirect() // behind a proxy, set a trusting extractor here

	m := newMetrics(prometheus.NewRegistry(), opts.Pool)

	e.Use(middleware.RequestID())
	e.Use(accessLog(opts.Logger, m))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: true, DisablePrintStack: true}))
	// The live page plays HLS through hls.js: it fetches the playlist and
	// segments from the stream's host (connect-src) and feeds the video a
	// MediaSource by blob: URL (media-src).
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		HSTSMaxAge:            31536000,
		ReferrerPolicy:        "strict-origin-when-cross-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' https: data:; media-src 'self' https: blob:; connect-src 'self' https:; frame-src 'self' https:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
	}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: opts.BodyLimit, Skipper: largeBody(opts.LargeBody)}))
	e.Use(OnlyAPI(readableInput))

	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/readyz", readyz(opts.Pool))
	e.GET("/metrics", echo.WrapHandler(m.handler()))
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", opts.OpenAPI)
	})
	return e
}

// largeBody is the body limit's skipper for the requests that bound their
// bodies themselves.
func largeBody(f func(echo.Context) bool) middleware.Skipper {
	if f == nil {
		return middleware.DefaultSkipper
	}
	return f
}

// API returns the group every JSON API route lives under. Add middleware
// with OnlyAPI on the Echo, not on the group (see OnlyAPI).
func API(e *echo.Echo) *echo.Group { return e.Group(apiPrefix) }

const apiPrefix = "/api/v1"

// OnlyAPI applies mw to API requests only. Echo's Group.Use would register
// a catch-all route for the group, which answers 404 where 405 is right.
func OnlyAPI(mw echo.MiddlewareFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		wrapped := mw(next)
		return func(c echo.Context) error {
			if p := c.Request().URL.Path; p == apiPrefix || strings.HasPrefix(p, apiPrefix+"/") {
				return wrapped(c)
			}
			return next(c)
		}
	}
}

func readyz(pool *pgxpool.Pool) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := pool.Ping(ctx); err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
	}
}

// Deadlines bound how long one request may hold its connection. They suit
// ordinary routes, which answer in well under a second; a handler meant to
// last (an event stream, a large download or upload) moves its own with
// ExtendDeadline.
type Deadlines struct {
	ReadHeader time.Duration // to read the request line and headers
	Read       time.Duration // to read the whole request, body included
	Write      time.Duration // from reading the headers to the end of the response
	Idle       time.Duration // for a kept-alive connection's next request
}

// DefaultDeadlines are the ordinary routes' deadlines, the ones Serve uses.
var DefaultDeadlines = Deadlines{ReadHeader: 10 * time.Second, Read: 30 * time.Second,
	Write: 60 * time.Second, Idle: 120 * time.Second}

// NewServer returns the http.Server that serves handler with deadlines d;
// Serve runs it with DefaultDeadlines.
func NewServer(handler http.Handler, logger *slog.Logger, d Deadlines) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: d.ReadHeader,
		ReadTimeout:       d.Read,
		WriteTimeout:      d.Write,
		IdleTimeout:       d.Idle,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// ExtendDeadline lets the request c go on for d from now instead of until
// the server's ordinary deadlines. A handler that streams (server-sent
// events) calls it before each write, so the stream lasts as long as it
// keeps sending while a client that stops reading is still cut off d
// later; a download or upload calls it once with time enough for the file.
//
// It moves the read deadline as well as the write one, so that an upload
// has the same time to arrive, and so that a request whose body has been
// read ends when its time is up: net/http then cancels its context, and a
// stream waiting for something to send lets its connection go.
func ExtendDeadline(c echo.Context, d time.Duration) error {
	rc := http.NewResponseController(c.Response())
	until := time.Now().Add(d)
	if err := errors.Join(rc.SetWriteDeadline(until), rc.SetReadDeadline(until)); err != nil {
		return fmt.Errorf("httpserver: extend deadline: %w", err)
	}
	return nil
}

// Serve answers requests on ln until ctx is done, then stops accepting new
// connections and lets in-flight requests finish for up to grace.
func Serve(ctx context.Context, handler http.Handler, ln net.Listener, grace time.Duration, logger *slog.Logger) error {
	srv := NewServer(handler, logger, DefaultDeadlines)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return fmt.Errorf("httpserver: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests", "grace", grace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("httpserver: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("httpserver: %w", err)
	}
	return nil
}
