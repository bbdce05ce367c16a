package httpserver

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// spaFallback serves the SPA for a GET or HEAD that no route matched outside
// /api: the file when dist has it, else index.html so that client-side
// routes load the app. It reports whether it answered.
//
// The SPA is a fallback in the error handler rather than a catch-all route
// because Echo prefers a catch-all over answering 405 Method Not Allowed.
func spaFallback(c echo.Context, dist fs.FS) bool {
	req := c.Request()
	if dist == nil || (req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return false
	}
	p := req.URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") {
		return false
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if info, err := fs.Stat(dist, name); name != "" && err == nil && !info.IsDir() {
		if strings.HasPrefix(name, "assets/") { // Vite fingerprints these names
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		http.ServeFileFS(c.Response(), req, dist, name)
		return true
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		return false
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, index) == nil
}
