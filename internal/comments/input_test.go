package comments_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/comments"
	"plenary/internal/events"
)

// Input that is unreadable (NUL bytes, not JSON, unknown fields) is a 400
// and input that breaks a rule a 422 naming the field, both problem+json;
// none of it stores a comment or queues a message.
func TestMalformedCommentsSaveNothing(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationNone)
	ok := map[string]any{"name": "Ada", "email": "ada@example.org", "body": "Hello"}
	with := func(field string, value any) map[string]any {
		out := map[string]any{}
		for k, v := range ok {
			out[k] = v
		}
		if value == nil {
			delete(out, field)
		} else {
			out[field] = value
		}
		return out
	}
	for _, c := range []struct {
		name   string
		req    apitest.Request
		status int
		field  string
	}{
		{"NUL in body", post(with("body", "a\x00b")), http.StatusBadRequest, "body"},
		{"NUL in name", post(with("name", "A\x00")), http.StatusBadRequest, "name"},
		{"NUL in email", post(with("email", "ada\x00@example.org")), http.StatusBadRequest, "email"},
		{"raw NUL byte", apitest.Request{Method: http.MethodPost, Body: []byte("{\"name\":\"A\x00\"}"), ContentType: "application/json"}, http.StatusBadRequest, ""},
		{"not JSON", apitest.Request{Method: http.MethodPost, Body: "name=Ada", ContentType: "application/json"}, http.StatusBadRequest, ""},
		{"unknown field", post(with("status", "approved")), http.StatusBadRequest, "status"},
		{"missing email", post(with("email", nil)), http.StatusUnprocessableEntity, "email"},
		{"missing name", post(with("name", nil)), http.StatusUnprocessableEntity, "name"},
		{"missing body", post(with("body", nil)), http.StatusUnprocessableEntity, "body"},
		{"body too long", post(with("body", strings.Repeat("é", comments.MaxBody+1))), http.StatusUnprocessableEntity, "body"},
		{"name too long", post(with("name", strings.Repeat("n", comments.MaxName+1))), http.StatusUnprocessableEntity, "name"},
		{"name on two lines", post(with("name", "Ada\nLovelace")), http.StatusUnprocessableEntity, "name"},
		{"email too long", post(with("email", strings.Repeat("a", 250)+"@example.org")), http.StatusUnprocessableEntity, "email"},
	} {
		c.req.Path = f.commentsPath()
		p := f.keep(f.public.Do(t, c.req)).WantStatus(t, c.status).Problem(t)
		if _, named := p.Errors[c.field]; c.field != "" && !named {
			t.Errorf("%s: errors %v, want one for %s", c.name, p.Errors, c.field)
		}
	}
	// A body of exactly the limit, counted in characters, is fine.
	f.comment(t, "Ada", "ada@example.org", strings.Repeat("é", comments.MaxBody), "")
	if n := f.count(t, `SELECT count(*) FROM comments`); n != 1 {
		t.Errorf("%d comments stored, want only the good one", n)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox`); n != 1 {
		t.Errorf("%d messages queued, want only the good comment's", n)
	}
}

func post(body map[string]any) apitest.Request {
	return apitest.Request{Method: http.MethodPost, Body: body}
}

// An address may post a burst of comments from any number of IPs, then
// waits; a malformed comment does not count against it, and another
// address from the same IP is not held back.
func TestCommentsAreRateLimitedPerAddress(t *testing.T) {
	f := newFixture(t, 0)
	from := func(i int) *apitest.Client {
		c := f.env.Client()
		c.From(fmt.Sprintf("127.0.2.%d", i))
		return c
	}
	from(1).Post(t, f.commentsPath(), map[string]any{"name": "Ada", "email": "ada@example.org", "body": ""}).
		WantStatus(t, http.StatusUnprocessableEntity)
	for i := range 5 {
		email := "ada@example.org"
		if i%2 == 1 {
			email = "ADA@Example.org"
		}
		from(i+1).Post(t, f.commentsPath(), map[string]any{"name": "Ada", "email": email, "body": fmt.Sprint("Try ", i)}).
			WantStatus(t, http.StatusAccepted)
	}
	p := from(9).Post(t, f.commentsPath(), map[string]any{"name": "Ada", "email": "ada@example.org", "body": "One more"}).
		WantStatus(t, http.StatusTooManyRequests).Problem(t)
	if p.Status != http.StatusTooManyRequests {
		t.Errorf("problem %+v", p)
	}
	from(9).Post(t, f.commentsPath(), map[string]any{"name": "Bob", "email": "bob@example.org", "body": "Mine"}).
		WantStatus(t, http.StatusAccepted)
	if n := f.count(t, `SELECT count(*) FROM comments WHERE lower(email) = 'ada@example.org'`); n != 5 {
		t.Errorf("%d of Ada's comments stored, want 5", n)
	}
}

// Comments belong to their event: a moderator reaches a comment only
// through its own event's address, and a draft event has no public
// comments. (Organisers and moderators are one team for every event, so
// the boundary between events is the one there is.)
func TestACommentIsReachedOnlyThroughItsEvent(t *testing.T) {
	f := newFixture(t, 0)
	f.comment(t, "Ada", "ada@example.org", "On the first event", "")
	id := f.pendingID(t, "On the first event")
	var draft events.Event
	f.org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "draft-event", "title": "Draft",
		"starts_at":        time.Now().Add(48 * time.Hour).Truncate(time.Minute).Format(time.RFC3339),
		"duration_minutes": 60, "timezone": "Europe/London"}).WantStatus(t, http.StatusCreated).JSON(t, &draft)
	other := "/api/v1/manage/events/" + draft.ID + "/comments"
	for _, action := range []string{"approve", "reject", "delete"} {
		f.mod.Post(t, other+"/"+id+"/"+action, nil).WantStatus(t, http.StatusNotFound)
	}
	f.org.Post(t, other+"/"+id+"/reply", map[string]any{"body": "Wrong event"}).WantStatus(t, http.StatusNotFound)
	var q comments.ModPage
	f.mod.Get(t, other).WantStatus(t, http.StatusOK).JSON(t, &q)
	if len(q.Items) != 0 {
		t.Errorf("the other event's queue holds %+v", q.Items)
	}
	f.keep(f.public.Get(t, "/api/v1/events/draft-event/comments")).WantStatus(t, http.StatusNotFound)
	f.keep(f.public.Post(t, "/api/v1/events/draft-event/comments", map[string]any{"name": "A", "email": "a@example.org", "body": "x"})).
		WantStatus(t, http.StatusNotFound)
	unknown := "/api/v1/manage/events/6f1c4f43-54a4-4a42-9d8e-5a4f4b7d1c11/comments"
	f.mod.Get(t, unknown).WantStatus(t, http.StatusNotFound)
	f.mod.Get(t, unknown+"/settings").WantStatus(t, http.StatusNotFound)
	f.mod.Post(t, f.manage("/comments/6f1c4f43-54a4-4a42-9d8e-5a4f4b7d1c11/approve"), nil).WantStatus(t, http.StatusNotFound)
	if got := f.queue(t, "pending"); len(got) != 1 || got[0].Status != comments.StatusPending {
		t.Errorf("the comment changed through another event: %+v", got)
	}
}

// The queue pages like every list: one at a time, oldest first, each
// comment once, and a forged cursor is a 400.
func TestTheQueuePages(t *testing.T) {
	f := newFixture(t, 0)
	want := []string{"One", "Two", "Three"}
	for _, body := range want {
		f.comment(t, "Ada", "ada@example.org", body, "")
	}
	var got []string
	path := f.manage("/comments?limit=1")
	for range 5 {
		var p comments.ModPage
		f.mod.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &p)
		for _, c := range p.Items {
			got = append(got, c.Body)
		}
		if p.NextCursor == nil {
			break
		}
		path = f.manage("/comments?limit=1&cursor=" + *p.NextCursor)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pages gave %q, want %q", got, want)
	}
	f.mod.Get(t, f.manage("/comments?cursor=forged")).WantStatus(t, http.StatusBadRequest)
}
