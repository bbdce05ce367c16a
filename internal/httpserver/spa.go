package httpserver

import (
	"cmp"
	"context"
	"encoding/json"
	"html"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// PageMeta is what a link preview shows of a page, and what search
// engines read of it.
type PageMeta struct {
	Title       string
	Description string
	URL         string
	Image       string
	Type        string     // og:type; "" is website
	Video       *PageVideo // og:video, when the page plays one
	// JSONLD are schema.org objects, each written into its own
	// <script type="application/ld+json"> with <, > and & escaped, so no
	// value can end the element.
	JSONLD []any
}

// PageVideo is the video a page plays, as Open Graph describes it: a
// file (Type video/mp4 or video/webm) or a player page (text/html).
type PageVideo struct {
	URL  string
	Type string
}

type spa struct {
	dist fs.FS
	meta func(ctx context.Context, path string) (PageMeta, bool)
}

// fallback serves the SPA for a GET or HEAD that no route matched outside
// /api: the file when dist has it, else index.html so that client-side
// routes load the app. It reports whether it answered.
//
// The SPA is a fallback in the error handler rather than a catch-all route
// because Echo prefers a catch-all over answering 405 Method Not Allowed.
func (s spa) fallback(c echo.Context) bool {
	req := c.Request()
	if s.dist == nil || (req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return false
	}
	p := req.URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") {
		return false
	}
	if name := strings.TrimPrefix(path.Clean(p), "/"); name != "" {
		if info, err := fs.Stat(s.dist, name); err == nil && !info.IsDir() {
			if strings.HasPrefix(name, "assets/") { // Vite fingerprints these names
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeFileFS(c.Response(), req, s.dist, name)
			return true
		}
	}
	index, err := fs.ReadFile(s.dist, "index.html")
	if err != nil {
		return false
	}
	if s.meta != nil {
		if meta, ok := s.meta(req.Context(), p); ok {
			index = withMeta(index, meta)
		}
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, index) == nil
}

// withMeta puts the page's title, description and Open Graph tags into
// index.html, every value escaped.
func withMeta(index []byte, m PageMeta) []byte {
	doc := string(index)
	esc := html.EscapeString
	if start, end := strings.Index(doc, "<title>"), strings.Index(doc, "</title>"); start >= 0 && end > start {
		doc = doc[:start] + "<title>" + esc(m.Title) + " — Plenary</title>" + doc[end+len("</title>"):]
	}
	var tags strings.Builder
	tag := func(attr, key, value string) {
		if value != "" {
			tags.WriteString(`<meta ` + attr + `="` + key + `" content="` + esc(value) + `">` + "\n  ")
		}
	}
	tag("name", "description", m.Description)
	tag("property", "og:type", cmp.Or(m.Type, "website"))
	tag("property", "og:site_name", "Plenary")
	tag("property", "og:title", m.Title)
	tag("property", "og:description", m.Description)
	tag("property", "og:url", m.URL)
	tag("property", "og:image", m.Image)
	if m.Video != nil {
		tag("property", "og:video", m.Video.URL)
		if strings.HasPrefix(m.Video.URL, "https://") {
			tag("property", "og:video:secure_url", m.Video.URL)
		}
		tag("property", "og:video:type", m.Video.Type)
	}
	tag("name", "twitter:card", "summary")
	for _, obj := range m.JSONLD {
		// encoding/json escapes <, > and & as \u003c, \u003e and \u0026.
		if data, err := json.Marshal(obj); err == nil {
			tags.WriteString(`<script type="application/ld+json">` + string(data) + "</script>\n  ")
		}
	}
	// Drop the generic description; the page's own replaces it.
	if start := strings.Index(doc, `<meta name="description"`); start >= 0 {
		if end := strings.Index(doc[start:], ">"); end >= 0 {
			doc = doc[:start] + doc[start+end+1:]
		}
	}
	return []byte(strings.Replace(doc, "<!--page-meta-->", tags.String(), 1))
}
