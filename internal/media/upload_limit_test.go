package media

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// TestUploadSizeLimit: Options.MaxUploadBytes bounds a recording from its
// creation on (the API tests run with the default), with a problem that
// says so. tusd refuses before the creation hook, so no database is
// needed.
func TestUploadSizeLimit(t *testing.T) {
	svc := NewService(nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)),
		Options{MaxUploadBytes: 1000, UploadDir: t.TempDir()})
	up, err := newUploads(svc, svc.opts.UploadDir)
	if err != nil {
		t.Fatal(err)
	}
	routes := &tusRoutes{svc: svc, up: up}
	for _, tc := range []struct {
		length string
		want   int
	}{{"1001", http.StatusRequestEntityTooLarge}, {"999999999999", http.StatusRequestEntityTooLarge}} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/manage/events/x/recording/uploads", nil)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Length", tc.length)
		rec := httptest.NewRecorder()
		e := echo.New()
		c := e.NewContext(req, rec)
		c.SetParamNames("id")
		c.SetParamValues("00000000-0000-0000-0000-000000000000")
		if err := routes.serve(c, "", up.tus.PostFile); err != nil {
			t.Fatal(err)
		}
		var p httpserver.Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v: %s", tc.length, err, rec.Body)
		}
		if rec.Code != tc.want || p.Status != tc.want || !strings.Contains(p.Detail, "larger than this server takes. It takes files of at most 1 KB.") {
			t.Errorf("Upload-Length %s: %d %+v", tc.length, rec.Code, p)
		}
		if got := rec.Header().Get("Tus-Max-Size"); got != "" && got != "1000" {
			t.Errorf("Tus-Max-Size %q", got)
		}
	}
}
