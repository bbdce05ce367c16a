package live_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/live"
)

func TestAskingAndListingQuestions(t *testing.T) {
	f := newQAFixture(t)
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	c := f.env.Client()

	held := f.ask(t, ada, "  Will the slides be shared?  ", false)
	if held.Status != "held" || held.Body != "Will the slides be shared?" || !held.Mine || held.Asker == nil ||
		held.Asker.Name != "Person1 Asker" || held.Asker.Organisation != "City Council" {
		t.Errorf("a question asked under the default settings: %+v", held)
	}
	if got := f.list(t, bob, ""); len(got) != 0 {
		t.Errorf("another registrant sees a held question: %+v", got)
	}
	if got := f.list(t, ada, ""); len(got) != 1 || got[0].ID != held.ID || !got[0].Mine {
		t.Errorf("the asker does not see their own held question: %+v", got)
	}

	f.setModeration(t, "published")
	anon := f.ask(t, ada, "How is prevention funded?", true)
	if anon.Status != "published" || anon.Asker != nil || !anon.Mine {
		t.Errorf("an anonymous question published at once: %+v", anon)
	}
	seen := f.list(t, bob, "newest")
	if len(seen) != 1 || seen[0].ID != anon.ID || seen[0].Asker != nil || seen[0].Mine || seen[0].Voted {
		t.Errorf("another registrant's view of an anonymous question: %+v", seen)
	}

	for name, body := range map[string]string{"empty": "", "blank": "  \n\t ", "too long": strings.Repeat("é", 501)} {
		if p := c.Post(t, livePath(ada, ""), map[string]any{"body": body}).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["body"] == "" {
			t.Errorf("%s body: %+v", name, p)
		}
	}
	f.ask(t, bob, strings.Repeat("é", 500), false)
	c.Post(t, livePath(ada, ""), map[string]any{"body": "nul \u0000 here"}).WantStatus(t, http.StatusBadRequest)
	c.Post(t, livePath(ada, ""), map[string]any{"body": "x", "status": "published"}).WantStatus(t, http.StatusBadRequest)
	c.Get(t, livePath(ada, "?order=loudest")).WantStatus(t, http.StatusUnprocessableEntity)
	c.Get(t, "/api/v1/live/not-a-token/questions").WantStatus(t, http.StatusUnauthorized)
	c.Post(t, "/api/v1/live/not-a-token/questions", map[string]any{"body": "Hello?"}).WantStatus(t, http.StatusUnauthorized)

	waiting := f.register(t, "City Council", "other", "waitlisted")
	c.Get(t, livePath(waiting, "")).WantStatus(t, http.StatusForbidden)
	c.Post(t, livePath(waiting, ""), map[string]any{"body": "Can I ask?"}).WantStatus(t, http.StatusForbidden)

	other := f.otherEventRegistrant(t)
	for _, q := range f.list(t, other, "") {
		t.Errorf("a registrant of another event sees %+v", q)
	}
	f.vote(t, other, anon.ID, true).WantStatus(t, http.StatusNotFound)
}

func TestABlockedRegistrantCannotAsk(t *testing.T) {
	f := newQAFixture(t)
	ada := f.confirmed(t, "City Council")
	if _, err := f.env.DB.Exec(context.Background(), `INSERT INTO live_blocks (event_id, registration_id) VALUES ($1, $2)`,
		f.event.ID, ada.id); err != nil {
		t.Fatal(err)
	}
	f.env.Client().Post(t, livePath(ada, ""), map[string]any{"body": "Let me in"}).WantStatus(t, http.StatusForbidden)
}

func TestACancelledEventTakesNoQuestions(t *testing.T) {
	f := newQAFixture(t)
	ada := f.confirmed(t, "City Council")
	f.mod.Post(t, "/api/v1/manage/events/"+f.event.ID+"/cancel", map[string]any{"message": "Sorry."}).WantStatus(t, http.StatusOK)
	f.env.Client().Post(t, livePath(ada, ""), map[string]any{"body": "Still on?"}).WantStatus(t, http.StatusConflict)
}

func TestAskingIsRateLimitedPerRegistrant(t *testing.T) {
	f := newQAFixture(t)
	useClock(f.env.App.Live, time.Now()) // stopped: no allowance comes back while the test runs
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "City Council")
	for i := range 5 {
		f.ask(t, ada, "Question number "+string(rune('A'+i)), false)
	}
	r := f.env.Client().Post(t, livePath(ada, ""), map[string]any{"body": "One too many"}).WantStatus(t, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	f.ask(t, bob, "Someone else may still ask", false)
}

func TestVotingIsRateLimitedPerRegistrant(t *testing.T) {
	f := newQAFixture(t)
	useClock(f.env.App.Live, time.Now()) // stopped: no allowance comes back while the test runs
	f.setModeration(t, "published")
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	q := f.ask(t, ada, "Vote on me", false)
	for i := range 60 {
		f.vote(t, bob, q.ID, i%2 == 0).WantStatus(t, http.StatusOK)
	}
	f.vote(t, bob, q.ID, true).WantStatus(t, http.StatusTooManyRequests)
	f.vote(t, ada, q.ID, true).WantStatus(t, http.StatusOK)
}

func TestVotingIsIdempotent(t *testing.T) {
	f := newQAFixture(t)
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	held := f.ask(t, ada, "Held for now", false)
	f.vote(t, bob, held.ID, true).WantStatus(t, http.StatusNotFound)
	f.vote(t, ada, held.ID, true).WantStatus(t, http.StatusConflict)
	f.vote(t, bob, "not-a-uuid", true).WantStatus(t, http.StatusNotFound)

	f.setModeration(t, "published")
	q := f.ask(t, ada, "Published at once", false)
	var got live.Question
	for range 2 {
		f.vote(t, bob, q.ID, true).WantStatus(t, http.StatusOK).JSON(t, &got)
		if got.Votes != 1 || !got.Voted {
			t.Fatalf("after voting: %+v", got)
		}
	}
	if l := f.list(t, ada, ""); l[0].Votes != 1 || l[0].Voted {
		t.Errorf("the asker's view after bob's vote: %+v", l[0])
	}
	for range 2 {
		f.vote(t, bob, q.ID, false).WantStatus(t, http.StatusOK).JSON(t, &got)
		if got.Votes != 0 || got.Voted {
			t.Fatalf("after taking the vote back: %+v", got)
		}
	}
}

// Many registrants voting and taking votes back at once leave the count
// equal to the votes actually held.
func TestVoteCountStaysExactUnderConcurrency(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	q := f.ask(t, f.confirmed(t, "City Council"), "Popular question", false)
	voters := make([]qaPerson, 50)
	for i := range voters {
		voters[i] = f.confirmed(t, "Voters Ltd")
	}
	var wg sync.WaitGroup
	for i, p := range voters {
		wg.Go(func() {
			c := f.env.Client()
			// even voters end with a vote, odd ones without
			for step := range 4 + i%2 {
				method := http.MethodPut
				if step%2 == 1 {
					method = http.MethodDelete
				}
				c.Do(t, apitest.Request{Method: method, Path: livePath(p, "/"+q.ID+"/vote")}).WantStatus(t, http.StatusOK)
			}
		})
	}
	wg.Wait()
	var votes, rows int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT votes, (SELECT count(*) FROM live_question_votes WHERE question_id = $1)
		FROM live_questions WHERE id = $1`, q.ID).Scan(&votes, &rows); err != nil {
		t.Fatal(err)
	}
	if votes != 25 || rows != 25 {
		t.Errorf("votes %d, vote rows %d; want 25 and 25", votes, rows)
	}
}

func TestSimilarQuestions(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	ada := f.confirmed(t, "City Council")
	funding := f.ask(t, ada, "How is early intervention funded in Edinburgh?", false)
	f.ask(t, ada, "What about the weather?", false)
	f.setModeration(t, "held")
	f.ask(t, ada, "How is early intervention funded elsewhere?", false)

	var l live.SimilarList
	f.env.Client().Get(t, livePath(ada, "/similar?q=early+intervention+funded")).WantStatus(t, http.StatusOK).JSON(t, &l)
	if len(l.Items) != 1 || l.Items[0].ID != funding.ID {
		t.Errorf("similar: %+v", l.Items)
	}
	f.env.Client().Get(t, livePath(ada, "/similar?q=ho")).WantStatus(t, http.StatusOK).JSON(t, &l)
	if len(l.Items) != 0 {
		t.Errorf("two letters find %+v", l.Items)
	}
	f.env.Client().Get(t, livePath(ada, "/similar?q="+strings.Repeat("a", 501))).WantStatus(t, http.StatusUnprocessableEntity)
}

func TestRetractingOnesOwnQuestion(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	q := f.ask(t, ada, "Never mind", false)
	c := f.env.Client()
	c.Delete(t, livePath(bob, "/"+q.ID)).WantStatus(t, http.StatusNotFound)
	c.Delete(t, livePath(ada, "/"+q.ID)).WantStatus(t, http.StatusNoContent)
	if l := f.list(t, bob, ""); len(l) != 0 {
		t.Errorf("a withdrawn question is still listed: %+v", l)
	}
	c.Delete(t, livePath(ada, "/"+q.ID)).WantStatus(t, http.StatusNotFound)
}

// otherEventRegistrant is a confirmed registrant of a second event.
func (f *qaFixture) otherEventRegistrant(t *testing.T) qaPerson {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `
		WITH e AS (INSERT INTO events (slug, title, starts_at, duration_minutes, timezone)
			SELECT 'other-' || substr(md5(random()::text), 1, 8), title, starts_at, duration_minutes, timezone FROM events WHERE id = $1 RETURNING id)
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, sector, token_hash)
		SELECT e.id, 'confirmed', true, 'Other', 'Event', 'other@example.org', 'other', sha256('other'::bytea) FROM e RETURNING id`,
		f.event.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return qaPerson{id: id, token: f.env.App.Keys.Live(id)}
}
