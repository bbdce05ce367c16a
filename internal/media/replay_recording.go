package media

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// The public addresses of a recording's files. The file route is the
// store's, the captions and chapters tracks the segments'; they are named
// here once so that every page and response links to the same place.
const (
	recordingPath = "/api/v1/events/%s/recording/file"
	posterPath    = "/api/v1/events/%s/recording/poster"
	captionsPath  = "/api/v1/events/%s/recording/captions.vtt"
	chaptersPath  = "/api/v1/events/%s/recording/chapters.vtt"
)

// recording is what the write-up, replay, head and embeds need of an
// event's recording and its segments (see replayRecordingOf).
type recording struct {
	ID           string
	Kind         string // upload, youtube or vimeo
	ExternalURL  string
	ContentType  string
	Duration     int // seconds; 0 when unknown
	HasPoster    bool
	Published    bool
	PublishedAt  time.Time
	EmbedOrigins []string
	CaptionLang  string // "" when it has no captions
	CaptionLabel string
	Segments     []segment
}

// segment is one part of a recording.
type segment struct {
	Slug        string
	Title       string
	Description string
	StartMS     int
	EndMS       int
	SpeakerIDs  []string
}

// segment returns the recording's segment with this slug.
func (r *recording) segment(slug string) (segment, bool) {
	if r == nil {
		return segment{}, false
	}
	for _, sg := range r.Segments {
		if sg.Slug == slug {
			return sg, true
		}
	}
	return segment{}, false
}

// slugShape is the shape of event and segment slugs alike (the tables
// check it): an address of any other shape names nothing, and is not
// worth a query (a NUL in it would fail one).
var slugShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func isSlug(s string) bool { return len(s) <= 100 && slugShape.MatchString(s) }

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{1,12}$`)
)

// externalEmbed is the player address of a YouTube (through
// youtube-nocookie.com, which sets no cookies until played) or Vimeo
// video, starting at start and ending at end seconds (0: not set); "" when
// the stored address names no video.
func externalEmbed(kind, raw string, start, end int) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	last := parts[len(parts)-1]
	switch kind {
	case KindYouTube:
		id := u.Query().Get("v")
		if host == "youtu.be" || (len(parts) == 2 && (parts[0] == "embed" || parts[0] == "shorts" || parts[0] == "live")) {
			id = last
		}
		if !youtubeID.MatchString(id) {
			return ""
		}
		q := url.Values{}
		if start > 0 {
			q.Set("start", fmt.Sprint(start))
		}
		if end > 0 {
			q.Set("end", fmt.Sprint(end))
		}
		out := "https://www.youtube-nocookie.com/embed/" + id
		if len(q) > 0 {
			out += "?" + q.Encode()
		}
		return out
	case KindVimeo:
		if !vimeoID.MatchString(last) {
			return ""
		}
		out := "https://player.vimeo.com/video/" + last
		if start > 0 {
			out += fmt.Sprintf("#t=%ds", start)
		}
		return out
	}
	return ""
}

// fileURL is the recording's file, cut to a segment by the W3C media
// fragment #t=start,end when sg is not nil.
func fileURL(slug string, sg *segment) string {
	u := fmt.Sprintf(recordingPath, url.PathEscape(slug))
	if sg != nil {
		u += "#t=" + seconds(sg.StartMS) + "," + seconds(sg.EndMS)
	}
	return u
}

// seconds writes milliseconds as seconds with up to three decimals.
func seconds(ms int) string {
	s := fmt.Sprintf("%d.%03d", ms/1000, ms%1000)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
