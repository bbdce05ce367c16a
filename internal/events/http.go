package events

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
	"plenary/internal/links"
)

// Handler serves the event endpoints.
type Handler struct {
	svc   *Service
	links links.Site
}

// NewHandler returns the event endpoints; baseURL makes links to pages.
func NewHandler(svc *Service, baseURL string) *Handler {
	return &Handler{svc: svc, links: links.New(baseURL)}
}

// Routes adds the public and organiser event endpoints. Organisers and
// admins write; moderators read.
func (h *Handler) Routes(g *echo.Group) {
	g.GET("/events", h.list)
	g.GET("/events/:slug", h.page)
	g.GET("/events/:slug/calendar.ics", h.calendar)

	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events", h.manageList, read)
	g.POST("/manage/events", h.create, write)
	g.GET("/manage/events/:id", h.get, read)
	g.PATCH("/manage/events/:id", h.update, write)
	g.DELETE("/manage/events/:id", h.delete, write)
	g.POST("/manage/events/:id/publish", h.statusChange((*Service).Publish), write)
	g.POST("/manage/events/:id/unpublish", h.statusChange((*Service).Unpublish), write)
	g.POST("/manage/events/:id/cancel", h.cancel, write)
	g.POST("/manage/events/:id/duplicate", h.duplicate, write)
	g.PUT("/manage/events/:id/speakers", h.setSpeakers, write)
	g.PUT("/manage/events/:id/partners", h.setPartners, write)
	g.POST("/manage/events/:id/agenda", h.addAgendaItem, write)
	g.PUT("/manage/events/:id/agenda/order", h.reorderAgenda, write)
	g.PUT("/manage/events/:id/agenda/:item", h.updateAgendaItem, write)
	g.DELETE("/manage/events/:id/agenda/:item", h.deleteAgendaItem, write)

	g.POST("/manage/markdown", h.previewMarkdown, write)

	g.GET("/manage/people", h.listPeople, read)
	g.POST("/manage/people", h.createPerson, write)
	g.PUT("/manage/people/:id", h.updatePerson, write)
	g.DELETE("/manage/people/:id", h.deletePerson, write)
	g.GET("/manage/organisations", h.listOrganisations, read)
	g.POST("/manage/organisations", h.createOrganisation, write)
	g.PUT("/manage/organisations/:id", h.updateOrganisation, write)
	g.DELETE("/manage/organisations/:id", h.deleteOrganisation, write)
}

func (h *Handler) list(c echo.Context) error {
	page, err := h.svc.List(c.Request().Context(), ListQuery{
		When: c.QueryParam("when"), Topic: c.QueryParam("topic"), Search: c.QueryParam("q"), Page: httpserver.QueryPage(c),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// page serves the cached JSON of a public event page, with an ETag.
func (h *Handler) page(c echo.Context) error {
	page, err := h.svc.PublicPage(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	header := c.Response().Header()
	header.Set("ETag", page.ETag)
	header.Set("Cache-Control", "no-cache")
	if c.Request().Header.Get("If-None-Match") == page.ETag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSONBlob(http.StatusOK, page.Body)
}

func (h *Handler) calendar(c echo.Context) error {
	slug := c.Param("slug")
	d, err := h.svc.PublicDetail(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	ics, err := Calendar(d, CalendarOptions{PageURL: h.links.Event(slug), Method: "PUBLISH", Now: time.Now()})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+slug+`.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", ics)
}

func (h *Handler) manageList(c echo.Context) error {
	events, err := h.svc.ListAll(c.Request().Context(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, events)
}

func (h *Handler) create(c echo.Context) error {
	var req NewEvent
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	user, _ := accounts.CurrentUser(c)
	e, err := h.svc.Create(c.Request().Context(), user.ID, req)
	if err != nil {
		return err
	}
	return h.respondDetail(c, http.StatusCreated, e.ID)
}

func (h *Handler) get(c echo.Context) error {
	return h.respondDetail(c, http.StatusOK, c.Param("id"))
}

func (h *Handler) respondDetail(c echo.Context, status int, id string) error {
	d, err := h.svc.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(status, d)
}

func (h *Handler) update(c echo.Context) error {
	var req EventPatch
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	if _, err := h.svc.Update(c.Request().Context(), c.Param("id"), req); err != nil {
		return err
	}
	return h.respondDetail(c, http.StatusOK, c.Param("id"))
}

func (h *Handler) delete(c echo.Context) error {
	if err := h.svc.Delete(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) statusChange(change func(*Service, context.Context, string) (Event, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := change(h.svc, c.Request().Context(), c.Param("id")); err != nil {
			return err
		}
		return h.respondDetail(c, http.StatusOK, c.Param("id"))
	}
}

// cancel calls the event off; the body, with the organiser's message, is
// optional (a request without one sends no Content-Type).
func (h *Handler) cancel(c echo.Context) error {
	var req Cancellation
	if c.Request().ContentLength != 0 || c.Request().Header.Get(echo.HeaderContentType) != "" {
		if err := httpserver.BindJSON(c, &req); err != nil {
			return err
		}
	}
	if _, err := h.svc.Cancel(c.Request().Context(), c.Param("id"), req); err != nil {
		return err
	}
	return h.respondDetail(c, http.StatusOK, c.Param("id"))
}

// duplicate copies the event as a draft for the signed-in organiser and
// answers with the copy, whose editor the organiser goes to next.
func (h *Handler) duplicate(c echo.Context) error {
	user, _ := accounts.CurrentUser(c)
	e, err := h.svc.Duplicate(c.Request().Context(), c.Param("id"), user.ID)
	if err != nil {
		return err
	}
	return h.respondDetail(c, http.StatusCreated, e.ID)
}

// PageMeta describes a public event page for link previews; the SPA shell
// carries it so that previews work without JavaScript.
func (h *Handler) PageMeta(ctx context.Context, path string) (httpserver.PageMeta, bool) {
	slug, ok := strings.CutPrefix(path, "/events/")
	if !ok || slug == "" || strings.Contains(slug, "/") {
		return httpserver.PageMeta{}, false
	}
	d, err := h.svc.PublicDetail(ctx, slug)
	if err != nil {
		return httpserver.PageMeta{}, false
	}
	title := d.Title
	if d.Status == StatusCancelled {
		title = "Cancelled: " + title
	}
	return httpserver.PageMeta{Title: title, Description: d.Summary, URL: h.links.Event(slug), Image: d.CoverImageURL}, true
}

type markdownRequest struct {
	Markdown string `json:"markdown"`
}

type markdownPreview struct {
	HTML string `json:"html"`
}

// previewMarkdown renders Markdown exactly as event pages will show it.
func (h *Handler) previewMarkdown(c echo.Context) error {
	var req markdownRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	if len(req.Markdown) > 50000 {
		return errs.Validation{"markdown": "Keep the text to 50,000 characters."}
	}
	return c.JSON(http.StatusOK, markdownPreview{HTML: RenderMarkdown(req.Markdown)})
}
