package media

import (
	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// Handler serves the media API under /api/v1.
type Handler struct {
	svc     *Service
	watches *httpserver.Limiter // replay reports, per replay link
}

// NewHandler returns the media API's handler.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Routes adds the media routes to g (/api/v1). Each topic's routes and
// handlers live in its own http_<topic>.go.
func (h *Handler) Routes(g *echo.Group) {
	h.fileRoutes(g)
	h.recordingRoutes(g)
	h.uploadRoutes(g)
	h.segmentRoutes(g)
	h.captionRoutes(g)
	h.writeupRoutes(g)
	h.watchRoutes(g)
}
