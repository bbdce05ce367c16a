package live_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/live"
)

// streamFixture is a published event with confirmed registrants and one
// on the waiting list, served by one process (or two on one database).
type streamFixture struct {
	env   *apitest.Env
	org   *apitest.Client
	event events.Detail
	ids   map[string]string // registration id by label
}

func newStreamFixture(t *testing.T) *streamFixture {
	t.Helper()
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	f := &streamFixture{env: env, org: org, ids: map[string]string{}}
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "stream-event", "title": "Stream test",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &f.event)
	org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	public := env.Client()
	for _, label := range []string{"asker", "viewer", "waiting"} {
		email := label + "@example.org"
		public.Post(t, "/api/v1/events/stream-event/registrations", map[string]any{"first_name": "Ada", "last_name": strings.ToUpper(label[:1]) + label[1:],
			"email": email, "job_title": "Analyst", "organisation": "City Council", "sector": "local_government",
			"country": "United Kingdom"}).WantStatus(t, http.StatusAccepted)
		var id string
		if err := env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE email = $1`, email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		f.ids[label] = id
	}
	if _, err := env.DB.Exec(context.Background(), `UPDATE registrations SET status = 'waitlisted', unlimited = false WHERE id = $1`,
		f.ids["waiting"]); err != nil {
		t.Fatal(err)
	}
	return f
}

// token is the live-page token of the registrant labelled.
func (f *streamFixture) token(label string) string { return f.env.App.Keys.Live(f.ids[label]) }

// ask adds a question through the live service's write path of svc (the
// process that takes it), as the Q&A code does.
func (f *streamFixture) ask(t *testing.T, svc *live.Service, body, status string, anonymous bool) string {
	t.Helper()
	var id string
	ctx := context.Background()
	err := live.StreamWrite(ctx, svc, f.event.ID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO live_questions (event_id, registration_id, body, original_body, anonymous, status)
			VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`, f.event.ID, f.ids["asker"], body, anonymous, status).Scan(&id); err != nil {
			return err
		}
		return live.StreamRecord(ctx, tx, f.event.ID, live.ChangeQuestion, id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// set changes a question's status and votes through svc's write path.
func (f *streamFixture) set(t *testing.T, svc *live.Service, id, status string, votes int) {
	t.Helper()
	ctx := context.Background()
	err := live.StreamWrite(ctx, svc, f.event.ID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE live_questions SET status = $2, votes = $3 WHERE id = $1`, id, status, votes); err != nil {
			return err
		}
		return live.StreamRecord(ctx, tx, f.event.ID, live.ChangeQuestion, id)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sseEvent is one message of a stream.
type sseEvent struct {
	ID    int64
	Event string
	Data  string
}

// sseStream reads a server-sent event stream as a browser would.
type sseStream struct {
	resp   *http.Response
	events chan sseEvent
	mu     sync.Mutex
	raw    strings.Builder // everything received
}

// openStream connects c to the stream at path, resuming after lastID
// ("" for none), and fails the test unless it opens.
func openStream(t *testing.T, c *apitest.Client, path, lastID string) *sseStream {
	t.Helper()
	h := http.Header{}
	if lastID != "" {
		h.Set("Last-Event-ID", lastID)
	}
	resp := c.Open(t, path, h)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET %s answered %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sseStream{resp: resp, events: make(chan sseEvent, 10000)}
	go s.read()
	t.Cleanup(s.close)
	return s
}

func (s *sseStream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		s.mu.Lock()
		s.raw.WriteString(line + "\n")
		s.mu.Unlock()
		switch {
		case line == "":
			if e.Event != "" {
				s.events <- e
			}
			e = sseEvent{}
		case strings.HasPrefix(line, "id: "):
			e.ID, _ = strconv.ParseInt(line[4:], 10, 64)
		case strings.HasPrefix(line, "event: "):
			e.Event = line[7:]
		case strings.HasPrefix(line, "data: "):
			e.Data = line[6:]
		}
	}
}

func (s *sseStream) close() { s.resp.Body.Close() }

// text is all the stream carried so far.
func (s *sseStream) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// wait bounds a hang; it is not a speed requirement.
const wait = 20 * time.Second

// next is the stream's next message; it fails the test after wait.
func (s *sseStream) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return e
	case <-time.After(wait):
		t.Fatal("no message within", wait)
	}
	return sseEvent{}
}

// none checks that no message comes within d.
func (s *sseStream) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case e := <-s.events:
		t.Fatalf("unexpected message %+v", e)
	case <-time.After(d):
	}
}
