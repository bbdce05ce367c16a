package media

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/errs"
)

// EmbedRoutes adds the player pages other sites frame, /embed/{slug} and
// /embed/{slug}/{segment}, to e (they are pages, not API).
func (h *Handler) EmbedRoutes(e *echo.Echo) {
	e.GET("/embed/:slug", h.embed)
	e.GET("/embed/:slug/:segment", h.embed)
}

// embed answers with the player page and its own policy: framed by the
// recording's allowed origins only, where every other page may be framed
// by none. A page nobody may play is a small HTML 404, fit for a frame.
func (h *Handler) embed(c echo.Context) error {
	page, err := h.svc.Embed(c.Request().Context(), c.Param("slug"), c.Param("segment"))
	if errors.Is(err, errs.ErrNotFound) {
		c.Response().Header().Set(echo.HeaderContentSecurityPolicy, embedPolicy+"; frame-ancestors 'none'")
		return c.HTML(http.StatusNotFound, embedMissing)
	}
	if err != nil {
		return err
	}
	header := c.Response().Header()
	header.Set(echo.HeaderContentSecurityPolicy, page.Policy)
	if page.Framable {
		header.Del(echo.HeaderXFrameOptions) // DENY would override the allowed origins in older browsers
	}
	header.Set("Cache-Control", "public, max-age=60")
	return c.HTMLBlob(http.StatusOK, page.HTML)
}

const embedMissing = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recording not available</title></head>
<body><p>This recording is not available.</p></body></html>
`
