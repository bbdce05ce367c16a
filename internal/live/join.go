package live

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"plenary/internal/errs"
	"plenary/internal/events"
)

// Phase is where the live session is, as a registrant's page shows it.
type Phase string

// Phases. Open is the join lead before the start: the stream is there to
// test sound and picture before the event is live.
const (
	PhaseUpcoming  Phase = "upcoming"
	PhaseOpen      Phase = "open"
	PhaseLive      Phase = "live"
	PhaseEnded     Phase = "ended"
	PhaseCancelled Phase = "cancelled"
)

// ErrNotPublished answers a live-page link to an event its organiser has
// taken back to draft: nothing of it is public until it is published again.
var ErrNotPublished = errs.Publicf(errs.ErrNotFound, "This event is not published at the moment. Your registration stands; try the link again later.")

// LivePage is what a registrant's live page shows. Stream is set only for
// confirmed registrants while the session is open or live; nothing in it
// names an email address.
type LivePage struct {
	Event        LiveEvent  `json:"event"`
	Phase        Phase      `json:"phase"`
	OpensAt      time.Time  `json:"opens_at"`
	Now          time.Time  `json:"now"`
	Viewer       Viewer     `json:"viewer"`
	Stream       *Stream    `json:"stream"`
	RecordingURL *string    `json:"recording_url"`
	Moderation   Moderation `json:"moderation"`
	// LastChangeID is where the page's event stream starts (0: no change yet).
	LastChangeID int64 `json:"last_change_id"`
}

// LiveEvent is the event as its live page names it.
type LiveEvent struct {
	Slug     string    `json:"slug"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Timezone string    `json:"timezone"`
	Status   string    `json:"status"`
}

// Viewer is the registrant looking at the page.
type Viewer struct {
	FirstName string `json:"first_name"`
	Confirmed bool   `json:"confirmed"`
	MayAsk    bool   `json:"may_ask"`
}

// StreamKind says how the live page shows a stream.
type StreamKind string

// Stream kinds: an embedded YouTube or Vimeo player, an HLS stream for
// the page's own player, or a link out (Zoom, Teams, anything else).
const (
	StreamYouTube  StreamKind = "youtube"
	StreamVimeo    StreamKind = "vimeo"
	StreamHLS      StreamKind = "hls"
	StreamExternal StreamKind = "external"
)

// Stream is how to watch: URL is the player's address for youtube and
// vimeo (privacy-enhanced where there is a choice), the playlist for hls,
// the meeting's own address for external.
type Stream struct {
	Kind StreamKind `json:"kind"`
	URL  string     `json:"url"`
}

// Page returns the live page of the registrant a token names.
func (s *Service) Page(ctx context.Context, plainToken string) (LivePage, error) {
	p, err := s.participant(ctx, plainToken)
	if err != nil {
		return LivePage{}, err
	}
	d, err := s.events.Get(ctx, p.EventID)
	if err != nil {
		return LivePage{}, err
	}
	if d.Status == events.StatusDraft {
		return LivePage{}, ErrNotPublished
	}
	var (
		set     = DefaultSettings
		blocked bool
		last    int64
	)
	err = s.db.QueryRow(ctx, `
		SELECT coalesce(st.join_lead_minutes, $3), coalesce(st.attended_minutes, $4), coalesce(st.moderation, $5),
			EXISTS (SELECT 1 FROM live_blocks WHERE event_id = $1 AND registration_id = $2),
			coalesce((SELECT max(id) FROM live_changes WHERE event_id = $1), 0)
		FROM (SELECT 1) AS one LEFT JOIN live_settings st ON st.event_id = $1`,
		p.EventID, p.RegistrationID, DefaultSettings.JoinLeadMinutes, DefaultSettings.AttendedMinutes, DefaultSettings.Moderation).
		Scan(&set.JoinLeadMinutes, &set.AttendedMinutes, &set.Moderation, &blocked, &last)
	if err != nil {
		return LivePage{}, fmt.Errorf("live: page of %s: %w", p.EventID, err)
	}
	return livePage(d.Event, p, set, blocked, last, s.now()), nil
}

// livePage decides what the page shows at now.
func livePage(e events.Event, p Participant, set Settings, blocked bool, lastChange int64, now time.Time) LivePage {
	opensAt := e.StartsAt.Add(-time.Duration(set.JoinLeadMinutes) * time.Minute)
	phase := phaseAt(e, opensAt, now)
	page := LivePage{
		Event: LiveEvent{Slug: e.Slug, Title: e.Title, StartsAt: e.StartsAt, EndsAt: e.EndsAt(),
			Timezone: e.Timezone, Status: string(e.Status)},
		Phase: phase, OpensAt: opensAt, Now: now.UTC(),
		Viewer: Viewer{FirstName: p.FirstName, Confirmed: p.Confirmed(),
			MayAsk: p.Confirmed() && !blocked && phase != PhaseCancelled},
		Moderation: set.Moderation, LastChangeID: lastChange,
	}
	if !p.Confirmed() {
		return page
	}
	switch phase {
	case PhaseOpen, PhaseLive:
		page.Stream = classifyStream(e.StreamURL)
	case PhaseEnded:
		if e.RecordingURL != "" {
			recording := e.RecordingURL
			page.RecordingURL = &recording
		}
	}
	return page
}

// phaseAt is the session's phase at now: open from opensAt to the start.
func phaseAt(e events.Event, opensAt, now time.Time) Phase {
	switch {
	case e.Status == events.StatusCancelled:
		return PhaseCancelled
	case now.Before(opensAt):
		return PhaseUpcoming
	case now.Before(e.StartsAt):
		return PhaseOpen
	case now.Before(e.EndsAt()):
		return PhaseLive
	}
	return PhaseEnded
}

var (
	youTubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,64}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{1,20}$`)
	vimeoHash = regexp.MustCompile(`^[0-9a-f]{6,40}$`)
)

// classifyStream says how to show an event's stream URL: a YouTube or
// Vimeo player when the URL names a video, an HLS playlist, or else a
// link out. Nil when there is no http(s) address to show.
func classifyStream(raw string) *Stream {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	if id := youTubeVideo(u); id != "" {
		return &Stream{Kind: StreamYouTube, URL: "https://www.youtube-nocookie.com/embed/" + id}
	}
	if player := vimeoPlayer(u); player != "" {
		return &Stream{Kind: StreamVimeo, URL: player}
	}
	if strings.HasSuffix(strings.ToLower(u.Path), ".m3u8") {
		return &Stream{Kind: StreamHLS, URL: u.String()}
	}
	return &Stream{Kind: StreamExternal, URL: u.String()}
}

// youTubeVideo is the video id of a YouTube watch, short, live or embed
// address; "" for any other (a channel page is a link out).
func youTubeVideo(u *url.URL) string {
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	segments := strings.Split(strings.Trim(u.Path, "/"), "/")
	var id string
	switch host {
	case "youtu.be":
		id = segments[0]
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		switch {
		case u.Path == "/watch":
			id = u.Query().Get("v")
		case len(segments) == 2 && (segments[0] == "live" || segments[0] == "embed"):
			id = segments[1]
		}
	}
	if !youTubeID.MatchString(id) {
		return ""
	}
	return id
}

// vimeoPlayer is the player address of a Vimeo video (vimeo.com/ID,
// vimeo.com/ID/HASH for an unlisted one, player.vimeo.com/video/ID);
// "" for any other.
func vimeoPlayer(u *url.URL) string {
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	segments := strings.Split(strings.Trim(path.Clean("/"+u.Path), "/"), "/")
	var id, hash string
	switch {
	case host == "vimeo.com" && (len(segments) == 1 || len(segments) == 2):
		id = segments[0]
		if len(segments) == 2 {
			hash = segments[1]
		}
	case host == "player.vimeo.com" && len(segments) == 2 && segments[0] == "video":
		id, hash = segments[1], u.Query().Get("h")
	}
	if !vimeoID.MatchString(id) {
		return ""
	}
	player := "https://player.vimeo.com/video/" + id
	if hash != "" {
		if !vimeoHash.MatchString(hash) {
			return ""
		}
		player += "?h=" + hash
	}
	return player
}
