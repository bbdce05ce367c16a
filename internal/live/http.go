package live

import (
	"strings"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
	"plenary/internal/links"
)

// Handler serves the live session's endpoints.
type Handler struct {
	svc   *Service
	links links.Site
	beats *httpserver.Limiter // heartbeats counted per live-page token
}

// NewHandler returns the live endpoints; baseURL makes links.
func NewHandler(svc *Service, baseURL string) *Handler {
	return &Handler{svc: svc, links: links.New(baseURL)}
}

// Routes adds the attendee endpoints (under /live/{token}: the token is in
// the path, as EventSource cannot send headers) and the moderators' ones
// (under /manage/events/{id}/live).
func (h *Handler) Routes(g *echo.Group) {
	h.joinRoutes(g)
	h.attendanceRoutes(g)
	h.questionRoutes(g)
	h.pollRoutes(g)
	h.streamRoutes(g)
}

// liveToken is the live-page token of the request's path.
func liveToken(c echo.Context) string { return strings.TrimSpace(c.Param("token")) }
