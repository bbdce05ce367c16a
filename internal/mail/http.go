package mail

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// Handler serves the outbox, the mail settings, broadcasts, suppressions
// and unsubscribe links.
type Handler struct {
	m     *Mailer
	perIP *httpserver.Limiter
}

// NewHandler returns the mail endpoints.
func NewHandler(m *Mailer) *Handler {
	return &Handler{m: m, perIP: httpserver.NewLimiter(30, 2*time.Second)}
}

// Routes adds the organiser and public mail endpoints.
func (h *Handler) Routes(g *echo.Group) {
	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events/:id/messages", h.messages, read)
	g.GET("/manage/events/:id/messages/:mid", h.message, read)
	g.GET("/manage/events/:id/registrations/:rid/messages", h.registrantMessages, read)
	g.GET("/manage/events/:id/mail-settings", h.settings, read)
	g.PUT("/manage/events/:id/mail-settings", h.setSettings, write)
	g.GET("/manage/events/:id/broadcasts", h.broadcasts, read)
	g.POST("/manage/events/:id/broadcasts", h.sendBroadcast, write)
	g.POST("/manage/events/:id/broadcasts/preview", h.previewBroadcast, write)
	g.POST("/manage/events/:id/broadcasts/test", h.testBroadcast, write)
	g.GET("/manage/suppressions", h.suppressions, read)
	g.POST("/manage/suppressions", h.suppress, write)
	g.DELETE("/manage/suppressions/:email", h.unsuppress, write)
	g.GET("/unsubscribe/:token", h.unsubscribed)
	g.POST("/unsubscribe/:token", h.unsubscribe)
}

func (h *Handler) messages(c echo.Context) error {
	page, err := h.m.Messages(c.Request().Context(), c.Param("id"), MessageFilter{
		Status: c.QueryParam("status"), Kind: c.QueryParam("kind"), Cursor: c.QueryParam("cursor"), Limit: httpserver.QueryLimit(c)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (h *Handler) registrantMessages(c echo.Context) error {
	page, err := h.m.Messages(c.Request().Context(), c.Param("id"), MessageFilter{RegistrationID: c.Param("rid"), Limit: 200})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (h *Handler) message(c echo.Context) error {
	d, err := h.m.MessageByID(c.Request().Context(), c.Param("id"), c.Param("mid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *Handler) settings(c echo.Context) error {
	s, err := h.m.Settings(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handler) setSettings(c echo.Context) error {
	var s Settings
	if err := httpserver.BindJSON(c, &s); err != nil {
		return err
	}
	saved, err := h.m.SetSettings(c.Request().Context(), c.Param("id"), s)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, saved)
}

type broadcastList struct {
	Items []Broadcast `json:"items"`
}

func (h *Handler) broadcasts(c echo.Context) error {
	list, err := h.m.Broadcasts(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, broadcastList{Items: list})
}

func (h *Handler) sendBroadcast(c echo.Context) error {
	var in BroadcastInput
	if err := httpserver.BindJSON(c, &in); err != nil {
		return err
	}
	u, _ := accounts.CurrentUser(c)
	b, err := h.m.SendBroadcast(c.Request().Context(), c.Param("id"), u.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

func (h *Handler) previewBroadcast(c echo.Context) error {
	var in BroadcastInput
	if err := httpserver.BindJSON(c, &in); err != nil {
		return err
	}
	p, err := h.m.PreviewBroadcast(c.Request().Context(), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) testBroadcast(c echo.Context) error {
	var in BroadcastInput
	if err := httpserver.BindJSON(c, &in); err != nil {
		return err
	}
	u, _ := accounts.CurrentUser(c)
	msg, err := h.m.TestBroadcast(c.Request().Context(), c.Param("id"), u.Email, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, msg)
}

type suppressionList struct {
	Items []Suppression `json:"items"`
}

func (h *Handler) suppressions(c echo.Context) error {
	list, err := h.m.Suppressions(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, suppressionList{Items: list})
}

func (h *Handler) suppress(c echo.Context) error {
	var in struct {
		Email  string `json:"email"`
		Reason string `json:"reason"`
	}
	if err := httpserver.BindJSON(c, &in); err != nil {
		return err
	}
	s, err := h.m.Suppress(c.Request().Context(), in.Email, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s)
}

func (h *Handler) unsuppress(c echo.Context) error {
	if err := h.m.Unsuppress(c.Request().Context(), c.Param("email")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) unsubscribed(c echo.Context) error {
	u, err := h.m.Unsubscribed(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

// unsubscribe takes the SPA's POST and a mail provider's RFC 8058
// one-click POST alike: the token in the path is the whole authority.
func (h *Handler) unsubscribe(c echo.Context) error {
	if err := h.perIP.Allow(c.RealIP()); err != nil {
		return err
	}
	u, err := h.m.Unsubscribe(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
