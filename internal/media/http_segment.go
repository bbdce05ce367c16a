package media

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// segmentRoutes: organisers and admins cut the recording into segments,
// moderators read them; the chapters track is public.
func (h *Handler) segmentRoutes(g *echo.Group) {
	read, write := accounts.RequireSignedIn, accounts.RequireOrganiser
	g.GET("/manage/events/:id/recording/segments", h.listSegments, read)
	g.POST("/manage/events/:id/recording/segments", h.createSegment, write)
	g.POST("/manage/events/:id/recording/segments/from-agenda", h.segmentsFromAgenda, write)
	g.PATCH("/manage/events/:id/recording/segments/:segment", h.updateSegment, write)
	g.DELETE("/manage/events/:id/recording/segments/:segment", h.deleteSegment, write)
	g.GET("/events/:slug/recording/chapters.vtt", h.chapters)
}

func (h *Handler) listSegments(c echo.Context) error {
	list, err := h.svc.Segments(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *Handler) createSegment(c echo.Context) error {
	var req SegmentInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	saved, err := h.svc.CreateSegment(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, saved)
}

func (h *Handler) updateSegment(c echo.Context) error {
	var req SegmentPatch
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	saved, err := h.svc.UpdateSegment(c.Request().Context(), c.Param("id"), c.Param("segment"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, saved)
}

func (h *Handler) deleteSegment(c echo.Context) error {
	list, err := h.svc.DeleteSegment(c.Request().Context(), c.Param("id"), c.Param("segment"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *Handler) segmentsFromAgenda(c echo.Context) error {
	replace := false
	if s := c.QueryParam("replace"); s != "" {
		var err error
		if replace, err = strconv.ParseBool(s); err != nil {
			return httpserver.Malformed{"replace": "Use true or false."}
		}
	}
	list, err := h.svc.SegmentsFromAgenda(c.Request().Context(), c.Param("id"), replace)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, list)
}

func (h *Handler) chapters(c echo.Context) error {
	vtt, err := h.svc.ChaptersVTT(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return vttResponse(c, vtt)
}

// vttResponse sends a WebVTT track. Players fetch tracks again when a page
// loads, so they revalidate rather than keep an old copy.
func vttResponse(c echo.Context, vtt string) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, "text/vtt; charset=utf-8", []byte(vtt))
}
