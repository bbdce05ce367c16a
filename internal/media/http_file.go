package media

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

func (h *Handler) fileRoutes(g *echo.Group) {
	g.Match([]string{http.MethodGet, http.MethodHead}, "/events/:slug/recording/file", h.recordingFile)
	g.Match([]string{http.MethodGet, http.MethodHead}, "/events/:slug/recording/poster", h.posterFile)
}

// fileCacheControl lets browsers and proxies keep a recording's bytes a
// while and revalidate them by ETag after: a file under a key never
// changes, but the recording may be unpublished or replaced.
const fileCacheControl = "public, max-age=300"

// recordingFile serves the published recording of a published event: from
// the local folder with range requests (players seek by range; Safari will
// not play a file that does not answer bytes=0-1), or by a redirect to a
// short-lived presigned URL of the object storage.
func (h *Handler) recordingFile(c echo.Context) error {
	f, err := h.svc.OpenRecording(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return serveFile(c, f)
}

// posterFile serves the poster frame of the published recording, as the
// recording's file is served.
func (h *Handler) posterFile(c echo.Context) error {
	f, err := h.svc.OpenPoster(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return serveFile(c, f)
}

// serveFile answers with f: a redirect to its presigned URL, or its bytes
// with ranges.
func serveFile(c echo.Context, f RecordingFile) error {
	header := c.Response().Header()
	if f.URL != "" {
		header.Set("Cache-Control", "no-store") // the URL expires
		return c.Redirect(http.StatusFound, f.URL)
	}
	defer f.Object.Close()
	header.Set("Cache-Control", fileCacheControl)
	header.Set("ETag", fmt.Sprintf(`"%s-%x-%x"`, f.ID, f.Object.Size(), f.Object.ModTime().UnixNano()))
	if f.ContentType != "" {
		header.Set(echo.HeaderContentType, f.ContentType)
	}
	w := &fileWriter{ResponseWriter: c.Response(), resp: c.Response(), extend: func() error { return httpserver.ExtendDeadline(c, fileGrace) }}
	if err := w.keepOn(); err != nil {
		return err
	}
	content := io.ReadSeeker(f.Object)
	if local, ok := f.Object.(interface{ osFile() *os.File }); ok {
		content = local.osFile() // so that ServeContent's copy reaches sendfile (ReadFrom)
	}
	http.ServeContent(w, c.Request(), "", f.Object.ModTime(), content)
	return nil
}

// fileGrace is how long a viewer may stop reading before the connection
// is cut. A range may be the whole file, longer than any fixed deadline,
// so the deadline moves on as long as the bytes keep flowing, like a
// stream's (DESIGN.md, Streams).
const fileGrace = 30 * time.Second

// sendChunk is how much of a local file goes to the socket in one
// sendfile call between two extensions of the deadline: a viewer must
// read it within fileGrace, so one slower than 17 KB/s is cut off.
const sendChunk = 512 << 10

// fileWriter is the response of http.ServeContent with two changes: every
// second of writing extends the connection's deadline by fileGrace, and an
// unsatisfiable range is answered as problem+json like every other error.
// It passes a local file's bytes to the connection with sendfile, as
// http.ServeFile does: copying them through the process halved the
// throughput (bench/media).
type fileWriter struct {
	http.ResponseWriter
	resp     *echo.Response // counts the bytes that bypass it
	extend   func() error
	extended time.Time
	problem  bool // the body is ours: drop ServeContent's text
}

func (w *fileWriter) WriteHeader(status int) {
	if status == http.StatusRequestedRangeNotSatisfiable {
		w.problem = true
		w.Header().Set(echo.HeaderContentType, "application/problem+json")
		w.ResponseWriter.WriteHeader(status)
		body, _ := json.Marshal(httpserver.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
			Detail: "The range asked for is not inside the file; Content-Range gives its size."})
		_, _ = w.ResponseWriter.Write(body)
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.problem {
		return len(p), nil
	}
	if err := w.keepOn(); err != nil {
		return 0, err
	}
	return w.ResponseWriter.Write(p)
}

// ReadFrom sends a range of a file (ServeContent's *io.LimitedReader over
// an *os.File) in chunks through the connection's own ReadFrom, which
// uses sendfile, extending the deadline before each.
func (w *fileWriter) ReadFrom(src io.Reader) (int64, error) {
	raw, ok := w.resp.Writer.(io.ReaderFrom)
	lr, limited := src.(*io.LimitedReader)
	if w.problem || !ok || !limited {
		return io.Copy(struct{ io.Writer }{w}, src) // through Write
	}
	var n int64
	for lr.N > 0 {
		if err := w.keepOn(); err != nil {
			return n, err
		}
		sent, err := raw.ReadFrom(&io.LimitedReader{R: lr.R, N: min(lr.N, sendChunk)})
		lr.N -= sent
		n += sent
		w.resp.Size += sent
		if err != nil || sent == 0 {
			return n, err
		}
	}
	return n, nil
}

// keepOn extends the deadline, at most once a second: a write comes every
// 32 KiB, and the deadline need not move that often.
func (w *fileWriter) keepOn() error {
	now := time.Now()
	if now.Sub(w.extended) < time.Second {
		return nil
	}
	w.extended = now
	return w.extend()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *fileWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
