package events_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/postgres"
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
	// The demo's caveat about its assumed start time is for organisers only.
	var reference events.PublicEvent
	env.Client().Get(t, "/api/v1/events/early-intervention").WantStatus(t, http.StatusOK).JSON(t, &reference)
	if strings.Contains(reference.DescriptionHTML, "no start time") {
		t.Errorf("the public page shows the organisers' note: %s", reference.DescriptionHTML)
	}
	var note string
	if err := env.DB.QueryRow(context.Background(), `SELECT organiser_note FROM events WHERE slug = 'early-intervention'`).Scan(&note); err != nil || !strings.Contains(note, "gives no start time") {
		t.Errorf("organiser note %q, %v", note, err)
	}
	// A database seeded before the note existed has the caveat moved out of
	// the public description by migration 0011 (and back by its down).
	mg, err := postgres.NewMigrator(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	latest, _, err := mg.Version()
	if err != nil {
		t.Fatal(err)
	}
	if err := mg.Down(int(latest) - 10); err != nil {
		t.Fatal(err)
	}
	var description string
	if err := env.DB.QueryRow(context.Background(), `SELECT description FROM events WHERE slug = 'early-intervention'`).Scan(&description); err != nil || !strings.HasSuffix(description, "*The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.*") {
		t.Errorf("after migrating down, description %q, %v", description, err)
	}
	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}
	var moved string
	if err := env.DB.QueryRow(context.Background(), `SELECT description, organiser_note FROM events WHERE slug = 'early-intervention'`).Scan(&description, &moved); err != nil ||
		strings.Contains(description, "no start time") || moved != note {
		t.Errorf("after migrating up: description %q, note %q, %v", description, moved, err)
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
