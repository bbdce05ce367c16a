package media

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"plenary/internal/events"
)

// A shortcode is {{segment SLUG}} on a line of its own (outside fenced
// code). Before the Markdown is rendered, each one becomes a marker
// paragraph holding a nonce of this rendering, so that nothing an author
// writes can pass for one; after goldmark and bluemonday, each marker is
// replaced by the segment's figure, built here from stored values, every
// one escaped, or by nothing.
var (
	shortcodeLine  = regexp.MustCompile(`^ {0,3}\{\{\s*segment\s+([^\s{}]+)\s*\}\}\s*$`)
	shortcodeLoose = regexp.MustCompile(`\{\{\s*segment\b[^}]*\}\}`)
	fenceOpen      = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// shortcode is one {{segment SLUG}} of a write-up.
type shortcode struct {
	line int // 1-based, in the Markdown
	slug string
}

// renderWriteup turns a write-up's Markdown into the HTML the public
// sees: each {{segment SLUG}} of a published recording's segment becomes
// that segment's figure, and any other ({{segment}} of an unknown slug,
// or before the recording is published) becomes nothing. problems says
// why, line by line, for the organiser.
func renderWriteup(body, eventSlug string, rec *recording) (string, []Problem) {
	nonce := newNonce()
	source, codes, problems := markShortcodes(body, nonce)
	figures := make([]string, len(codes))
	for i, sc := range codes {
		sg, ok := rec.segment(sc.slug)
		switch {
		case rec == nil:
			problems = append(problems, Problem{sc.line, "There is no recording yet, so {{segment " + sc.slug + "}} shows nothing."})
		case !ok:
			problems = append(problems, Problem{sc.line, "The recording has no segment " + strconv.Quote(sc.slug) + ", so this line shows nothing."})
		case !rec.Published:
			problems = append(problems, Problem{sc.line, "The recording is not published, so {{segment " + sc.slug + "}} shows nothing yet."})
		default:
			figures[i] = segmentFigure(eventSlug, sg)
		}
	}
	out := events.RenderMarkdown(source)
	marker := regexp.MustCompile(`(?:<p>)?` + markerPrefix + nonce + `-([0-9]+)(?:</p>)?`)
	out = marker.ReplaceAllStringFunc(out, func(m string) string {
		sub := marker.FindStringSubmatch(m)
		i, err := strconv.Atoi(sub[1])
		if err != nil || i >= len(figures) || !strings.HasPrefix(m, "<p>") || !strings.HasSuffix(m, "</p>") {
			return "" // a shortcode that did not end up a paragraph of its own
		}
		return figures[i]
	})
	sortProblems(problems)
	return out, problems
}

const markerPrefix = "PLENARYSEGMENT"

func newNonce() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// markShortcodes replaces each shortcode line of body (outside fenced
// code) by a marker paragraph and lists the shortcodes; a {{segment …}}
// anywhere else outside code is a problem.
func markShortcodes(body, nonce string) (string, []shortcode, []Problem) {
	lines := strings.Split(body, "\n")
	codes, problems := []shortcode{}, []Problem{}
	fence := ""
	for i, raw := range lines {
		line := strings.TrimSuffix(raw, "\r")
		if m := fenceOpen.FindStringSubmatch(line); m != nil && (fence == "" || m[1] == fence) {
			if fence == "" {
				fence = m[1]
			} else {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if m := shortcodeLine.FindStringSubmatch(line); m != nil {
			lines[i] = fmt.Sprintf("\n%s%s-%d\n", markerPrefix, nonce, len(codes))
			codes = append(codes, shortcode{line: i + 1, slug: m[1]})
			continue
		}
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue // indented code shows as written
		}
		for _, m := range shortcodeLoose.FindAllString(line, -1) {
			problems = append(problems, Problem{i + 1, "Put " + m + " on a line of its own, or it shows as text."})
		}
	}
	return strings.Join(lines, "\n"), codes, problems
}

// sortProblems orders problems by line (insertion sort: they are few and
// nearly sorted).
func sortProblems(ps []Problem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// segmentFigure is a segment's place in the write-up: an element the SPA
// turns into a player (it carries data-segment and the times), and
// without JavaScript a link to the segment's own page.
func segmentFigure(eventSlug string, sg segment) string {
	esc := html.EscapeString
	return fmt.Sprintf(`<figure class="segment-embed" data-segment="%s" data-start="%s" data-end="%s">`+
		`<figcaption><a href="%s">%s</a> (%s–%s)</figcaption></figure>`,
		esc(sg.Slug), seconds(sg.StartMS), seconds(sg.EndMS),
		esc(shareURL(eventSlug, sg.Slug)), esc(sg.Title), clock(sg.StartMS), clock(sg.EndMS))
}

// shareURL is a segment's page on this site (relative).
func shareURL(eventSlug, segmentSlug string) string {
	return "/events/" + url.PathEscape(eventSlug) + "/replay/" + url.PathEscape(segmentSlug)
}

// embedPath is the embed page of the recording, or of one segment.
func embedPath(eventSlug, segmentSlug string) string {
	p := "/embed/" + url.PathEscape(eventSlug)
	if segmentSlug != "" {
		p += "/" + url.PathEscape(segmentSlug)
	}
	return p
}
