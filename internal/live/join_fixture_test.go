package live_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/live"
)

// joinFixture is a published event with a stream, an organiser, and one
// registrant in each status the live page tells apart.
type joinFixture struct {
	env   *apitest.Env
	org   *apitest.Client
	event events.Detail
	ids   map[string]string // registration id by status
}

const streamURL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

func newJoinFixture(t *testing.T) joinFixture {
	t.Helper()
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "live-event", "title": "Live test",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London",
		"stream_url": streamURL}).WantStatus(t, http.StatusCreated).JSON(t, &d)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	f := joinFixture{env: env, org: org, event: d, ids: map[string]string{}}
	public := env.Client()
	for _, status := range []string{"confirmed", "waitlisted", "pending_approval", "cancelled"} {
		email := strings.ReplaceAll(status, "_", "-") + "@example.org"
		public.Post(t, "/api/v1/events/live-event/registrations", map[string]any{"first_name": "Ada", "last_name": "Lovelace",
			"email": email, "job_title": "Analyst", "organisation": "City Council", "sector": "local_government",
			"country": "United Kingdom"}).WantStatus(t, http.StatusAccepted)
		var id string
		if err := env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE email = $1`, email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		f.ids[status] = id
		if status != "confirmed" {
			f.sql(t, `UPDATE registrations SET status = $1, unlimited = false WHERE id = $2`, status, id)
		}
	}
	return f
}

// sql changes the database behind the application's back, as a test may.
func (f joinFixture) sql(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.env.DB.Exec(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// token is the live-page token of the registrant in status.
func (f joinFixture) token(status string) string { return f.env.App.Keys.Live(f.ids[status]) }

// at sets the live service's clock to the event's start plus offset.
func (f joinFixture) at(offset time.Duration) {
	now := f.event.StartsAt.Add(offset)
	live.SetClock(f.env.App.Live, func() time.Time { return now })
}

// page is the registrant's live page as the service makes it.
func (f joinFixture) page(t *testing.T, status string) live.LivePage {
	t.Helper()
	p, err := f.env.App.Live.Page(context.Background(), f.token(status))
	if err != nil {
		t.Fatalf("page of the %s registrant: %v", status, err)
	}
	return p
}

// getPage is the live page through the API, checked against the spec.
func (f joinFixture) getPage(t *testing.T, token string, want int) *apitest.Response {
	t.Helper()
	return f.env.Client().Get(t, "/api/v1/live/"+token).WantStatus(t, want)
}
