package live

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// Heartbeats a token may have counted: a page beats every 30 s, so even
// several tabs and reloads stay far below one per 5 s; sooner beats are
// answered, not counted (each still reads the presence so far).
const (
	heartbeatBurst = 20
	heartbeatEvery = 5 * time.Second
)

// reportTypes are the media types an attendance report may come as.
var reportTypes = []string{"text/csv", "text/tab-separated-values", "text/plain"}

func (h *Handler) attendanceRoutes(g *echo.Group) {
	h.beats = httpserver.NewLimiter(heartbeatBurst, heartbeatEvery)
	g.POST("/live/:token/heartbeat", h.heartbeat)

	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events/:id/live/attendance", h.attendanceList, read)
	g.POST("/manage/events/:id/live/attendance/import", h.importAttendance, write)
	g.PUT("/manage/events/:id/live/attendance/:rid", h.markAttendance, write)
}

// heartbeat counts the viewer present now; too frequent beats (over the
// per-token limit) are answered with the presence so far.
func (h *Handler) heartbeat(c echo.Context) error {
	token := liveToken(c)
	counted := h.beats.Allow(token) == nil // real time: it spares the database a flood
	p, err := h.svc.Heartbeat(c.Request().Context(), token, counted)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// attendanceList shows emails to organisers (and admins) only: a
// moderator sees who attended, not how to reach them.
func (h *Handler) attendanceList(c echo.Context) error {
	p, err := h.svc.Attendance(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	if user, _ := accounts.CurrentUser(c); user.Role != accounts.RoleOrganiser && user.Role != accounts.RoleAdmin {
		for i := range p.Items {
			p.Items[i].Email = ""
		}
	}
	return c.JSON(http.StatusOK, p)
}

// Mark is an organiser's mark by hand.
type Mark struct {
	Attended *bool `json:"attended"`
}

func (h *Handler) markAttendance(c echo.Context) error {
	var m Mark
	if err := httpserver.BindJSON(c, &m); err != nil {
		return err
	}
	if m.Attended == nil {
		return errs.Validation{"attended": "Say whether they attended: true or false."}
	}
	row, err := h.svc.MarkAttendance(c.Request().Context(), c.Param("id"), c.Param("rid"), *m.Attended)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, row)
}

// importAttendance reads a report sent as the body, as it was saved.
func (h *Handler) importAttendance(c echo.Context) error {
	mediaType, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if !slices.Contains(reportTypes, mediaType) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Send the report as text/csv (or text/tab-separated-values).")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, MaxReportBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, "The request body could not be read.")
	}
	result, err := h.svc.ImportAttendance(c.Request().Context(), c.Param("id"), c.QueryParam("source"), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, result)
}
