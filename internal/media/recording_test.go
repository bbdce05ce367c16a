package media_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
)

// newEvent makes a draft event and returns its ID.
func newEvent(t *testing.T, admin *apitest.Client, slug string) string {
	t.Helper()
	var event struct {
		ID string `json:"id"`
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
	admin.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Early intervention", "starts_at": start,
		"duration_minutes": 75, "timezone": "Europe/London", "capacity": 100}).WantStatus(t, http.StatusCreated).JSON(t, &event)
	return event.ID
}

// recording is the organiser's view of a recording.
type recording struct {
	Kind                     string   `json:"kind"`
	ExternalURL              *string  `json:"external_url"`
	ContentType              *string  `json:"content_type"`
	SizeBytes                *int64   `json:"size_bytes"`
	DurationSeconds          *int     `json:"duration_seconds"`
	HasPoster                bool     `json:"has_poster"`
	Status                   string   `json:"status"`
	PublishedAt              *string  `json:"published_at"`
	PublishedWithoutCaptions bool     `json:"published_without_captions"`
	EmbedOrigins             []string `json:"embed_origins"`
	HasCaptions              bool     `json:"has_captions"`
}

func put(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: body})
}

func TestExternalRecording(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	path := "/api/v1/manage/events/" + newEvent(t, admin, "external") + "/recording"

	p := admin.Get(t, path).WantStatus(t, http.StatusNotFound).Problem(t)
	if !strings.Contains(p.Detail, "no recording") {
		t.Errorf("404 detail %q", p.Detail)
	}
	for _, bad := range []struct{ kind, url string }{
		{"youtube", "https://www.youtube.com/embed/dQw4w9WgXcQ"},
		{"youtube", "https://evil.example/watch?v=dQw4w9WgXcQ"},
		{"youtube", "javascript:alert(1)//youtu.be/dQw4w9WgXcQ"},
		{"youtube", "https://youtu.be/short"},
		{"vimeo", "https://vimeo.com/channels/staff"},
		{"vimeo", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"youtube", ""},
	} {
		p := put(t, admin, path, map[string]any{"kind": bad.kind, "external_url": bad.url}).
			WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
		if p.Errors["external_url"] == "" {
			t.Errorf("%s %q: no message for external_url: %+v", bad.kind, bad.url, p)
		}
	}
	p = put(t, admin, path, map[string]any{"kind": "youtube", "external_url": "https://youtu.be/dQw4w9WgXcQ",
		"embed_origins": []string{"http://insecure.example"}}).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["embed_origins"] == "" {
		t.Errorf("an http origin was taken: %+v", p)
	}
	p = put(t, admin, path, map[string]any{"kind": "upload", "duration_seconds": 60}).
		WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["kind"] == "" {
		t.Errorf("an upload recording without a file: %+v", p)
	}

	var rec recording
	saved := put(t, admin, path, map[string]any{"kind": "youtube", "external_url": " https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3 ",
		"duration_seconds": 4500, "embed_origins": []string{"https://News.Example.org", "https://news.example.org/", "https://partner.example:8443"}}).
		WantStatus(t, http.StatusOK)
	saved.JSON(t, &rec)
	if rec.Kind != "youtube" || rec.ExternalURL == nil || *rec.ExternalURL != "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3" ||
		rec.DurationSeconds == nil || *rec.DurationSeconds != 4500 || rec.Status != "draft" {
		t.Errorf("saved %+v", rec)
	}
	if got := strings.Join(rec.EmbedOrigins, " "); got != "https://news.example.org https://partner.example:8443" {
		t.Errorf("embed origins %q, want lower-cased, each once", got)
	}

	// What the form read, saved unchanged, changes nothing.
	again := put(t, admin, path, map[string]any{"kind": rec.Kind, "external_url": rec.ExternalURL, "duration_seconds": rec.DurationSeconds,
		"embed_origins": rec.EmbedOrigins}).WantStatus(t, http.StatusOK)
	if string(again.Body) != string(saved.Body) {
		t.Errorf("saved unchanged:\n%s\nwas\n%s", again.Body, saved.Body)
	}
	// No mass assignment: what only the server sets is refused.
	for field, value := range map[string]any{"status": "published", "published_at": time.Now(), "storage_key": "../x",
		"has_captions": true, "size_bytes": 1} {
		put(t, admin, path, map[string]any{"kind": "youtube", "external_url": "https://youtu.be/dQw4w9WgXcQ", field: value}).
			WantStatus(t, http.StatusBadRequest)
	}

	// Published, saved unchanged, it stays published; another video is a draft again.
	admin.Post(t, path+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	put(t, admin, path, map[string]any{"kind": rec.Kind, "external_url": rec.ExternalURL, "duration_seconds": 4000}).
		WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Status != "published" || *rec.DurationSeconds != 4000 {
		t.Errorf("the same video with a new duration: %+v", rec)
	}
	put(t, admin, path, map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/76979871"}).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Kind != "vimeo" || rec.DurationSeconds != nil || len(rec.EmbedOrigins) != 0 || rec.Status != "draft" || rec.PublishedAt != nil {
		t.Errorf("replaced by %+v", rec)
	}
}

func TestRecordingNeedsStaff(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	path := "/api/v1/manage/events/" + newEvent(t, admin, "staff-only") + "/recording"
	put(t, admin, path, map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/76979871"}).WantStatus(t, http.StatusOK)

	anonymous := env.Client()
	anonymous.Get(t, path).WantStatus(t, http.StatusUnauthorized)
	put(t, anonymous, path, map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/1"}).WantStatus(t, http.StatusUnauthorized)
	moderator := env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, path).WantStatus(t, http.StatusOK) // moderators read
	put(t, moderator, path, map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/1"}).WantStatus(t, http.StatusForbidden)
	moderator.Post(t, path+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusForbidden)
	moderator.Delete(t, path).WantStatus(t, http.StatusForbidden)
	admin.Do(t, apitest.Request{Method: http.MethodDelete, Path: path, NoCSRF: true}).WantStatus(t, http.StatusForbidden)

	// Organisers manage every event of the site (there is no per-event
	// team); an event that does not exist is not found, whatever the verb.
	for _, missing := range []string{"/api/v1/manage/events/00000000-0000-0000-0000-000000000000/recording",
		"/api/v1/manage/events/not-a-uuid/recording"} {
		admin.Get(t, missing).WantStatus(t, http.StatusNotFound)
		put(t, admin, missing, map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/1"}).WantStatus(t, http.StatusNotFound)
		admin.Post(t, missing+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusNotFound)
		admin.Delete(t, missing).WantStatus(t, http.StatusNotFound)
	}
}

func TestPublishRecordingAsksAboutCaptions(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "captions")
	path := "/api/v1/manage/events/" + eventID + "/recording"

	admin.Post(t, path+"/publish", nil).WantStatus(t, http.StatusNotFound)
	put(t, admin, path, map[string]any{"kind": "youtube", "external_url": "https://youtu.be/dQw4w9WgXcQ"}).WantStatus(t, http.StatusOK)

	p := admin.Post(t, path+"/publish", nil).WantStatus(t, http.StatusConflict).Problem(t)
	if !strings.Contains(p.Detail, "no captions") || !strings.Contains(p.Detail, "1.2.2") || !strings.Contains(p.Detail, "without_captions") {
		t.Errorf("409 detail %q does not say what to do", p.Detail)
	}
	admin.Post(t, path+"/publish", map[string]any{"without_captions": false}).WantStatus(t, http.StatusConflict)
	var rec recording
	admin.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Status != "draft" {
		t.Fatalf("published after a refusal: %+v", rec)
	}
	admin.Post(t, path+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Status != "published" || rec.PublishedAt == nil || !rec.PublishedWithoutCaptions || rec.HasCaptions {
		t.Errorf("published without captions: %+v", rec)
	}
	admin.Post(t, path+"/unpublish", nil).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Status != "draft" || rec.PublishedAt != nil || rec.PublishedWithoutCaptions {
		t.Errorf("unpublished: %+v", rec)
	}

	// With captions (the segments' part writes them), no confirmation is asked.
	_, err := env.DB.Exec(context.Background(), `INSERT INTO media_captions (recording_id, vtt)
		SELECT id, 'WEBVTT' FROM media_recordings WHERE event_id = $1`, eventID)
	if err != nil {
		t.Fatal(err)
	}
	admin.Post(t, path+"/publish", nil).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Status != "published" || rec.PublishedWithoutCaptions || !rec.HasCaptions {
		t.Errorf("published with captions: %+v", rec)
	}

	admin.Delete(t, path).WantStatus(t, http.StatusNoContent)
	admin.Get(t, path).WantStatus(t, http.StatusNotFound)
	admin.Delete(t, path).WantStatus(t, http.StatusNotFound)
	admin.Post(t, path+"/unpublish", nil).WantStatus(t, http.StatusNotFound)
}
