package media_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
)

// recordingFixture is a published event that has ended, with two speakers,
// a three-item agenda and a published recording (made with plain SQL: the
// upload side of media is not what these tests are about).
type recordingFixture struct {
	env         *apitest.Env
	org         *apitest.Client
	event       events.Detail
	speakers    []string // person ids of the event's speakers
	recordingID string
}

// base is the path of the fixture's recording under /manage.
func (f recordingFixture) base() string {
	return "/api/v1/manage/events/" + f.event.ID + "/recording"
}

// newRecordingFixture makes the event slug in env, organised by org, with
// a recording of durationSeconds (0: length unknown).
func newRecordingFixture(t *testing.T, env *apitest.Env, org *apitest.Client, slug string, durationSeconds int) recordingFixture {
	t.Helper()
	f := recordingFixture{env: env, org: org}
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Early intervention (" + slug + ")",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 75, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &f.event)
	var speakerInputs []map[string]string
	for _, name := range []string{"Gill Mackenzie", "Hilary Hanson"} {
		var p events.Person
		org.Post(t, "/api/v1/manage/people", map[string]string{"name": name + " " + slug}).
			WantStatus(t, http.StatusCreated).JSON(t, &p)
		f.speakers = append(f.speakers, p.ID)
		speakerInputs = append(speakerInputs, map[string]string{"person_id": p.ID, "role": "panellist"})
	}
	org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/speakers",
		Body: map[string]any{"speakers": speakerInputs}}).WantStatus(t, http.StatusOK)
	for _, item := range []struct {
		title           string
		offset, minutes int
		speakers        []string
	}{
		{"Welcome and introductions", 0, 5, []string{}},
		{"The panel: prevention", 5, 50, f.speakers},
		{"Questions from the audience", 55, 20, f.speakers[1:]},
	} {
		org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/agenda", map[string]any{"title": item.title,
			"start_offset_minutes": item.offset, "duration_minutes": item.minutes, "speaker_ids": item.speakers}).
			WantStatus(t, http.StatusCreated)
	}
	org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	var duration *int
	if durationSeconds > 0 {
		duration = &durationSeconds
	}
	err := env.DB.QueryRow(context.Background(), `INSERT INTO media_recordings
		(event_id, kind, external_url, duration_seconds, status, published_at)
		VALUES ($1, 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', $2, 'published', now()) RETURNING id`,
		f.event.ID, duration).Scan(&f.recordingID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// newOrganiser starts the application and signs an organiser in.
func newOrganiser(t *testing.T) (*apitest.Env, *apitest.Client) {
	t.Helper()
	env := apitest.New(t)
	return env, env.SignedIn(t, accounts.RoleOrganiser)
}

// sql changes the database behind the application's back, as a test may.
func (f recordingFixture) sql(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.env.DB.Exec(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// segmentList is the body of the segment list and of its writes.
type segmentList struct {
	Items           []segmentBody `json:"items"`
	ChapterProblems []string      `json:"chapter_problems"`
}

type segmentSaved struct {
	Segment         segmentBody `json:"segment"`
	ChapterProblems []string    `json:"chapter_problems"`
}

type segmentBody struct {
	ID          string   `json:"id"`
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	StartMs     int      `json:"start_ms"`
	EndMs       int      `json:"end_ms"`
	Speakers    []string `json:"speakers"`
}

func (f recordingFixture) segments(t *testing.T) segmentList {
	t.Helper()
	var list segmentList
	f.org.Get(t, f.base()+"/segments").WantStatus(t, http.StatusOK).JSON(t, &list)
	return list
}

func (f recordingFixture) addSegment(t *testing.T, body map[string]any, want int) *apitest.Response {
	t.Helper()
	return f.org.Post(t, f.base()+"/segments", body).WantStatus(t, want)
}

func (f recordingFixture) patchSegment(t *testing.T, id string, body map[string]any, want int) *apitest.Response {
	t.Helper()
	return f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.base() + "/segments/" + id, Body: body}).WantStatus(t, want)
}
