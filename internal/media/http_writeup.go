package media

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// writeupRoutes: organisers write the write-up, staff read it; the
// public reads an event's replay (write-up, recording, segments,
// answered questions).
func (h *Handler) writeupRoutes(g *echo.Group) {
	g.GET("/manage/events/:id/writeup", h.getWriteup, accounts.RequireSignedIn)
	g.PUT("/manage/events/:id/writeup", h.putWriteup, accounts.RequireOrganiser)
	g.GET("/events/:slug/replay", h.replay)
}

func (h *Handler) getWriteup(c echo.Context) error {
	w, err := h.svc.Writeup(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}

func (h *Handler) putWriteup(c echo.Context) error {
	var in WriteupInput
	if err := httpserver.BindJSON(c, &in); err != nil {
		return err
	}
	w, err := h.svc.SaveWriteup(c.Request().Context(), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}

func (h *Handler) replay(c echo.Context) error {
	r, err := h.svc.Replay(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}
