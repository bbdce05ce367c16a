package media

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// recordingRoutes adds the organiser's recording endpoints: the recording
// itself and its publication. Organisers and admins write; moderators read.
func (h *Handler) recordingRoutes(g *echo.Group) {
	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events/:id/recording", h.recording, read)
	g.PUT("/manage/events/:id/recording", h.setRecording, write)
	g.DELETE("/manage/events/:id/recording", h.deleteRecording, write)
	g.POST("/manage/events/:id/recording/publish", h.publishRecording, write)
	g.POST("/manage/events/:id/recording/unpublish", h.unpublishRecording, write)
}

func (h *Handler) recording(c echo.Context) error {
	rec, err := h.svc.Recording(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rec)
}

func (h *Handler) setRecording(c echo.Context) error {
	var req RecordingInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	rec, err := h.svc.SetRecording(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rec)
}

func (h *Handler) deleteRecording(c echo.Context) error {
	if err := h.svc.DeleteRecording(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// publishRecording publishes; the body, confirming that there are no
// captions, is optional.
func (h *Handler) publishRecording(c echo.Context) error {
	var req PublishRequest
	if c.Request().ContentLength != 0 || c.Request().Header.Get(echo.HeaderContentType) != "" {
		if err := httpserver.BindJSON(c, &req); err != nil {
			return err
		}
	}
	rec, err := h.svc.PublishRecording(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rec)
}

func (h *Handler) unpublishRecording(c echo.Context) error {
	rec, err := h.svc.UnpublishRecording(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rec)
}
