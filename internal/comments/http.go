package comments

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// An address may post a burst of comments, then one every few minutes,
// from however many IPs: a flood under one address is a bot, and each
// comment emails that address.
const (
	emailBurst = 5
	emailEvery = 2 * time.Minute
)

// Handler serves the comment endpoints.
type Handler struct {
	svc      *Service
	perIP    *httpserver.Limiter // nil: no limit
	perEmail *httpserver.Limiter
}

// NewHandler returns the comment endpoints; perMinute limits the comments
// one IP may post (0: no limit). Each address is limited too.
func NewHandler(svc *Service, perMinute int) *Handler {
	h := &Handler{svc: svc, perEmail: httpserver.NewLimiter(emailBurst, emailEvery)}
	if perMinute > 0 {
		h.perIP = httpserver.NewLimiter(perMinute, time.Minute/time.Duration(perMinute))
	}
	return h
}

// Routes adds the public endpoints, the commenter's links and the
// moderators' endpoints. Moderators moderate; organisers choose the mode.
func (h *Handler) Routes(g *echo.Group) {
	g.GET("/events/:slug/comments", h.threads)
	g.POST("/events/:slug/comments", h.post)
	g.POST("/comments/:token/confirm", h.confirm)
	g.POST("/comments/:token/delete", h.deleteByToken)

	mod := accounts.RequireSignedIn
	g.GET("/manage/events/:id/comments/settings", h.settings, mod)
	g.PUT("/manage/events/:id/comments/settings", h.setSettings, accounts.RequireOrganiser)
	g.GET("/manage/events/:id/comments", h.queue, mod)
	g.POST("/manage/events/:id/comments/:cid/reply", h.reply, accounts.RequireOrganiser)
	g.POST("/manage/events/:id/comments/:cid/:action", h.moderate, mod)
}

func (h *Handler) threads(c echo.Context) error {
	p, err := h.svc.Threads(c.Request().Context(), c.Param("slug"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) post(c echo.Context) error {
	if h.perIP != nil {
		if err := h.perIP.Allow(c.RealIP()); err != nil {
			return err
		}
	}
	var req NewComment
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	// Only a well-formed comment counts against its address, so that a
	// person fixing a comment that is too long is not held back.
	if err := req.Check(); err != nil {
		return err
	}
	if err := h.perEmail.Allow(strings.ToLower(req.Email)); err != nil {
		return err
	}
	receipt, err := h.svc.Post(c.Request().Context(), c.Param("slug"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, receipt)
}

func (h *Handler) confirm(c echo.Context) error {
	if err := h.svc.Confirm(c.Request().Context(), strings.TrimSpace(c.Param("token"))); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) deleteByToken(c echo.Context) error {
	if err := h.svc.DeleteByToken(c.Request().Context(), strings.TrimSpace(c.Param("token"))); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) settings(c echo.Context) error {
	s, err := h.svc.Settings(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handler) setSettings(c echo.Context) error {
	var req Settings
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	s, err := h.svc.SetSettings(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handler) queue(c echo.Context) error {
	p, err := h.svc.Queue(c.Request().Context(), c.Param("id"), c.QueryParam("status"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) moderate(c echo.Context) error {
	m, err := h.svc.Moderate(c.Request().Context(), c.Param("id"), c.Param("cid"), c.Param("action"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (h *Handler) reply(c echo.Context) error {
	var req ReplyRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	u, _ := accounts.CurrentUser(c)
	m, err := h.svc.Reply(c.Request().Context(), c.Param("id"), c.Param("cid"), u.ID, u.Name, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, m)
}
