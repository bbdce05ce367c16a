package live

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// joinRoutes adds the live page and the live settings: moderators read
// the settings, organisers change them.
func (h *Handler) joinRoutes(g *echo.Group) {
	g.GET("/live/:token", h.page)
	g.GET("/manage/events/:id/live/settings", h.settings, accounts.RequireSignedIn)
	g.PUT("/manage/events/:id/live/settings", h.setSettings, accounts.RequireOrganiser)
}

func (h *Handler) page(c echo.Context) error {
	page, err := h.svc.Page(c.Request().Context(), liveToken(c))
	if err != nil {
		return err
	}
	// Personal, and its stream address is for this registrant alone.
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, page)
}

func (h *Handler) settings(c echo.Context) error {
	set, err := h.svc.Settings(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}

func (h *Handler) setSettings(c echo.Context) error {
	var req SettingsInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	set, err := h.svc.SetSettings(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}
