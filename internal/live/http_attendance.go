package live

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// Heartbeats a token may have counted: a page beats every 30 s, so even
// several tabs and reloads stay far below one per 5 s; sooner beats are
// answered, not counted (each still reads the presence so far).
const (
	heartbeatBurst = 20
	heartbeatEvery = 5 * time.Second
)

func (h *Handler) attendanceRoutes(g *echo.Group) {
	h.beats = httpserver.NewLimiter(heartbeatBurst, heartbeatEvery)
	g.POST("/live/:token/heartbeat", h.heartbeat)
}

// heartbeat counts the viewer present now; too frequent beats (over the
// per-token limit) are answered with the presence so far.
func (h *Handler) heartbeat(c echo.Context) error {
	token := liveToken(c)
	counted := h.beats.Allow(token) == nil
	p, err := h.svc.Heartbeat(c.Request().Context(), token, counted)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
