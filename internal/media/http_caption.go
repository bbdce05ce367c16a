package media

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// captionRoutes: organisers and admins upload and remove captions; the
// captions and the transcript are public with the recording; signed-in
// staff search every transcript they may manage.
func (h *Handler) captionRoutes(g *echo.Group) {
	g.GET("/manage/events/:id/recording/captions", h.manageCaptions, accounts.RequireSignedIn)
	g.PUT("/manage/events/:id/recording/captions", h.setCaptions, accounts.RequireOrganiser)
	g.DELETE("/manage/events/:id/recording/captions", h.deleteCaptions, accounts.RequireOrganiser)
	g.GET("/manage/recordings/search", h.searchRecordings, accounts.RequireSignedIn)
	g.GET("/events/:slug/recording/captions.vtt", h.captions)
	g.GET("/events/:slug/recording/transcript", h.transcript)
}

func (h *Handler) setCaptions(c echo.Context) error {
	mediaType, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mediaType != "text/vtt" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Send the captions as text/vtt.")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, MaxCaptionBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, "The request body could not be read.")
	}
	saved, err := h.svc.SetCaptions(c.Request().Context(), c.Param("id"), string(body))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, saved)
}

func (h *Handler) manageCaptions(c echo.Context) error {
	vtt, err := h.svc.Captions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return vttResponse(c, vtt)
}

func (h *Handler) deleteCaptions(c echo.Context) error {
	if err := h.svc.DeleteCaptions(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) captions(c echo.Context) error {
	vtt, err := h.svc.PublicCaptions(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return vttResponse(c, vtt)
}

func (h *Handler) transcript(c echo.Context) error {
	lines, err := h.svc.Transcript(c.Request().Context(), c.Param("slug"), c.QueryParam("q"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, lines)
}

// searchRecordings searches every recording: each signed-in role manages
// every event (see Scope).
func (h *Handler) searchRecordings(c echo.Context) error {
	hits, err := h.svc.SearchTranscripts(c.Request().Context(), Scope{}, c.QueryParam("q"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hits)
}
