package media

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"plenary/internal/errs"
)

// Kinds of recording: a file uploaded through tus, or an external video.
const (
	KindUpload  = "upload"
	KindYouTube = "youtube"
	KindVimeo   = "vimeo"
)

// Statuses of a recording: only a published one is shown to the public.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// maxEmbedOrigins bounds the sites allowed to frame a recording's embeds.
const maxEmbedOrigins = 20

// Recording is an event's recording as its organisers see it. The storage
// keys stay inside: other parts of the package serve the files.
type Recording struct {
	ID                       string     `json:"-" db:"id"`
	EventID                  string     `json:"-" db:"event_id"`
	Kind                     string     `json:"kind" db:"kind"`
	ExternalURL              *string    `json:"external_url" db:"external_url"`
	StorageKey               *string    `json:"-" db:"storage_key"`
	ContentType              *string    `json:"content_type" db:"content_type"`
	SizeBytes                *int64     `json:"size_bytes" db:"size_bytes"`
	DurationSeconds          *int       `json:"duration_seconds" db:"duration_seconds"`
	PosterKey                *string    `json:"-" db:"poster_key"`
	HasPoster                bool       `json:"has_poster" db:"-"`
	Status                   string     `json:"status" db:"status"`
	PublishedAt              *time.Time `json:"published_at" db:"published_at"`
	PublishedWithoutCaptions bool       `json:"published_without_captions" db:"published_without_captions"`
	EmbedOrigins             []string   `json:"embed_origins" db:"embed_origins"`
	HasCaptions              bool       `json:"has_captions" db:"has_captions"`
}

// RecordingInput is what an organiser sets on a recording: an external
// video (kind youtube or vimeo with its URL) or, for an uploaded file
// (kind upload), only the details below. Every field is replaced: the
// organiser's form sends back what it read.
type RecordingInput struct {
	Kind            string   `json:"kind"`
	ExternalURL     *string  `json:"external_url"`
	DurationSeconds *int     `json:"duration_seconds"`
	EmbedOrigins    []string `json:"embed_origins"`
}

// PublishRequest confirms publishing a recording that has no captions.
type PublishRequest struct {
	WithoutCaptions bool `json:"without_captions"`
}

// checkEventID refuses an event ID that cannot name an event, before any
// query: PostgreSQL would call it a bad uuid.
func checkEventID(id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return fmt.Errorf("media: event %q: %w", id, errs.ErrNotFound)
	}
	return nil
}

// normalise validates in and puts it in the form that is stored: the URL
// trimmed, the origins lower-cased and each kept once.
func (in RecordingInput) normalise() (RecordingInput, error) {
	v := errs.Validation{}
	out := RecordingInput{Kind: in.Kind, DurationSeconds: in.DurationSeconds}
	switch in.Kind {
	case KindYouTube, KindVimeo:
		if in.ExternalURL == nil || strings.TrimSpace(*in.ExternalURL) == "" {
			v.Add("external_url", "Enter the video's address.")
			break
		}
		u := strings.TrimSpace(*in.ExternalURL)
		if msg := checkExternalURL(in.Kind, u); msg != "" {
			v.Add("external_url", msg)
		}
		out.ExternalURL = &u
	case KindUpload:
		if in.ExternalURL != nil && *in.ExternalURL != "" {
			v.Add("external_url", "An uploaded recording has no external address; choose YouTube or Vimeo instead.")
		}
	default:
		v.Add("kind", "Choose upload, youtube or vimeo.")
	}
	if d := in.DurationSeconds; d != nil && (*d < 1 || *d > 86400) {
		v.Add("duration_seconds", "Enter a duration between 1 second and 24 hours.")
	}
	origins, msg := normaliseOrigins(in.EmbedOrigins)
	if msg != "" {
		v.Add("embed_origins", msg)
	}
	out.EmbedOrigins = origins
	return out, v.Err()
}

var (
	youTubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoPath = regexp.MustCompile(`^/[0-9]{1,12}/?$`)
)

// checkExternalURL says what is wrong with raw as a video of kind, or "".
// Only the addresses the players can embed are taken:
// youtube.com/watch?v=ID, youtu.be/ID and vimeo.com/NUMBER.
func checkExternalURL(kind, raw string) string {
	if len(raw) > 500 {
		return "Keep the address to 500 characters."
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return "Enter the full address, starting with https://."
	}
	host := strings.ToLower(u.Hostname())
	switch kind {
	case KindYouTube:
		switch {
		case (host == "youtube.com" || host == "www.youtube.com" || host == "m.youtube.com") && u.Path == "/watch" &&
			youTubeID.MatchString(u.Query().Get("v")):
			return ""
		case host == "youtu.be" && youTubeID.MatchString(strings.TrimPrefix(u.Path, "/")):
			return ""
		}
		return "Enter a YouTube address like https://www.youtube.com/watch?v=… or https://youtu.be/…."
	default:
		if (host == "vimeo.com" || host == "www.vimeo.com") && vimeoPath.MatchString(u.Path) {
			return ""
		}
		return "Enter a Vimeo address like https://vimeo.com/123456789."
	}
}

// normaliseOrigins checks that each entry is an https origin (no path,
// query or credentials) and returns them lower-cased, each once, in the
// order given; msg says what is wrong, or is "".
func normaliseOrigins(in []string) (out []string, msg string) {
	out = []string{}
	if len(in) > maxEmbedOrigins {
		return out, fmt.Sprintf("Allow at most %d sites.", maxEmbedOrigins)
	}
	for _, raw := range in {
		o, ok := httpsOrigin(strings.TrimSpace(raw))
		if !ok {
			return out, fmt.Sprintf("%.100q is not a site's address; enter it like https://www.example.org.", raw)
		}
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, ""
}

// httpsOrigin returns raw as an origin (https://host[:port]).
func httpsOrigin(raw string) (string, bool) {
	if len(raw) > 200 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		(u.Path != "" && u.Path != "/") || u.Opaque != "" || strings.ContainsAny(u.Host, "*' ;") {
		return "", false
	}
	return "https://" + strings.ToLower(u.Host), true
}
