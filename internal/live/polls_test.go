package live_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/live"
)

// TestPollStory follows a poll whose results show only once it closes,
// from draft to closed, as a moderator and two registrants see it.
func TestPollStory(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-story", 2)
	ada, bob := f.tokens[0], f.tokens[1]
	c := env.Client()

	p := f.create(t, "  Which session next?  ", false, "closed", "Housing", " Transport ", "Energy")
	if p.Status != live.PollDraft || p.Question != "Which session next?" || len(p.Options) != 3 || p.Options[1].Label != "Transport" {
		t.Fatalf("created %+v", p)
	}
	if !p.ResultsVisible || p.Total == nil || *p.Total != 0 {
		t.Errorf("the moderator sees a draft's results: %+v", p)
	}
	if got := f.attendeePolls(t, ada); len(got.Items) != 0 {
		t.Fatalf("an attendee sees a draft: %+v", got.Items)
	}
	f.vote(t, c, ada, p.ID, p.Options[0].ID).WantStatus(t, http.StatusConflict)

	f.move(t, p.ID, "open")
	seen := f.attendeePolls(t, ada)
	if len(seen.Items) != 1 || seen.Items[0].Status != live.PollOpen || seen.Items[0].ResultsVisible || seen.Items[0].Total != nil {
		t.Fatalf("attendee sees %+v, want the open poll without results", seen.Items)
	}
	if want := map[string]int{"Housing": -1, "Transport": -1, "Energy": -1}; !maps.Equal(votes(seen.Items[0]), want) {
		t.Errorf("counts while open %v, want hidden", votes(seen.Items[0]))
	}

	var mine live.Poll
	f.vote(t, c, ada, p.ID, optionIDs(p, "Transport")...).WantStatus(t, http.StatusOK).JSON(t, &mine)
	if len(mine.MyChoices) != 1 || mine.MyChoices[0] != optionIDs(p, "Transport")[0] || mine.Total != nil {
		t.Errorf("after voting: %+v", mine)
	}
	again := f.vote(t, c, ada, p.ID, optionIDs(p, "Energy")...).WantStatus(t, http.StatusConflict).Problem(t)
	if again.Detail != "You have already voted in this poll." {
		t.Errorf("second ballot: %q", again.Detail)
	}
	f.vote(t, c, bob, p.ID, optionIDs(p, "Transport")...).WantStatus(t, http.StatusOK)
	if got := votes(f.moderatorPoll(t, p.ID)); !maps.Equal(got, map[string]int{"Housing": 0, "Transport": 2, "Energy": 0}) {
		t.Errorf("moderator counts %v", got)
	}
	if got := f.attendeePolls(t, bob).Items[0]; got.Total != nil || len(got.MyChoices) != 1 {
		t.Errorf("bob while open: %+v", got)
	}

	closed := f.move(t, p.ID, "close")
	if closed.Status != live.PollClosed || closed.ClosedAt == nil {
		t.Errorf("closed %+v", closed)
	}
	after := f.attendeePolls(t, bob).Items[0]
	if !after.ResultsVisible || after.Total == nil || *after.Total != 2 || votes(after)["Transport"] != 2 {
		t.Errorf("after closing the attendee sees %+v", after)
	}
	f.vote(t, c, bob, p.ID, optionIDs(p, "Energy")...).WantStatus(t, http.StatusConflict)
	f.mod.Post(t, f.base()+"/"+p.ID+"/open", nil).WantStatus(t, http.StatusConflict)
	f.mod.Delete(t, f.base()+"/"+p.ID).WantStatus(t, http.StatusConflict)
}

// TestLivePollResultsShowWhileOpen: "live" results show to the audience
// as soon as votes come in.
func TestLivePollResultsShowWhileOpen(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-live", 2)
	p := f.create(t, "Which topics?", true, "live", "A", "B", "C")
	f.move(t, p.ID, "open")
	f.vote(t, env.Client(), f.tokens[0], p.ID, optionIDs(p, "A", "C")...).WantStatus(t, http.StatusOK)
	got := f.attendeePolls(t, f.tokens[1]).Items[0]
	if !got.ResultsVisible || *got.Total != 1 || !maps.Equal(votes(got), map[string]int{"A": 1, "B": 0, "C": 1}) {
		t.Errorf("the other registrant sees %+v %v", got, votes(got))
	}
	if len(got.MyChoices) != 0 {
		t.Errorf("another's choices leaked: %v", got.MyChoices)
	}
}

// TestPollInputIsChecked sends polls and ballots that break each rule.
func TestPollInputIsChecked(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-input", 1)
	other := newPollFixture(t, env, "poll-input-other", 1)
	for name, tc := range map[string]struct {
		body  map[string]any
		field string
	}{
		"one option":        {map[string]any{"question": "Q", "options": []string{"A"}}, "options"},
		"eleven options":    {map[string]any{"question": "Q", "options": strings.Split("abcdefghijk", "")}, "options"},
		"blank question":    {map[string]any{"question": "  ", "options": []string{"A", "B"}}, "question"},
		"long question":     {map[string]any{"question": strings.Repeat("q", 301), "options": []string{"A", "B"}}, "question"},
		"blank option":      {map[string]any{"question": "Q", "options": []string{"A", " "}}, "options.1"},
		"long option":       {map[string]any{"question": "Q", "options": []string{strings.Repeat("o", 201), "B"}}, "options.0"},
		"same option twice": {map[string]any{"question": "Q", "options": []string{"Yes", "yes"}}, "options.1"},
		"unknown results":   {map[string]any{"question": "Q", "options": []string{"A", "B"}, "results": "never"}, "results"},
	} {
		p := f.mod.Post(t, f.base(), tc.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
		if _, ok := p.Errors[tc.field]; !ok {
			t.Errorf("%s: errors %v, want %q named", name, p.Errors, tc.field)
		}
	}

	single := f.create(t, "One?", false, "live", "A", "B")
	multi := f.create(t, "Many?", true, "live", "A", "B", "C")
	foreign := other.create(t, "Elsewhere?", false, "live", "X", "Y")
	f.move(t, single.ID, "open")
	c := env.Client()
	tok := f.tokens[0]
	f.vote(t, c, tok, single.ID).WantStatus(t, http.StatusUnprocessableEntity)
	f.vote(t, c, tok, single.ID, optionIDs(single, "A", "B")...).WantStatus(t, http.StatusUnprocessableEntity)
	f.vote(t, c, tok, single.ID, foreign.Options[0].ID).WantStatus(t, http.StatusUnprocessableEntity)
	f.vote(t, c, tok, single.ID, "not-a-uuid").WantStatus(t, http.StatusUnprocessableEntity)
	f.vote(t, c, tok, multi.ID, optionIDs(multi, "A")...).WantStatus(t, http.StatusConflict) // still a draft
	f.vote(t, c, tok, foreign.ID, foreign.Options[0].ID).WantStatus(t, http.StatusNotFound)  // another event's poll
	f.vote(t, c, tok, single.ID, optionIDs(single, "B")...).WantStatus(t, http.StatusOK)

	f.move(t, single.ID, "close")
	f.move(t, multi.ID, "open")
	dup := optionIDs(multi, "A")
	f.vote(t, c, tok, multi.ID, dup[0], dup[0]).WantStatus(t, http.StatusUnprocessableEntity)
	f.vote(t, c, tok, multi.ID, optionIDs(multi, "A", "C")...).WantStatus(t, http.StatusOK)
	if got := votes(f.moderatorPoll(t, multi.ID)); !maps.Equal(got, map[string]int{"A": 1, "B": 0, "C": 1}) {
		t.Errorf("multiple choice counts %v", got)
	}
}

// TestOnlyOnePollIsOpenAtATime: opening a second poll is refused until the
// first closes.
func TestOnlyOnePollIsOpenAtATime(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-one-open", 1)
	first := f.create(t, "First?", false, "live", "A", "B")
	second := f.create(t, "Second?", false, "live", "A", "B")
	f.move(t, first.ID, "open")
	p := f.mod.Post(t, f.base()+"/"+second.ID+"/open", nil).WantStatus(t, http.StatusConflict).Problem(t)
	if !strings.Contains(p.Detail, "Close it before opening this one") {
		t.Errorf("refusal: %q", p.Detail)
	}
	f.move(t, first.ID, "close")
	f.move(t, second.ID, "open")
}

// TestPollsAreForConfirmedRegistrantsAndModerators: a waitlisted
// registrant, a forged link and a visitor who is not signed in are
// refused; no attendee answer holds an email.
func TestPollsAreForConfirmedRegistrantsAndModerators(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-who", 1)
	p := f.create(t, "Who?", false, "live", "A", "B")
	f.move(t, p.ID, "open")
	c := env.Client()
	c.Get(t, "/api/v1/live/"+f.waitlisted+"/polls").WantStatus(t, http.StatusForbidden)
	f.vote(t, c, f.waitlisted, p.ID, p.Options[0].ID).WantStatus(t, http.StatusForbidden)
	forged := f.tokens[0][:len(f.tokens[0])-2] + "xx"
	c.Get(t, "/api/v1/live/"+forged+"/polls").WantStatus(t, http.StatusUnauthorized)
	f.vote(t, c, forged, p.ID, p.Options[0].ID).WantStatus(t, http.StatusUnauthorized)

	c.Get(t, f.base()).WantStatus(t, http.StatusUnauthorized)
	c.Post(t, f.base(), map[string]any{"question": "Q", "options": []string{"A", "B"}}).WantStatus(t, http.StatusUnauthorized)
	c.Post(t, f.base()+"/"+p.ID+"/close", nil).WantStatus(t, http.StatusUnauthorized)
	c.Delete(t, f.base()+"/"+p.ID).WantStatus(t, http.StatusUnauthorized)
	f.mod.Get(t, "/api/v1/manage/events/00000000-0000-0000-0000-000000000000/live/polls").WantStatus(t, http.StatusNotFound)

	for _, resp := range []*apitest.Response{
		f.vote(t, c, f.tokens[0], p.ID, p.Options[0].ID).WantStatus(t, http.StatusOK),
		c.Get(t, "/api/v1/live/"+f.tokens[0]+"/polls").WantStatus(t, http.StatusOK),
	} {
		if bytes.Contains(resp.Body, []byte("@")) {
			t.Errorf("an attendee answer holds an email: %s", resp.Body)
		}
	}
}

// TestBallotsAreRateLimitedPerLink: a script sending ballots is stopped
// with 429 before it reaches the database.
func TestBallotsAreRateLimitedPerLink(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-limit", 2)
	useClock(env.App.Live, time.Now()) // stopped: no allowance comes back while the test runs
	p := f.create(t, "Spam?", false, "live", "A", "B")
	f.move(t, p.ID, "open")
	c := env.Client()
	statuses := map[int]int{}
	for range 12 {
		statuses[f.vote(t, c, f.tokens[0], p.ID, p.Options[0].ID).Status]++
	}
	if statuses[http.StatusOK] != 1 || statuses[http.StatusConflict] != 9 || statuses[http.StatusTooManyRequests] != 2 {
		t.Errorf("12 ballots from one link: %v, want 1 OK, 9 conflicts, 2 refused", statuses)
	}
	f.vote(t, c, f.tokens[1], p.ID, p.Options[1].ID).WantStatus(t, http.StatusOK) // another link is not limited
}

// TestConcurrentBallotsCountExactly: 50 registrants voting at once are all
// counted, and 20 ballots at once from one registrant count once.
func TestConcurrentBallotsCountExactly(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-crowd", 50)
	p := f.create(t, "Crowd?", false, "live", "A", "B")
	f.move(t, p.ID, "open")

	var wg sync.WaitGroup
	statuses := make([]int, len(f.tokens))
	for i, tok := range f.tokens {
		wg.Go(func() { statuses[i] = f.vote(t, env.Client(), tok, p.ID, p.Options[i%2].ID).Status })
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("registrant %d: %d", i, s)
		}
	}
	got := f.moderatorPoll(t, p.ID)
	if *got.Total != 50 || !maps.Equal(votes(got), map[string]int{"A": 25, "B": 25}) {
		t.Errorf("total %d, counts %v; want 50, 25 and 25", *got.Total, votes(got))
	}

	second := f.create(t, "Once?", true, "live", "A", "B")
	f.move(t, p.ID, "close")
	f.move(t, second.ID, "open")
	results := make([]error, 20)
	for i := range results {
		wg.Go(func() {
			_, results[i] = env.App.Live.CastBallot(context.Background(), f.tokens[0], second.ID, live.Ballot{OptionIDs: optionIDs(second, "A", "B")})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, live.ErrAlreadyVoted):
		default:
			t.Errorf("concurrent ballot: %v", err)
		}
	}
	var ballots, choices int
	if err := env.DB.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM live_poll_ballots WHERE poll_id = $1),
		(SELECT count(*) FROM live_poll_choices WHERE poll_id = $1)`, second.ID).Scan(&ballots, &choices); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || ballots != 1 || choices != 2 {
		t.Errorf("20 ballots at once from one registrant: %d accepted, %d ballots, %d choices; want 1, 1, 2", ok, ballots, choices)
	}
	if got := fmt.Sprint(votes(f.moderatorPoll(t, second.ID))); got != "map[A:1 B:1]" {
		t.Errorf("counts %s", got)
	}
}
