package comments_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/comments"
	"plenary/internal/events"
	"plenary/internal/mail/mailtest"
)

// fixture is the whole server with mailpit, a published event, an
// organiser and a moderator. Every public response it fetches is kept in
// seen, for the test that looks for emails in them.
type fixture struct {
	env       *apitest.Env
	mp        *mailtest.Server
	org, mod  *apitest.Client
	public    *apitest.Client
	event     events.Detail
	seen      *[][]byte
	perMinute int
}

func newFixture(t *testing.T, perMinute int) fixture {
	t.Helper()
	mp := mailtest.Start(t)
	cfg := apitest.Config(t)
	cfg.SMTPURL = mp.SMTPURL + "?tls=none"
	cfg.MailFrom = "Plenary <events@plenary.test>"
	cfg.MailRetryBase = 100 * time.Millisecond
	cfg.RegistrationsPerMinute = perMinute
	env := apitest.NewWithConfig(t, cfg)
	f := fixture{env: env, mp: mp, org: env.SignedIn(t, accounts.RoleOrganiser), mod: env.SignedIn(t, accounts.RoleModerator),
		public: env.Client(), seen: &[][]byte{}, perMinute: perMinute}
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	f.org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "early-intervention", "title": "Early intervention",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 75, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &f.event)
	f.org.Post(t, f.manage("/publish"), nil).WantStatus(t, http.StatusOK).JSON(t, &f.event)
	return f
}

func (f fixture) manage(path string) string { return "/api/v1/manage/events/" + f.event.ID + path }

func (f fixture) commentsPath() string { return "/api/v1/events/" + f.event.Slug + "/comments" }

// setMode sets the event's moderation mode.
func (f fixture) setMode(t *testing.T, m comments.Moderation) {
	t.Helper()
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/comments/settings"),
		Body: map[string]any{"moderation": m}}).WantStatus(t, http.StatusOK)
}

// keep records a public response.
func (f fixture) keep(r *apitest.Response) *apitest.Response {
	*f.seen = append(*f.seen, r.Body)
	return r
}

// post comments as a member of the public and returns the response.
func (f fixture) post(t *testing.T, body map[string]any) *apitest.Response {
	t.Helper()
	return f.keep(f.public.Post(t, f.commentsPath(), body))
}

// comment posts a comment (a reply when parent is not "") that is received.
func (f fixture) comment(t *testing.T, name, email, body, parent string) {
	t.Helper()
	req := map[string]any{"name": name, "email": email, "body": body}
	if parent != "" {
		req["parent_id"] = parent
	}
	f.post(t, req).WantStatus(t, http.StatusAccepted)
}

// threads is the public list.
func (f fixture) threads(t *testing.T) comments.ThreadPage {
	t.Helper()
	var p comments.ThreadPage
	f.keep(f.public.Get(t, f.commentsPath())).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p
}

// queue is the moderators' list of a status.
func (f fixture) queue(t *testing.T, status string) []comments.ModComment {
	t.Helper()
	var p comments.ModPage
	f.mod.Get(t, f.manage("/comments?status="+status)).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p.Items
}

// pendingID is the id of the one pending comment whose body is body.
func (f fixture) pendingID(t *testing.T, body string) string {
	t.Helper()
	for _, c := range f.queue(t, "pending") {
		if c.Body == body {
			return c.ID
		}
	}
	t.Fatalf("no pending comment %q", body)
	return ""
}

func (f fixture) moderate(t *testing.T, id, action string) comments.ModComment {
	t.Helper()
	var m comments.ModComment
	f.mod.Post(t, f.manage("/comments/"+id+"/"+action), nil).WantStatus(t, http.StatusOK).JSON(t, &m)
	return m
}

// settle waits until no message is waiting to go.
func (f fixture) settle(t *testing.T) {
	t.Helper()
	f.env.SettleOutbox(t)
}

// inbox is what mailpit received for to, oldest first, once nothing waits.
func (f fixture) inbox(t *testing.T, to string) []mailtest.Message {
	t.Helper()
	f.settle(t)
	return f.mp.Inbox(t, to)
}

// link finds the token of a /comments/{kind}/ link in a message.
func link(t *testing.T, m mailtest.Message, kind string) string {
	t.Helper()
	got := regexp.MustCompile(`/comments/` + kind + `/([A-Za-z0-9_.-]+)`).FindStringSubmatch(m.Text)
	if got == nil {
		t.Fatalf("no %s link in %q:\n%s", kind, m.Subject, m.Text)
	}
	return got[1]
}

// count counts the rows of a query.
func (f fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.env.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// only returns the single thread whose body is body.
func only(t *testing.T, p comments.ThreadPage, body string) comments.Thread {
	t.Helper()
	var found []comments.Thread
	for _, th := range p.Items {
		if th.Body == body {
			found = append(found, th)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d threads %q in %+v", len(found), body, p.Items)
	}
	return found[0]
}

func bodies(p comments.ThreadPage) string {
	var b []string
	for _, th := range p.Items {
		b = append(b, th.Body)
	}
	return strings.Join(b, " | ")
}

func apitestPut(path string, body any) apitest.Request {
	return apitest.Request{Method: http.MethodPut, Path: path, Body: body}
}
