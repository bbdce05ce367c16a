package media

import (
	"context"
	"strings"

	"plenary/internal/httpserver"
)

// PageMetaFunc describes a page for the server-rendered head of the SPA
// (httpserver.Options.PageMeta); ok is false for pages it does not know.
type PageMetaFunc func(ctx context.Context, path string) (meta httpserver.PageMeta, ok bool)

// PageMeta adds to an event page's head, as base (events) describes it,
// the event's JSON-LD and its recording's video, and describes a
// segment's share page (/events/{slug}/replay/{segment}) as its event's
// page with the segment's title. Only Head is read of media, so the head
// stays what the public may see.
func (h *Handler) PageMeta(base PageMetaFunc) PageMetaFunc {
	return func(ctx context.Context, path string) (httpserver.PageMeta, bool) {
		rest, ok := strings.CutPrefix(path, "/events/")
		if !ok {
			return base(ctx, path)
		}
		slug, segment, _ := strings.Cut(rest, "/replay/")
		if slug == "" || strings.Contains(slug, "/") || strings.Contains(segment, "/") {
			return base(ctx, path)
		}
		meta, ok := base(ctx, "/events/"+slug)
		if !ok {
			return meta, false
		}
		head, err := h.svc.Head(ctx, slug, segment)
		if err != nil {
			return meta, segment == "" // the event's page keeps what events said of it
		}
		meta.JSONLD = head.JSONLD
		if head.VideoURL != "" {
			meta.Type, meta.Video = "video.other", &httpserver.PageVideo{URL: head.VideoURL, Type: head.VideoType}
		}
		if segment != "" {
			meta.Title, meta.URL = head.Segment+" — "+meta.Title, h.svc.absolute(shareURL(slug, segment))
		}
		return meta, true
	}
}
