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

// replayFixture is a published event with a panellist and a chair, an
// organiser signed in, and ways to give it a recording, segments,
// captions and answered questions straight in the tables (their own
// helpers' tests cover making them through the API).
type replayFixture struct {
	env       *apitest.Env
	org       *apitest.Client
	event     events.Detail
	panellist events.Person
	chair     events.Person
}

func newReplayFixture(t *testing.T, slug, title string) *replayFixture {
	t.Helper()
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	f := &replayFixture{env: env, org: org}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": title, "summary": "How the public sector can work together.",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 75, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &f.event)
	f.panellist = f.person(t, "Andrew Kerr", "City of Edinburgh Council")
	f.chair = f.person(t, "Siobhan Benita", "Global Government Forum")
	org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/speakers"), Body: map[string]any{"speakers": []map[string]string{
		{"person_id": f.chair.ID, "role": "chair"}, {"person_id": f.panellist.ID, "role": "panellist"}}}}).WantStatus(t, http.StatusOK)
	org.Post(t, f.manage("/publish"), nil).WantStatus(t, http.StatusOK)
	return f
}

func (f *replayFixture) person(t *testing.T, name, organisation string) events.Person {
	t.Helper()
	var p events.Person
	f.org.Post(t, "/api/v1/manage/people", map[string]string{"name": name, "job_title": "Chief Executive", "organisation": organisation}).
		WantStatus(t, http.StatusCreated).JSON(t, &p)
	return p
}

// manage is a path under the event's manage address.
func (f *replayFixture) manage(rest string) string {
	return "/api/v1/manage/events/" + f.event.ID + rest
}

func (f *replayFixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := f.env.DB.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// upload gives the event an uploaded recording (a draft) that the given
// origins may frame, and returns its id.
func (f *replayFixture) upload(t *testing.T, origins ...string) string {
	t.Helper()
	var id string
	if origins == nil {
		origins = []string{}
	}
	if err := f.env.DB.QueryRow(context.Background(), `INSERT INTO media_recordings
		(event_id, kind, storage_key, content_type, size_bytes, duration_seconds, poster_key, embed_origins)
		VALUES ($1, 'upload', 'recordings/x.mp4', 'video/mp4', 1000, 4500, 'posters/x.jpg', $2) RETURNING id`,
		f.event.ID, origins).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// external gives the event a YouTube or Vimeo recording, published.
func (f *replayFixture) external(t *testing.T, kind, url string) string {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `INSERT INTO media_recordings
		(event_id, kind, external_url, status, published_at) VALUES ($1, $2, $3, 'published', now()) RETURNING id`,
		f.event.ID, kind, url).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *replayFixture) publishRecording(t *testing.T, id string) {
	t.Helper()
	f.exec(t, `UPDATE media_recordings SET status = 'published', published_at = now() WHERE id = $1`, id)
}

func (f *replayFixture) segment(t *testing.T, recordingID, slug, title string, startMS, endMS int, speakers ...string) {
	t.Helper()
	if speakers == nil {
		speakers = []string{}
	}
	f.exec(t, `INSERT INTO media_segments (recording_id, slug, title, start_ms, end_ms, speaker_ids)
		VALUES ($1, $2, $3, $4, $5, $6::uuid[])`, recordingID, slug, title, startMS, endMS, speakers)
}

func (f *replayFixture) captions(t *testing.T, recordingID string) {
	t.Helper()
	f.exec(t, `INSERT INTO media_captions (recording_id, language, label, vtt) VALUES ($1, 'en', 'English', 'WEBVTT')`, recordingID)
}

// question adds a question to the event, asked by a registrant with email
// (anonymously or not) in status, answered with answer.
func (f *replayFixture) question(t *testing.T, first, organisation, email, body string, anonymous bool, status, answer string) {
	t.Helper()
	var rid string
	if err := f.env.DB.QueryRow(context.Background(), `
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, organisation, sector, token_hash)
		VALUES ($1, 'confirmed', true, $2, 'Asker', $3, $4, 'local_government', sha256(convert_to($3, 'UTF8'))) RETURNING id`,
		f.event.ID, first, email, organisation).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `INSERT INTO live_questions (event_id, registration_id, body, original_body, anonymous, status, answer)
		VALUES ($1, $2, $3, $3, $4, $5, $6)`, f.event.ID, rid, body, anonymous, status, answer)
}
