package live_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"plenary/internal/errs"
	"plenary/internal/live"
)

// The stream is hidden until the join lead before the start, shown until
// the end, and then gives way to the recording.
func TestJoinWindow(t *testing.T) {
	f := newJoinFixture(t)
	f.org.Do(t, apitestPatch(f.event.ID, map[string]any{"recording_url": "https://example.org/recording"})).WantStatus(t, http.StatusOK)
	embed := "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
	tests := []struct {
		name      string
		offset    time.Duration
		phase     live.Phase
		stream    string
		recording string
	}{
		{"a day before", -24 * time.Hour, live.PhaseUpcoming, "", ""},
		{"a second before it opens", -15*time.Minute - time.Second, live.PhaseUpcoming, "", ""},
		{"as it opens", -15 * time.Minute, live.PhaseOpen, embed, ""},
		{"a second before the start", -time.Second, live.PhaseOpen, embed, ""},
		{"at the start", 0, live.PhaseLive, embed, ""},
		{"a second before the end", time.Hour - time.Second, live.PhaseLive, embed, ""},
		{"at the end", time.Hour, live.PhaseEnded, "", "https://example.org/recording"},
		{"a week later", 7 * 24 * time.Hour, live.PhaseEnded, "", "https://example.org/recording"},
	}
	for _, tt := range tests {
		f.at(tt.offset)
		p := f.page(t, "confirmed")
		if p.Phase != tt.phase {
			t.Errorf("%s: phase %s, want %s", tt.name, p.Phase, tt.phase)
		}
		if got := streamOf(p); got != tt.stream {
			t.Errorf("%s: stream %q, want %q", tt.name, got, tt.stream)
		}
		if got := deref(p.RecordingURL); got != tt.recording {
			t.Errorf("%s: recording %q, want %q", tt.name, got, tt.recording)
		}
		if want := f.event.StartsAt.Add(-15 * time.Minute); !p.OpensAt.Equal(want) {
			t.Errorf("%s: opens_at %s, want %s", tt.name, p.OpensAt, want)
		}
		if !p.Now.Equal(f.event.StartsAt.Add(tt.offset)) {
			t.Errorf("%s: now %s is not the server's clock", tt.name, p.Now)
		}
		if !p.Viewer.Confirmed || !p.Viewer.MayAsk || p.Viewer.FirstName != "Ada" {
			t.Errorf("%s: viewer %+v", tt.name, p.Viewer)
		}
	}
}

// A longer join lead opens the stream earlier.
func TestJoinLeadFromSettings(t *testing.T) {
	f := newJoinFixture(t)
	f.org.Do(t, settingsPut(f.event.ID, 60, 10, "published")).WantStatus(t, http.StatusOK)
	f.at(-59 * time.Minute)
	p := f.page(t, "confirmed")
	if p.Phase != live.PhaseOpen || p.Stream == nil || p.Moderation != live.ModerationPublished {
		t.Errorf("59 minutes before with a 60-minute lead: phase %s, stream %v, moderation %s", p.Phase, p.Stream, p.Moderation)
	}
	if p.LastChangeID == 0 {
		t.Error("last_change_id is 0 after the settings changed")
	}
	f.at(-61 * time.Minute)
	if p := f.page(t, "confirmed"); p.Phase != live.PhaseUpcoming || p.Stream != nil {
		t.Errorf("61 minutes before: phase %s, stream %v", p.Phase, p.Stream)
	}
}

// Only a confirmed registrant sees the stream or the recording, or may ask.
func TestStreamOnlyForConfirmed(t *testing.T) {
	f := newJoinFixture(t)
	f.org.Do(t, apitestPatch(f.event.ID, map[string]any{"recording_url": "https://example.org/recording"})).WantStatus(t, http.StatusOK)
	for _, status := range []string{"waitlisted", "pending_approval", "cancelled"} {
		for _, offset := range []time.Duration{-time.Minute, 30 * time.Minute, 2 * time.Hour} {
			f.at(offset)
			p := f.page(t, status)
			if p.Stream != nil || p.RecordingURL != nil || p.Viewer.Confirmed || p.Viewer.MayAsk {
				t.Errorf("%s at %s: stream %v, recording %v, viewer %+v", status, offset, p.Stream, p.RecordingURL, p.Viewer)
			}
		}
		f.at(30 * time.Minute)
		body := f.getPage(t, f.token(status), http.StatusOK).Body
		for _, secret := range []string{"dQw4w9WgXcQ", "youtube", "@example.org"} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s registrant's page holds %q: %s", status, secret, body)
			}
		}
	}
	// The confirmed registrant's own page holds no email either.
	if body := f.getPage(t, f.token("confirmed"), http.StatusOK).Body; bytes.Contains(body, []byte("@example.org")) {
		t.Errorf("confirmed page holds an email: %s", body)
	}
}

// The public event page never holds the stream URL.
func TestPublicPageHidesStream(t *testing.T) {
	f := newJoinFixture(t)
	body := f.env.Client().Get(t, "/api/v1/events/live-event").WantStatus(t, http.StatusOK).Body
	if bytes.Contains(body, []byte("dQw4w9WgXcQ")) || bytes.Contains(body, []byte("stream_url")) {
		t.Errorf("public event page shows the stream: %s", body)
	}
}

func TestLivePageThroughTheAPI(t *testing.T) {
	f := newJoinFixture(t)
	f.at(5 * time.Minute)
	resp := f.getPage(t, f.token("confirmed"), http.StatusOK)
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	var p live.LivePage
	resp.JSON(t, &p)
	if p.Phase != live.PhaseLive || p.Stream == nil || p.Stream.Kind != live.StreamYouTube || p.Event.Slug != "live-event" {
		t.Errorf("live page %+v", p)
	}

	manage, _ := f.env.App.Keys.Manage(f.ids["confirmed"], 0)
	forged := []string{"nonsense", f.token("confirmed") + "x", f.token("confirmed")[1:], manage,
		f.env.App.Keys.Live("6f1c8d6e-3b0a-4d7e-9a57-0c7b2f1e9d11")}
	for _, token := range forged {
		f.getPage(t, token, http.StatusUnauthorized).Problem(t)
		if _, err := f.env.App.Live.Page(context.Background(), token); !errors.Is(err, live.ErrBadLink) {
			t.Errorf("token %q: %v, want ErrBadLink", token, err)
		}
	}
}

func TestLivePageOfCancelledAndDraftEvents(t *testing.T) {
	f := newJoinFixture(t)
	f.at(5 * time.Minute)
	f.org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/cancel", map[string]any{"message": "Sorry."}).WantStatus(t, http.StatusOK)
	p := f.page(t, "confirmed")
	if p.Phase != live.PhaseCancelled || p.Stream != nil || p.Viewer.MayAsk || p.Event.Status != "cancelled" {
		t.Errorf("cancelled event: phase %s, stream %v, viewer %+v, status %s", p.Phase, p.Stream, p.Viewer, p.Event.Status)
	}

	// An event taken back to draft shows nothing until it is published again.
	f.sql(t, `UPDATE events SET status = 'draft' WHERE id = $1`, f.event.ID)
	if _, err := f.env.App.Live.Page(context.Background(), f.token("confirmed")); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("draft event: %v, want not found", err)
	}
	f.getPage(t, f.token("confirmed"), http.StatusNotFound).Problem(t)
}

// A registrant a moderator blocked still watches, but may not ask.
func TestBlockedMayNotAsk(t *testing.T) {
	f := newJoinFixture(t)
	f.at(5 * time.Minute)
	f.sql(t, `INSERT INTO live_blocks (event_id, registration_id) VALUES ($1, $2)`, f.event.ID, f.ids["confirmed"])
	p := f.page(t, "confirmed")
	if p.Viewer.MayAsk || !p.Viewer.Confirmed || p.Stream == nil {
		t.Errorf("blocked registrant: viewer %+v, stream %v", p.Viewer, p.Stream)
	}
}

func TestStreamKinds(t *testing.T) {
	tests := []struct {
		raw  string
		kind live.StreamKind
		url  string
	}{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://m.youtube.com/watch?v=dQw4w9WgXcQ", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://youtu.be/dQw4w9WgXcQ?si=abc", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://www.youtube.com/live/dQw4w9WgXcQ?feature=share", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", live.StreamYouTube, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://www.youtube.com/@somechannel/live", live.StreamExternal, "https://www.youtube.com/@somechannel/live"},
		{"https://www.youtube.com/watch?v=<script>", live.StreamExternal, "https://www.youtube.com/watch?v=<script>"},
		{"https://vimeo.com/76979871", live.StreamVimeo, "https://player.vimeo.com/video/76979871"},
		{"https://vimeo.com/76979871/8272103f6e", live.StreamVimeo, "https://player.vimeo.com/video/76979871?h=8272103f6e"},
		{"https://player.vimeo.com/video/76979871", live.StreamVimeo, "https://player.vimeo.com/video/76979871"},
		{"https://vimeo.com/event/12345", live.StreamExternal, "https://vimeo.com/event/12345"},
		{"https://cdn.example.org/live/stream.m3u8", live.StreamHLS, "https://cdn.example.org/live/stream.m3u8"},
		{"https://cdn.example.org/live/Stream.M3U8?token=abc", live.StreamHLS, "https://cdn.example.org/live/Stream.M3U8?token=abc"},
		{"https://us02web.zoom.us/j/123456789?pwd=abc", live.StreamExternal, "https://us02web.zoom.us/j/123456789?pwd=abc"},
		{"https://teams.microsoft.com/l/meetup-join/19%3ameeting", live.StreamExternal, "https://teams.microsoft.com/l/meetup-join/19%3ameeting"},
		{"http://example.org/stream", live.StreamExternal, "http://example.org/stream"},
	}
	for _, tt := range tests {
		got := live.ClassifyStream(tt.raw)
		if got == nil || got.Kind != tt.kind || got.URL != tt.url {
			t.Errorf("%s: got %+v, want %s %s", tt.raw, got, tt.kind, tt.url)
		}
	}
	for _, raw := range []string{"", "   ", "javascript:alert(1)", "ftp://example.org/x.m3u8", "/relative.m3u8", "https://"} {
		if got := live.ClassifyStream(raw); got != nil {
			t.Errorf("%q: got %+v, want no stream", raw, got)
		}
	}
}

func streamOf(p live.LivePage) string {
	if p.Stream == nil {
		return ""
	}
	return p.Stream.URL
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
