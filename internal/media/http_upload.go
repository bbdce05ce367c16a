package media

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// uploadPath is the route of one tus upload; its PATCH requests carry the
// file, so they are bounded by the upload's size, not the body limit.
const uploadPath = "/api/v1/manage/events/:id/recording/uploads/:upload"

// LargeBody reports whether c is a request whose body may exceed the
// server's body limit: a tus PATCH, which tusd bounds by the largest
// recording taken (Options.MaxUploadBytes).
func LargeBody(c echo.Context) bool {
	return c.Request().Method == http.MethodPatch && c.Path() == uploadPath
}

// uploadRoutes adds the recording's resumable uploads (the tus protocol,
// served by tusd), written by organisers and admins.
func (h *Handler) uploadRoutes(g *echo.Group) {
	write := accounts.RequireOrganiser
	t := &tusRoutes{svc: h.svc}
	t.up, t.err = newUploads(h.svc, h.svc.opts.UploadDir)
	if t.err != nil {
		h.svc.logger.Error("media: uploads are off", "err", t.err)
	}
	g.POST("/manage/events/:id/recording/uploads", t.create, speaksTus, write)
	g.HEAD("/manage/events/:id/recording/uploads/:upload", t.resume, speaksTus, write)
	g.PATCH("/manage/events/:id/recording/uploads/:upload", t.resume, speaksTus, write)
	g.DELETE("/manage/events/:id/recording/uploads/:upload", t.resume, speaksTus, write)
}

// speaksTus marks every answer of the upload routes, refusals included,
// with the protocol's version, as tus asks.
func speaksTus(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Tus-Resumable", "1.0.0")
		return next(c)
	}
}

// tusRoutes hand tus requests to tusd once the event (and the upload) of
// the path are known to exist and belong together.
type tusRoutes struct {
	svc *Service
	up  *uploads
	err error // why uploads are off
}

// create starts an upload for the event of the path.
func (t *tusRoutes) create(c echo.Context) error {
	if err := t.check(c, ""); err != nil {
		return err
	}
	return t.serve(c, "", t.up.tus.PostFile)
}

// resume serves HEAD (the offset), PATCH (more bytes) and DELETE (give
// up) on an upload of the event of the path.
func (t *tusRoutes) resume(c echo.Context) error {
	id := c.Param("upload")
	if err := t.check(c, id); err != nil {
		return err
	}
	serve := map[string]http.HandlerFunc{http.MethodHead: t.up.tus.HeadFile,
		http.MethodPatch: t.up.tus.PatchFile, http.MethodDelete: t.up.tus.DelFile}[c.Request().Method]
	return t.serve(c, id, serve)
}

// check refuses a request for an event that does not exist, or for an
// upload that is not the event's.
func (t *tusRoutes) check(c echo.Context, uploadID string) error {
	if t.err != nil {
		return t.err
	}
	ctx, eventID := c.Request().Context(), c.Param("id")
	if _, err := t.svc.events.Get(ctx, eventID); err != nil {
		return err
	}
	if uploadID == "" {
		return nil
	}
	owner, err := t.up.uploadEvent(ctx, uploadID)
	if err != nil {
		return err
	}
	if owner != eventID {
		return errs.Publicf(errs.ErrNotFound, "There is no such upload for this event; start the upload again.")
	}
	return nil
}

// serve runs tusd on the request, its path cut to the upload's ID as
// tusd expects, and turns tusd's plain-text errors into problems.
func (t *tusRoutes) serve(c echo.Context, uploadID string, serve http.HandlerFunc) error {
	user, _ := accounts.CurrentUser(c)
	eventID := c.Param("id")
	extend := func(d time.Duration) {
		if err := httpserver.ExtendDeadline(c, d); err != nil {
			t.svc.logger.Warn("media: upload deadline not extended", "err", err)
		}
	}
	r := c.Request().Clone(withUploadCaller(c.Request().Context(), uploadCaller{eventID: eventID, userID: user.ID, extend: extend}))
	r.URL.Path, r.URL.RawPath = uploadID, ""
	if ok, err := t.up.refuseHead(r.Context(), uploadID, r); !ok || err != nil {
		if err != nil {
			return err
		}
		return httpserver.WriteProblem(c, tusProblem(http.StatusUnsupportedMediaType, "ERR_NOT_A_VIDEO:"))
	}
	w := &tusWriter{ResponseWriter: c.Response(), base: "/api/v1/manage/events/" + url.PathEscape(eventID) + "/recording/uploads/"}
	t.up.tus.Middleware(serve).ServeHTTP(w, r)
	if w.failed == 0 {
		return nil
	}
	w.Header().Del("Content-Length")
	if w.failed >= 500 {
		t.svc.logger.Error("media: tus request failed", "status", w.failed, "err", w.body.String(),
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	}
	p := tusProblem(w.failed, w.body.String())
	if w.failed == http.StatusRequestEntityTooLarge {
		p.Detail += " It takes files of at most " + sizeText(t.up.maxSize) + "."
	}
	return httpserver.WriteProblem(c, p)
}

// sizeText is a size as people read it: "4.3 GB", "1 KB", "512 bytes".
func sizeText(n int64) string {
	for _, u := range []struct {
		unit string
		size float64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}} {
		if float64(n) >= u.size {
			return strings.TrimSuffix(strconv.FormatFloat(float64(n)/u.size, 'f', 1, 64), ".0") + " " + u.unit
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// tusWriter passes tusd's successful answers through, with the Location
// of a new upload under the event's path, and holds back its errors.
type tusWriter struct {
	http.ResponseWriter
	base   string
	failed int
	body   strings.Builder
}

func (w *tusWriter) WriteHeader(status int) {
	if status >= 400 {
		w.failed = status
		return
	}
	if loc := w.Header().Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			w.Header().Set("Location", w.base+path.Base(u.Path))
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *tusWriter) Write(b []byte) (int, error) {
	if w.failed != 0 {
		if w.body.Len() < 1000 {
			w.body.Write(b)
		}
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets tusd move the connection's deadlines as the upload goes on.
func (w *tusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// tusProblems say in words what tusd's error codes mean for a client.
var tusProblems = map[string]string{
	"ERR_UNSUPPORTED_VERSION":    "This address speaks the tus protocol: send the header Tus-Resumable: 1.0.0.",
	"ERR_MAX_SIZE_EXCEEDED":      "The file is larger than this server takes.",
	"ERR_UPLOAD_SIZE_EXCEEDED":   "More bytes were sent than the upload's length.",
	"ERR_MISMATCHED_OFFSET":      "The upload has a different offset; ask for it with HEAD and resume from there.",
	"ERR_INVALID_CONTENT_TYPE":   "Send the bytes as application/offset+octet-stream.",
	"ERR_INVALID_OFFSET":         "Send the offset the bytes start at in Upload-Offset.",
	"ERR_INVALID_UPLOAD_LENGTH":  "Send the file's size in Upload-Length.",
	"ERR_UPLOAD_NOT_FOUND":       "There is no such upload; start the upload again.",
	"ERR_UPLOAD_LENGTH_REQUIRED": "Send the file's size in Upload-Length when creating the upload.",
	"ERR_NOT_A_VIDEO":            "This file is not an MP4 or WebM video, so it was not kept.",
}

// tusProblem is the problem for tusd's error body ("CODE: message").
func tusProblem(status int, body string) httpserver.Problem {
	title := http.StatusText(status)
	p := httpserver.Problem{Type: "about:blank", Title: title, Status: status, Detail: title + "."}
	code, _, _ := strings.Cut(body, ":")
	if detail, ok := tusProblems[code]; ok {
		p.Detail = detail
	}
	if status >= 500 {
		p.Detail = "Something went wrong on our side while receiving the upload."
	}
	return p
}
