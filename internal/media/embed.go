package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"plenary/internal/errs"
)

// EmbedPage is a recording's (or one segment's) player page for another
// site's iframe: its HTML and the Content-Security-Policy it is served
// with, whose frame-ancestors lists the origins the organiser allows.
type EmbedPage struct {
	HTML   []byte
	Policy string
	// Framable is false when no origin may frame it: the page then keeps
	// X-Frame-Options DENY too.
	Framable bool
}

// errNoEmbed answers for an event, recording or segment the public may
// not play.
var errNoEmbed = errs.Publicf(errs.ErrNotFound, "There is no such recording to play.")

// Embed returns the player page of the published recording of the event
// with this slug, cut to the segment with segmentSlug when it is not "".
func (s *Service) Embed(ctx context.Context, eventSlug, segmentSlug string) (EmbedPage, error) {
	d, err := s.publishedEvent(ctx, eventSlug)
	if err != nil {
		return EmbedPage{}, err
	}
	if segmentSlug != "" && !isSlug(segmentSlug) {
		return EmbedPage{}, errNoEmbed
	}
	rec, err := replayRecordingOf(ctx, s.db, d.ID)
	if err != nil {
		return EmbedPage{}, err
	}
	if rec == nil || !rec.Published {
		return EmbedPage{}, errNoEmbed
	}
	v := embedView{Title: d.Title, Kind: rec.Kind, PageURL: s.absolute("/events/" + url.PathEscape(d.Slug)), CSS: template.CSS(embedCSS)}
	var sg *segment
	if segmentSlug != "" {
		found, ok := rec.segment(segmentSlug)
		if !ok {
			return EmbedPage{}, errNoEmbed
		}
		sg = &found
		v.Title, v.PageURL = found.Title+" — "+d.Title, s.absolute(shareURL(d.Slug, found.Slug))
	}
	if !v.fill(d.Slug, rec, sg) {
		return EmbedPage{}, errNoEmbed
	}
	var buf bytes.Buffer
	if err := embedTemplate.Execute(&buf, v); err != nil {
		return EmbedPage{}, fmt.Errorf("media: embed of %s: %w", d.Slug, err)
	}
	ancestors := frameAncestors(rec.EmbedOrigins)
	return EmbedPage{HTML: buf.Bytes(), Policy: embedPolicy + "; frame-ancestors " + ancestors,
		Framable: ancestors != "'none'"}, nil
}

// embedView is what the embed template shows.
type embedView struct {
	Title, Kind, PageURL      string
	Src, Poster, Frame        string
	Captions, Chapters        string
	CaptionLang, CaptionLabel string
	CSS                       template.CSS
}

// fill sets the player's addresses; false when an external recording's
// address names no video.
func (v *embedView) fill(eventSlug string, rec *recording, sg *segment) bool {
	p := url.PathEscape(eventSlug)
	if rec.Kind != KindUpload {
		start, end := 0, 0
		if sg != nil {
			start, end = sg.StartMS/1000, (sg.EndMS+999)/1000
		}
		v.Frame = externalEmbed(rec.Kind, rec.ExternalURL, start, end)
		return v.Frame != ""
	}
	v.Src = fileURL(eventSlug, sg)
	if rec.HasPoster {
		v.Poster = fmt.Sprintf(posterPath, p)
	}
	if rec.CaptionLang != "" {
		v.Captions, v.CaptionLang, v.CaptionLabel = fmt.Sprintf(captionsPath, p), rec.CaptionLang, rec.CaptionLabel
	}
	if len(rec.Segments) > 0 {
		v.Chapters = fmt.Sprintf(chaptersPath, p)
	}
	return true
}

// embedCSS is the page's one style sheet, inline and allowed by its hash,
// so the page needs no other request than the video's.
const embedCSS = `html,body{margin:0;height:100%;background:#000;color:#fff;font:14px/1.4 system-ui,sans-serif}` +
	`main{height:100%}video,iframe{display:block;width:100%;height:calc(100% - 2em);border:0}` +
	`h1{margin:0;padding:0 .5em;height:2em;font-size:inherit;font-weight:normal;line-height:2em;overflow:hidden;` +
	`white-space:nowrap;text-overflow:ellipsis}` +
	`a{color:#fff}`

// embedPolicy lets the page show the video, its poster and tracks and the
// YouTube or Vimeo player, and nothing else: no script at all.
var embedPolicy = "default-src 'none'; style-src '" + cssHash(embedCSS) + "'; img-src 'self' https: data:; " +
	"media-src 'self' https: blob:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; " +
	"base-uri 'none'; form-action 'none'"

func cssHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

var embedTemplate = template.Must(template.New("embed").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.PageURL}}">
<style>{{.CSS}}</style>
</head>
<body><main>
{{if .Frame}}<iframe src="{{.Frame}}" title="{{.Title}}" allow="fullscreen; picture-in-picture" allowfullscreen></iframe>
{{else}}<video controls playsinline preload="metadata" src="{{.Src}}"{{with .Poster}} poster="{{.}}"{{end}}>
{{- if .Captions}}<track kind="captions" src="{{.Captions}}" srclang="{{.CaptionLang}}" label="{{.CaptionLabel}}" default>{{end}}
{{- if .Chapters}}<track kind="chapters" src="{{.Chapters}}" srclang="en" label="Chapters">{{end -}}
<a href="{{.Src}}">Download the recording</a></video>
{{end}}<h1><a href="{{.PageURL}}" target="_blank" rel="noopener">{{.Title}}</a></h1>
</main></body>
</html>
`))

// origin is what frame-ancestors may list: a scheme and host (a leading
// *. for subdomains) with an optional port, nothing that could end the
// directive or start another.
var origin = regexp.MustCompile(`^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)

// frameAncestors is the frame-ancestors source list of a recording's
// embeds: its allowed origins, or 'none'. An origin that is not one
// (whoever stored it) is left out rather than let into the header.
func frameAncestors(origins []string) string {
	var ok []string
	for _, o := range origins {
		o = strings.ToLower(strings.TrimRight(strings.TrimSpace(o), "/"))
		if origin.MatchString(o) {
			ok = append(ok, o)
		}
	}
	if len(ok) == 0 {
		return "'none'"
	}
	return strings.Join(ok, " ")
}

// absolute is path on this site's public address.
func (s *Service) absolute(path string) string {
	return strings.TrimRight(s.opts.BaseURL, "/") + path
}

// embedSnippets are the iframes to copy for the recording and each of its
// segments; none without a recording.
func (s *Service) embedSnippets(eventSlug, title string, rec *recording) []EmbedSnippet {
	out := []EmbedSnippet{}
	if rec == nil {
		return out
	}
	add := func(segmentSlug, name string) {
		u := s.absolute(embedPath(eventSlug, segmentSlug))
		out = append(out, EmbedSnippet{Segment: segmentSlug, Title: name, URL: u,
			HTML: fmt.Sprintf(`<iframe src="%s" title="%s" width="640" height="360" allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy"></iframe>`,
				html.EscapeString(u), html.EscapeString(name))})
	}
	add("", title)
	for _, sg := range rec.Segments {
		add(sg.Slug, sg.Title)
	}
	return out
}
