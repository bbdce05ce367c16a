package registrations

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/links"
)

// Handler serves the registration endpoints.
type Handler struct {
	svc    *Service
	events *events.Service
	links  links.Site
	perIP  *httpserver.Limiter // nil: no limit
}

// NewHandler returns the registration endpoints; perMinute limits public
// registrations per IP (0: no limit).
func NewHandler(svc *Service, eventSvc *events.Service, baseURL string, perMinute int) *Handler {
	h := &Handler{svc: svc, events: eventSvc, links: links.New(baseURL)}
	if perMinute > 0 {
		h.perIP = httpserver.NewLimiter(perMinute, time.Minute/time.Duration(perMinute))
	}
	return h
}

// Routes adds the public, attendee (manage link) and organiser endpoints.
func (h *Handler) Routes(g *echo.Group) {
	g.GET("/events/:slug/registration-form", h.form)
	g.POST("/events/:slug/registrations", h.register)
	g.POST("/events/:slug/registration-link", h.emailLinkAgain)

	g.GET("/registration", h.attendee)
	g.PUT("/registration", h.updateDetails)
	g.POST("/registration/cancel", h.cancelByAttendee)
	g.DELETE("/registration/consents/:organisation", h.withdrawConsent)
	g.GET("/registration/calendar.ics", h.attendeeCalendar)

	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events/:id/registrations", h.list, read)
	g.GET("/manage/events/:id/export/registrations.csv", h.export, read)
	g.POST("/manage/events/:id/registrations/bulk", h.bulk, write)
	g.GET("/manage/events/:id/registrations/:rid", h.get, read)
	g.POST("/manage/events/:id/registrations/:rid/:action", h.decide, write)
	g.GET("/manage/events/:id/registration-counts", h.counts, read)
	g.GET("/manage/events/:id/registration-settings", h.settings, read)
	g.PUT("/manage/events/:id/registration-settings", h.setSettings, write)
	g.GET("/manage/events/:id/questions", h.questions, read)
	g.PUT("/manage/events/:id/questions", h.setQuestions, write)
}

func (h *Handler) form(c echo.Context) error {
	f, err := h.svc.FormFor(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}

func (h *Handler) register(c echo.Context) error {
	if h.perIP != nil {
		if err := h.perIP.Allow(c.RealIP()); err != nil {
			return err
		}
	}
	var req NewRegistration
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	receipt, err := h.svc.Register(c.Request().Context(), c.Param("slug"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, receipt)
}

func (h *Handler) emailLinkAgain(c echo.Context) error {
	if h.perIP != nil {
		if err := h.perIP.Allow(c.RealIP()); err != nil {
			return err
		}
	}
	var req LinkRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	receipt, err := h.svc.EmailLinkAgain(c.Request().Context(), c.Param("slug"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, receipt)
}

// AttendeeView is what a manage link shows: the registration, its event,
// and the registrant's own link to the live session (which shows the
// stream only while they hold a place).
type AttendeeView struct {
	Registration Registration `json:"registration"`
	Event        EventSummary `json:"event"`
	LiveURL      string       `json:"live_url"`
}

// EventSummary names the event a registration is for.
type EventSummary struct {
	Slug     string    `json:"slug"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Timezone string    `json:"timezone"`
	Status   string    `json:"status"`
}

func (h *Handler) attendeeView(c echo.Context, r Registration, status int) error {
	e, err := h.svc.EventSummary(c.Request().Context(), r.EventID)
	if err != nil {
		return err
	}
	return c.JSON(status, AttendeeView{Registration: r, Event: e, LiveURL: h.links.Live(h.svc.keys.Live(r.ID))})
}

func (h *Handler) attendee(c echo.Context) error {
	r, err := h.svc.ByToken(c.Request().Context(), httpserver.Bearer(c))
	if err != nil {
		return err
	}
	return h.attendeeView(c, r, http.StatusOK)
}

func (h *Handler) updateDetails(c echo.Context) error {
	var req Details
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.svc.UpdateDetails(c.Request().Context(), httpserver.Bearer(c), req)
	if err != nil {
		return err
	}
	return h.attendeeView(c, r, http.StatusOK)
}

func (h *Handler) cancelByAttendee(c echo.Context) error {
	r, err := h.svc.CancelByToken(c.Request().Context(), httpserver.Bearer(c))
	if err != nil {
		return err
	}
	return h.attendeeView(c, r, http.StatusOK)
}

func (h *Handler) withdrawConsent(c echo.Context) error {
	r, err := h.svc.WithdrawConsent(c.Request().Context(), httpserver.Bearer(c), c.Param("organisation"))
	if err != nil {
		return err
	}
	return h.attendeeView(c, r, http.StatusOK)
}

func (h *Handler) attendeeCalendar(c echo.Context) error {
	r, err := h.svc.ByToken(c.Request().Context(), httpserver.Bearer(c))
	if err != nil {
		return err
	}
	d, err := h.events.Get(c.Request().Context(), r.EventID)
	if err != nil {
		return err
	}
	ics, err := events.Calendar(d, events.CalendarOptions{PageURL: h.links.Event(d.Slug),
		JoinURL: h.links.Live(h.svc.keys.Live(r.ID)), Now: time.Now()})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+d.Slug+`.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", ics)
}

func (h *Handler) list(c echo.Context) error {
	page, err := h.svc.List(c.Request().Context(), c.Param("id"), Filter{
		Status: c.QueryParam("status"), Sector: c.QueryParam("sector"), Organisation: c.QueryParam("organisation"),
		Search: c.QueryParam("q"), Page: httpserver.QueryPage(c),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (h *Handler) export(c echo.Context) error {
	export, err := h.svc.OpenExport(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err // an unknown event is a problem, before any CSV is sent
	}
	header := c.Response().Header()
	header.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	header.Set(echo.HeaderContentDisposition, `attachment; filename="registrations.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return export.WriteTo(c.Request().Context(), c.Response())
}

func (h *Handler) get(c echo.Context) error {
	r, err := h.svc.Get(c.Request().Context(), c.Param("id"), c.Param("rid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (h *Handler) decide(c echo.Context) error {
	r, err := h.svc.Decide(c.Request().Context(), c.Param("id"), c.Param("rid"), Action(c.Param("action")))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

type bulkRequest struct {
	Action Action   `json:"action"`
	IDs    []string `json:"ids"`
}

func (h *Handler) bulk(c echo.Context) error {
	var req bulkRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	res, err := h.svc.DecideMany(c.Request().Context(), c.Param("id"), req.IDs, req.Action)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (h *Handler) counts(c echo.Context) error {
	counts, err := h.svc.Count(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, counts)
}

func (h *Handler) settings(c echo.Context) error {
	set, err := h.svc.Settings(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}

func (h *Handler) setSettings(c echo.Context) error {
	var req Settings
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	set, err := h.svc.SetSettings(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}

type questionsRequest struct {
	Questions []QuestionInput `json:"questions"`
}

type questionList struct {
	Items []Question `json:"items"`
}

func (h *Handler) questions(c echo.Context) error {
	qs, err := h.svc.Questions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, questionList{Items: qs})
}

func (h *Handler) setQuestions(c echo.Context) error {
	var req questionsRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	qs, err := h.svc.SetQuestions(c.Request().Context(), c.Param("id"), req.Questions)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, questionList{Items: qs})
}
