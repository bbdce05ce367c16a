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
	g.GET("/manage/events/:id/messages/:mid/preview.html", h.messagePreview, read)
	g.GET("/manage/events/:id/registrations/:rid/messages", h.registrantMessages, read)
	g.GET("/manage/events/:id/mail-settings", h.settings, read)
	g.PUT("/manage/events/:id/mail-settings", h.setSettings, write)
	g.GET("/manage/events/:id/broadcasts", h.broadcasts, read)
	g.POST("/manage/events/:id/broadcasts", h.sendBroadcast, write)
	g.POST("/manage/events/:id/broadcasts/preview", h.previewBroadcast, write)
	g.GET("/manage/events/:id/broadcasts/preview.html", h.broadcastPreviewPage, write)
	g.POST("/manage/events/:id/broadcasts/test", h.testBroadcast, write)
	g.GET("/manage/suppressions", h.suppressions, read)
	g.POST("/manage/suppressions", h.suppress, write)
	g.DELETE("/manage/suppressions/:email", h.unsuppress, write)
	g.GET("/unsubscribe/:token", h.unsubscribed)
	g.POST("/unsubscribe/:token", h.unsubscribe)
}

// outboxPage is a page of messages and whether a mail server is set: without
// one, every message is only recorded, which the organiser's page says once
// rather than on each row.
type outboxPage struct {
	MessagePage
	MailServer bool `json:"mail_server"`
}

func (h *Handler) messages(c echo.Context) error {
	page, err := h.m.Messages(c.Request().Context(), c.Param("id"), MessageFilter{
		Status: c.QueryParam("status"), Kind: c.QueryParam("kind"), Page: httpserver.QueryPage(c)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, outboxPage{MessagePage: page, MailServer: h.m.HasMailServer()})
}

func (h *Handler) registrantMessages(c echo.Context) error {
	page, err := h.m.Messages(c.Request().Context(), c.Param("id"), MessageFilter{RegistrationID: c.Param("rid"), Page: httpserver.QueryPage(c)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, outboxPage{MessagePage: page, MailServer: h.m.HasMailServer()})
}

func (h *Handler) message(c echo.Context) error {
	d, err := h.m.MessageByID(c.Request().Context(), c.Param("id"), c.Param("mid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *Handler) messagePreview(c echo.Context) error {
	d, err := h.m.MessageByID(c.Request().Context(), c.Param("id"), c.Param("mid"))
	if err != nil {
		return err
	}
	return emailPreview(c, d.HTML)
}

// broadcastPreviewPage renders an unsent broadcast from the query, so that
// the composer's frame can load it as a page of its own.
func (h *Handler) broadcastPreviewPage(c echo.Context) error {
	p, err := h.m.PreviewBroadcast(c.Request().Context(), c.Param("id"), BroadcastInput{Segment: c.QueryParam("segment"),
		Sector: c.QueryParam("sector"), Subject: c.QueryParam("subject"), Body: c.QueryParam("body")})
	if err != nil {
		return err
	}
	return emailPreview(c, p.HTML)
}

// previewPolicy lets an email's HTML part look as it does in a mail
// client, styled by its inline styles, and do nothing more: no scripts, no
// fetches, no forms, an opaque origin, framed by the organiser's own pages
// only. The SPA's own policy, which a srcdoc frame would inherit, forbids
// inline styles.
const previewPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox"

// emailPreview answers with an email's HTML part as a page of its own.
func emailPreview(c echo.Context, html string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentSecurityPolicy, previewPolicy)
	h.Set(echo.HeaderXFrameOptions, "SAMEORIGIN")
	h.Set("Cache-Control", "no-store") // a registrant's message, or a draft
	return c.HTML(http.StatusOK, html)
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

func (h *Handler) broadcasts(c echo.Context) error {
	list, err := h.m.Broadcasts(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
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

func (h *Handler) suppressions(c echo.Context) error {
	list, err := h.m.Suppressions(c.Request().Context(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
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
