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

// The demo's reference event holds the article's audience questions,
// answered live, and they read sensibly to attendees and moderators.
func TestDemoQuestionsReadSensibly(t *testing.T) {
	env := apitest.New(t)
	ctx := context.Background()
	if _, err := env.App.Events.SeedDemo(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	d, err := env.App.Events.PublicDetail(ctx, events.DemoReferenceSlug)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := env.App.Live.SeedDemo(ctx, d.ID, events.DemoQuestions); err != nil || n != 5 {
		t.Fatalf("seeding: %d questions, %v", n, err)
	}
	if n, err := env.App.Live.SeedDemo(ctx, d.ID, events.DemoQuestions); err != nil || n != 0 {
		t.Fatalf("seeding again: %d questions, %v", n, err)
	}

	f := &qaFixture{env: env, mod: env.SignedIn(t, accounts.RoleModerator), event: d}
	viewer := f.confirmed(t, "City of Edinburgh Council")
	got := f.list(t, viewer, "newest")
	if len(got) != 5 {
		t.Fatalf("the attendee sees %d questions", len(got))
	}
	for i, q := range got {
		if q.Body != events.DemoQuestions[4-i] || q.Status != "answered" || !q.AnsweredLive || q.Asker != nil || q.Mine {
			t.Errorf("question %d as an attendee sees it: %+v", i, q)
		}
	}
	var queue live.ModQueue
	f.mod.Get(t, f.modPath("/questions?status=answered&order=fair")).WantStatus(t, http.StatusOK).JSON(t, &queue)
	for _, m := range queue.Items {
		if m.Asker == nil || m.Asker.Name != "Not on record" || m.RegistrationID != nil || strings.Contains(m.Email, "@") {
			t.Errorf("a demo question as moderators see it: %+v", m)
		}
	}
	if len(queue.Items) != 5 {
		t.Errorf("moderators see %d answered questions", len(queue.Items))
	}
}
