package events_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/events"
)

func TestSeedDemoUpcomingEventHasOnlyPlaceholders(t *testing.T) {
	env := apitest.New(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	created, err := env.App.Events.SeedDemo(context.Background(), now)
	if err != nil || len(created) != 2 {
		t.Fatalf("SeedDemo = %v, %v", created, err)
	}
	var page events.PublicEvent
	env.Client().Get(t, "/api/v1/events/joining-up-prevention").WantStatus(t, http.StatusOK).JSON(t, &page)
	if page.Phase != events.PhaseUpcoming || page.StartsAt.Sub(now) < 27*24*time.Hour || page.StartsAt.Sub(now) > 29*24*time.Hour {
		t.Errorf("upcoming event at %s, phase %s", page.StartsAt, page.Phase)
	}
	for _, s := range page.Speakers {
		if !strings.HasSuffix(s.Name, "to be announced") || s.Organisation != "" || s.Bio != "" {
			t.Errorf("the upcoming event names a real speaker: %+v", s)
		}
	}
	if len(events.DemoQuestions) != 5 {
		t.Errorf("%d demo questions, want the article's 5", len(events.DemoQuestions))
	}

	// A half-made demo event (a draft left by a failed run) is made afresh.
	var id string
	if err := env.DB.QueryRow(context.Background(), `UPDATE events SET status = 'draft' WHERE slug = 'early-intervention' RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	created, err = env.App.Events.SeedDemo(context.Background(), now)
	if err != nil || len(created) != 1 || created[0] != "early-intervention" {
		t.Fatalf("re-seed after a half-made event: %v, %v", created, err)
	}
	var people int
	if err := env.DB.QueryRow(context.Background(), `SELECT count(*) FROM people`).Scan(&people); err != nil || people != 7 {
		t.Errorf("%d people after re-seeding, want 7 (no duplicates)", people)
	}
}
