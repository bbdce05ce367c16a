package live_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"plenary/internal/errs"
	"plenary/internal/live"
)

// TestPollTransitions tries every moderator move and a ballot from every
// status: only draft → open → closed, deleting drafts, voting while open.
func TestPollTransitions(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-moves", 1)
	svc, ctx := env.App.Live, context.Background()
	type action func(p live.Poll) error
	open := func(p live.Poll) error { _, err := svc.OpenPoll(ctx, f.event.ID, p.ID); return err }
	closePoll := func(p live.Poll) error { _, err := svc.ClosePoll(ctx, f.event.ID, p.ID); return err }
	del := func(p live.Poll) error { return svc.DeletePoll(ctx, f.event.ID, p.ID) }
	vote := func(p live.Poll) error {
		_, err := svc.CastBallot(ctx, f.tokens[0], p.ID, live.Ballot{OptionIDs: []string{p.Options[0].ID}})
		return err
	}
	// to brings a new poll to a status.
	to := map[string][]action{live.PollDraft: nil, live.PollOpen: {open}, live.PollClosed: {open, closePoll}}
	for _, tc := range []struct {
		name, from string
		do         action
		want       error  // nil, or the sentinel it wraps
		after      string // the status afterwards; "" when the poll is gone
	}{
		{"open a draft", live.PollDraft, open, nil, live.PollOpen},
		{"open an open poll", live.PollOpen, open, errs.ErrConflict, live.PollOpen},
		{"reopen a closed poll", live.PollClosed, open, errs.ErrConflict, live.PollClosed},
		{"close a draft", live.PollDraft, closePoll, errs.ErrConflict, live.PollDraft},
		{"close an open poll", live.PollOpen, closePoll, nil, live.PollClosed},
		{"close a closed poll", live.PollClosed, closePoll, errs.ErrConflict, live.PollClosed},
		{"delete a draft", live.PollDraft, del, nil, ""},
		{"delete an open poll", live.PollOpen, del, errs.ErrConflict, live.PollOpen},
		{"delete a closed poll", live.PollClosed, del, errs.ErrConflict, live.PollClosed},
		{"vote in a draft", live.PollDraft, vote, errs.ErrConflict, live.PollDraft},
		{"vote in an open poll", live.PollOpen, vote, nil, live.PollOpen},
		{"vote in a closed poll", live.PollClosed, vote, errs.ErrConflict, live.PollClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := svc.CreatePoll(ctx, f.event.ID, live.NewPoll{Question: tc.name, Options: []string{"A", "B"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, step := range to[tc.from] {
				if err := step(p); err != nil {
					t.Fatal(err)
				}
			}
			err = tc.do(p)
			if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got := pollStatus(t, svc, f.event.ID, p.ID); got != tc.after {
				t.Errorf("status %q afterwards, want %q", got, tc.after)
			}
			if p, err := svc.ClosePoll(ctx, f.event.ID, p.ID); err == nil && p.Status != live.PollClosed { // leave none open
				t.Errorf("closing left %q", p.Status)
			}
		})
	}
}

// pollStatus is a poll's status in the moderators' list, "" when absent.
func pollStatus(t *testing.T, svc *live.Service, eventID, pollID string) string {
	t.Helper()
	l, err := svc.ListPolls(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Items {
		if p.ID == pollID {
			return p.Status
		}
	}
	return ""
}

// TestBallotRules checks a ballot's choices against the kind of poll.
func TestBallotRules(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-ballots", 1)
	svc, ctx := env.App.Live, context.Background()
	other, err := svc.CreatePoll(ctx, f.event.ID, live.NewPoll{Question: "Other", Options: []string{"X", "Y"}})
	if err != nil {
		t.Fatal(err)
	}
	// Options by index into the poll's; -1 is the other poll's first.
	for _, tc := range []struct {
		name     string
		multiple bool
		options  []int
		ok       bool
	}{
		{"single: none", false, nil, false},
		{"single: one", false, []int{0}, true},
		{"single: two", false, []int{0, 1}, false},
		{"single: the same twice", false, []int{0, 0}, false},
		{"single: another poll's", false, []int{-1}, false},
		{"single: its own and another poll's", false, []int{0, -1}, false},
		{"multiple: none", true, nil, false},
		{"multiple: one", true, []int{1}, true},
		{"multiple: all", true, []int{0, 1, 2}, true},
		{"multiple: the same twice", true, []int{0, 0}, false},
		{"multiple: another poll's", true, []int{0, -1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := svc.CreatePoll(ctx, f.event.ID, live.NewPoll{Question: tc.name, Multiple: tc.multiple, Options: []string{"A", "B", "C"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.OpenPoll(ctx, f.event.ID, p.ID); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if _, err := svc.ClosePoll(ctx, f.event.ID, p.ID); err != nil {
					t.Fatal(err)
				}
			}()
			ids := []string{}
			for _, i := range tc.options {
				if i < 0 {
					ids = append(ids, other.Options[0].ID)
				} else {
					ids = append(ids, p.Options[i].ID)
				}
			}
			got, err := svc.CastBallot(ctx, f.tokens[0], p.ID, live.Ballot{OptionIDs: ids})
			var invalid errs.Validation
			switch {
			case tc.ok && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.ok && len(got.MyChoices) != len(ids):
				t.Errorf("my_choices %v, want %v", got.MyChoices, ids)
			case !tc.ok && !errors.As(err, &invalid):
				t.Fatalf("got %v, want a validation error", err)
			case !tc.ok && invalid["option_ids"] == "":
				t.Errorf("errors %v do not name option_ids", invalid)
			}
		})
	}
}

// TestConcurrentOpensLeaveOnePollOpen: moderators opening five drafts at
// the same moment open exactly one; the others are told why.
func TestConcurrentOpensLeaveOnePollOpen(t *testing.T) {
	env := pollEnv(t)
	f := newPollFixture(t, env, "poll-race", 1)
	svc, ctx := env.App.Live, context.Background()
	polls := make([]live.Poll, 5)
	for i := range polls {
		var err error
		if polls[i], err = svc.CreatePoll(ctx, f.event.ID, live.NewPoll{Question: "Race", Options: []string{"A", "B"}}); err != nil {
			t.Fatal(err)
		}
	}
	results := make([]error, len(polls))
	var wg sync.WaitGroup
	for i, p := range polls {
		wg.Go(func() { _, results[i] = svc.OpenPoll(ctx, f.event.ID, p.ID) })
	}
	wg.Wait()
	opened := 0
	for _, err := range results {
		switch {
		case err == nil:
			opened++
		case !errors.Is(err, live.ErrAnotherPollOpen):
			t.Errorf("open: %v", err)
		}
	}
	if opened != 1 {
		t.Errorf("%d polls opened at once, want 1", opened)
	}
}
