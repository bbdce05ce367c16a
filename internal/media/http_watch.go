package media

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// Reports a replay link may send at once, and how often after: a page
// reports every 15 s while the video plays and when it stops, so even a
// viewer skipping about stays well below this.
const (
	watchBurst = 20
	watchEvery = 2 * time.Second
)

// watchRoutes: a registrant's replay reports what they watched; staff
// read who watched what.
func (h *Handler) watchRoutes(g *echo.Group) {
	h.watches = httpserver.NewLimiter(watchBurst, watchEvery)
	g.POST("/replay/:token/progress", h.watch)
	g.GET("/manage/events/:id/recording/viewers", h.viewers, accounts.RequireSignedIn)
}

func (h *Handler) watch(c echo.Context) error {
	token := c.Param("token")
	if err := h.watches.AllowAt(token, h.svc.now()); err != nil {
		return err
	}
	var b WatchBeat
	if err := httpserver.BindJSON(c, &b); err != nil {
		return err
	}
	p, err := h.svc.Watch(c.Request().Context(), token, b)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// viewers shows emails to organisers (and admins) only, as attendance does.
func (h *Handler) viewers(c echo.Context) error {
	list, err := h.svc.ReplayViewers(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if user, _ := accounts.CurrentUser(c); user.Role != accounts.RoleOrganiser && user.Role != accounts.RoleAdmin {
		for i := range list {
			list[i].Email = ""
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": list})
}
