package comments_test

import (
	"net/http"
	"testing"

	"plenary/internal/comments"
)

// In "none" mode a comment is public at once, its links still text.
func TestModerationNonePublishesAtOnce(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationNone)
	f.comment(t, "Ada", "ada@example.org", "See https://example.org/x", "")
	p := f.threads(t)
	if p.Moderation != comments.ModerationNone {
		t.Errorf("moderation %q, want none", p.Moderation)
	}
	th := only(t, p, "See https://example.org/x")
	if th.Name != "Ada" || th.LinksAllowed || th.Deleted || th.OrganiserReply {
		t.Errorf("published comment %+v: want Ada's, links as text", th.Comment)
	}
	if len(f.queue(t, "pending")) != 0 {
		t.Error("a comment waits for a moderator in none mode")
	}
}

// In "all" mode (the default) every comment waits; approving publishes it
// and lets its links be links. Rejected comments stay hidden.
func TestModerationAllHoldsEveryComment(t *testing.T) {
	f := newFixture(t, 0)
	f.comment(t, "Ada", "ada@example.org", "First", "")
	f.comment(t, "Bob", "bob@example.org", "Second", "")
	if p := f.threads(t); len(p.Items) != 0 || p.Moderation != comments.ModerationAll {
		t.Fatalf("before moderation the public sees %q (mode %q)", bodies(p), p.Moderation)
	}
	m := f.moderate(t, f.pendingID(t, "First"), "approve")
	if m.Status != comments.StatusApproved || !m.LinksAllowed || m.Email != "ada@example.org" {
		t.Errorf("approved %+v", m)
	}
	f.moderate(t, f.pendingID(t, "Second"), "reject")
	p := f.threads(t)
	if len(p.Items) != 1 || !only(t, p, "First").LinksAllowed {
		t.Errorf("public sees %q, want only First with links", bodies(p))
	}
	if got := f.queue(t, "rejected"); len(got) != 1 || got[0].Body != "Second" {
		t.Errorf("rejected queue %+v", got)
	}
	// An address approved before still waits in "all" mode.
	f.comment(t, "Ada", "ada@example.org", "Third", "")
	if len(f.threads(t).Items) != 1 {
		t.Error("a later comment published without a moderator in all mode")
	}
}

// In "first" mode an address's first comment waits; once a moderator has
// approved one, its later comments (whatever the case of the address)
// publish at once, and another address still waits.
func TestModerationFirstTrustsAnApprovedAddress(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationFirst)
	f.comment(t, "Ada", "ada@example.org", "One", "")
	f.comment(t, "Ada", "ada@example.org", "Two", "")
	if n := len(f.threads(t).Items); n != 0 {
		t.Fatalf("%d comments public before the first approval", n)
	}
	f.moderate(t, f.pendingID(t, "One"), "approve")
	f.comment(t, "Ada", "ADA@example.org", "Three", "")
	f.comment(t, "Bob", "bob@example.org", "Bob's", "")
	p := f.threads(t)
	if bodies(p) != "One | Three" {
		t.Errorf("public sees %q, want One | Three", bodies(p))
	}
	if only(t, p, "Three").LinksAllowed {
		t.Error("a comment no moderator read allows links")
	}
	if len(f.queue(t, "pending")) != 2 { // Two (sent before the approval) and Bob's
		t.Errorf("pending %+v", f.queue(t, "pending"))
	}
}

// A filled honeypot gets the same answer, and nothing is stored or sent.
func TestHoneypotStoresNothing(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationNone)
	bot := f.post(t, map[string]any{"name": "Bot", "email": "bot@example.org", "body": "Buy now", "website": "http://spam.example"}).
		WantStatus(t, http.StatusAccepted)
	human := f.post(t, map[string]any{"name": "Ada", "email": "ada@example.org", "body": "Hello", "website": ""}).
		WantStatus(t, http.StatusAccepted)
	if string(bot.Body) != string(human.Body) {
		t.Errorf("the honeypot's answer %s differs from a person's %s", bot.Body, human.Body)
	}
	if n := f.count(t, `SELECT count(*) FROM comments WHERE email = 'bot@example.org'`); n != 0 {
		t.Errorf("%d comments stored from the bot", n)
	}
	if n := len(f.inbox(t, "bot@example.org")); n != 0 {
		t.Errorf("%d messages to the bot's address", n)
	}
	if bodies(f.threads(t)) != "Hello" {
		t.Errorf("public sees %q", bodies(f.threads(t)))
	}
}

// Bad input is refused with the field at fault; replies go one level deep
// and only to published comments.
func TestBadCommentsAreRefused(t *testing.T) {
	f := newFixture(t, 0)
	long := make([]byte, comments.MaxBody+1)
	for i := range long {
		long[i] = 'a'
	}
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"no name":       {map[string]any{"name": " ", "email": "a@example.org", "body": "x"}, "name"},
		"bad email":     {map[string]any{"name": "A", "email": "not an address", "body": "x"}, "email"},
		"named email":   {map[string]any{"name": "A", "email": "A <a@example.org>", "body": "x"}, "email"},
		"empty body":    {map[string]any{"name": "A", "email": "a@example.org", "body": "  "}, "body"},
		"long body":     {map[string]any{"name": "A", "email": "a@example.org", "body": string(long)}, "body"},
		"bad parent":    {map[string]any{"name": "A", "email": "a@example.org", "body": "x", "parent_id": "nope"}, "parent_id"},
		"absent parent": {map[string]any{"name": "A", "email": "a@example.org", "body": "x", "parent_id": "6f1c4f43-54a4-4a42-9d8e-5a4f4b7d1c11"}, "parent_id"},
	} {
		p := f.post(t, c.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
		if _, ok := p.Errors[c.field]; !ok {
			t.Errorf("%s: errors %v, want one for %s", name, p.Errors, c.field)
		}
	}
	f.comment(t, "Ada", "ada@example.org", "Pending", "")
	pending := f.pendingID(t, "Pending")
	f.post(t, map[string]any{"name": "B", "email": "b@example.org", "body": "x", "parent_id": pending}).
		WantStatus(t, http.StatusUnprocessableEntity)
	f.moderate(t, pending, "approve")
	f.comment(t, "Bob", "bob@example.org", "Reply", pending)
	reply := f.pendingID(t, "Reply")
	f.moderate(t, reply, "approve")
	f.post(t, map[string]any{"name": "C", "email": "c@example.org", "body": "x", "parent_id": reply}).
		WantStatus(t, http.StatusUnprocessableEntity) // one level only
	f.keep(f.public.Post(t, "/api/v1/events/no-such-event/comments", map[string]any{"name": "A", "email": "a@example.org", "body": "x"})).
		WantStatus(t, http.StatusNotFound)
}

// Posting is rate-limited per IP; another address is not held back.
func TestCommentsAreRateLimitedPerIP(t *testing.T) {
	f := newFixture(t, 3)
	for range 3 {
		f.comment(t, "Ada", "ada@example.org", "Again", "")
	}
	f.post(t, map[string]any{"name": "Ada", "email": "ada@example.org", "body": "Again"}).WantStatus(t, http.StatusTooManyRequests)
	other := f.env.Client()
	other.From("127.0.0.2")
	other.Post(t, f.commentsPath(), map[string]any{"name": "Bob", "email": "bob@example.org", "body": "Hi"}).
		WantStatus(t, http.StatusAccepted)
}
