package live_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/live"
)

// qaFixture is a published event, a moderator signed in, and a way to add
// registrants with their live-page tokens.
type qaFixture struct {
	env   *apitest.Env
	mod   *apitest.Client
	event events.Detail
	n     int
}

func newQAFixture(t *testing.T) *qaFixture {
	t.Helper()
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "live-qa", "title": "Live Q&A",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &d)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	return &qaFixture{env: env, mod: org, event: d}
}

// qaPerson is a registrant and their live-page token.
type qaPerson struct {
	id, token, email string
}

// register adds a registrant of organisation in sector with status,
// straight into the table (registrations' own tests cover registering).
func (f *qaFixture) register(t *testing.T, organisation, sector, status string) qaPerson {
	t.Helper()
	f.n++
	email := fmt.Sprintf("person%d@example.org", f.n)
	var id string
	unlimited := status == "confirmed"
	if err := f.env.DB.QueryRow(context.Background(), `
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, organisation, sector, token_hash)
		VALUES ($1, $2, $3, $4, 'Asker', $5, $6, $7, sha256(convert_to($5, 'UTF8'))) RETURNING id`,
		f.event.ID, status, unlimited, fmt.Sprintf("Person%d", f.n), email, organisation, sector).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return qaPerson{id: id, token: f.env.App.Keys.Live(id), email: email}
}

func (f *qaFixture) confirmed(t *testing.T, organisation string) qaPerson {
	t.Helper()
	return f.register(t, organisation, "local_government", "confirmed")
}

// setModeration sets whether questions are held, straight into the table.
func (f *qaFixture) setModeration(t *testing.T, mode string) {
	t.Helper()
	if _, err := f.env.DB.Exec(context.Background(), `
		INSERT INTO live_settings (event_id, moderation) VALUES ($1, $2)
		ON CONFLICT (event_id) DO UPDATE SET moderation = $2`, f.event.ID, mode); err != nil {
		t.Fatal(err)
	}
}

func livePath(p qaPerson, rest string) string { return "/api/v1/live/" + p.token + "/questions" + rest }

// ask asks body as p and returns the question.
func (f *qaFixture) ask(t *testing.T, p qaPerson, body string, anonymous bool) live.Question {
	t.Helper()
	var q live.Question
	f.env.Client().Post(t, livePath(p, ""), map[string]any{"body": body, "anonymous": anonymous}).
		WantStatus(t, http.StatusCreated).JSON(t, &q)
	return q
}

// list is p's list of questions in order.
func (f *qaFixture) list(t *testing.T, p qaPerson, order string) []live.Question {
	t.Helper()
	var l live.QuestionList
	path := livePath(p, "")
	if order != "" {
		path += "?order=" + order
	}
	raw := f.env.Client().Get(t, path).WantStatus(t, http.StatusOK)
	if strings.Contains(string(raw.Body), "@") {
		t.Errorf("an attendee's list holds an email: %s", raw.Body)
	}
	raw.JSON(t, &l)
	return l.Items
}

func (f *qaFixture) vote(t *testing.T, p qaPerson, qid string, up bool) *apitest.Response {
	t.Helper()
	method := http.MethodPut
	if !up {
		method = http.MethodDelete
	}
	return f.env.Client().Do(t, apitest.Request{Method: method, Path: livePath(p, "/"+qid+"/vote")})
}

func apitestRequest(method, path string, body any) apitest.Request {
	return apitest.Request{Method: method, Path: path, Body: body}
}
