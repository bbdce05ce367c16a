package live_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/live"
)

// pollEnv is the application on a fresh database, with no limit on
// registrations per IP (the fixtures register many from one address).
func pollEnv(t *testing.T) *apitest.Env {
	t.Helper()
	cfg := apitest.Config(t)
	cfg.RegistrationsPerMinute = 0
	return apitest.NewWithConfig(t, cfg)
}

// pollFixture is a published event with confirmed registrants (and one on
// the waiting list), their live-page tokens, and a moderator signed in.
type pollFixture struct {
	env        *apitest.Env
	mod        *apitest.Client
	event      events.Detail
	tokens     []string // confirmed registrants' live-page tokens
	regIDs     []string // their registrations, in the same order
	waitlisted string   // a waitlisted registrant's token
}

// newPollFixture registers confirmed registrants at a new event (slug
// unique within the test's database).
func newPollFixture(t *testing.T, env *apitest.Env, slug string, confirmed int) pollFixture {
	t.Helper()
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Polls " + slug,
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London", "capacity": confirmed}).
		WantStatus(t, http.StatusCreated).JSON(t, &d)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	public := env.Client()
	for i := range confirmed + 1 { // the last one waits for a place
		public.Post(t, "/api/v1/events/"+slug+"/registrations", map[string]any{"first_name": "Voter", "last_name": fmt.Sprint(i),
			"email": fmt.Sprintf("%s-%d@example.org", slug, i), "sector": "other", "organisation": "Org"}).
			WantStatus(t, http.StatusAccepted)
	}
	f := pollFixture{env: env, mod: env.SignedIn(t, accounts.RoleModerator), event: d}
	rows, err := env.DB.Query(context.Background(),
		`SELECT id, status FROM registrations WHERE event_id = $1 ORDER BY created_at, id`, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, status string
		if err := rows.Scan(&id, &status); err != nil {
			t.Fatal(err)
		}
		switch status {
		case "confirmed":
			f.tokens, f.regIDs = append(f.tokens, env.App.Keys.Live(id)), append(f.regIDs, id)
		case "waitlisted":
			f.waitlisted = env.App.Keys.Live(id)
		}
	}
	if len(f.tokens) != confirmed || f.waitlisted == "" {
		t.Fatalf("%d confirmed and waitlisted %q, want %d and one", len(f.tokens), f.waitlisted, confirmed)
	}
	return f
}

func (f pollFixture) base() string { return "/api/v1/manage/events/" + f.event.ID + "/live/polls" }

// create prepares a draft through the API.
func (f pollFixture) create(t *testing.T, question string, multiple bool, results string, options ...string) live.Poll {
	t.Helper()
	var p live.Poll
	f.mod.Post(t, f.base(), map[string]any{"question": question, "multiple": multiple, "results": results, "options": options}).
		WantStatus(t, http.StatusCreated).JSON(t, &p)
	return p
}

// move opens or closes a poll through the API and returns it.
func (f pollFixture) move(t *testing.T, pollID, action string) live.Poll {
	t.Helper()
	var p live.Poll
	f.mod.Post(t, f.base()+"/"+pollID+"/"+action, nil).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p
}

// vote casts a ballot with the token; the caller checks the status.
func (f pollFixture) vote(t *testing.T, c *apitest.Client, token, pollID string, optionIDs ...string) *apitest.Response {
	t.Helper()
	if optionIDs == nil {
		optionIDs = []string{}
	}
	return c.Post(t, "/api/v1/live/"+token+"/polls/"+pollID+"/ballot", map[string]any{"option_ids": optionIDs})
}

// attendeePolls lists the polls as a registrant sees them.
func (f pollFixture) attendeePolls(t *testing.T, token string) live.PollList {
	t.Helper()
	var l live.PollList
	f.env.Client().Get(t, "/api/v1/live/"+token+"/polls").WantStatus(t, http.StatusOK).JSON(t, &l)
	return l
}

// moderatorPoll finds a poll in the moderators' list.
func (f pollFixture) moderatorPoll(t *testing.T, pollID string) live.Poll {
	t.Helper()
	var l live.PollList
	f.mod.Get(t, f.base()).WantStatus(t, http.StatusOK).JSON(t, &l)
	for _, p := range l.Items {
		if p.ID == pollID {
			return p
		}
	}
	t.Fatalf("poll %s not in the moderators' list", pollID)
	return live.Poll{}
}

// votes are a poll's counts by option label; -1 for a hidden count.
func votes(p live.Poll) map[string]int {
	out := map[string]int{}
	for _, o := range p.Options {
		if o.Votes == nil {
			out[o.Label] = -1
		} else {
			out[o.Label] = *o.Votes
		}
	}
	return out
}

func optionIDs(p live.Poll, labels ...string) []string {
	var ids []string
	for _, l := range labels {
		for _, o := range p.Options {
			if o.Label == l {
				ids = append(ids, o.ID)
			}
		}
	}
	return ids
}
