package live

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// Poll is a poll as one viewer sees it. Votes and Total are null where the
// viewer may not see the results yet; MyChoices are the viewer's own
// (empty for moderators and in the stream).
type Poll struct {
	ID             string       `json:"id"`
	Question       string       `json:"question"`
	Multiple       bool         `json:"multiple"`
	Status         string       `json:"status"`
	Results        string       `json:"results"`
	ResultsVisible bool         `json:"results_visible"`
	Options        []PollOption `json:"options"`
	Total          *int         `json:"total"` // ballots cast, not choices
	MyChoices      []string     `json:"my_choices"`
	OpenedAt       *time.Time   `json:"opened_at"`
	ClosedAt       *time.Time   `json:"closed_at"`
}

// PollOption is one answer of a poll, with its votes when visible.
type PollOption struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Votes *int   `json:"votes"`
}

// PollList is an event's polls; an event has at most maxEventPolls, so the
// list is not paged.
type PollList struct {
	Items []Poll `json:"items"`
}

// pollQuery says which polls to read and for whom.
type pollQuery struct {
	eventID   string
	pollID    string // "": every poll of the event
	moderator bool   // drafts too, results always
	voter     string // the registration whose choices to include; "": none
}

// resultsVisible says whether a viewer sees a poll's counts: moderators
// always, the audience while the poll is open if its results are live,
// and once it has closed.
func resultsVisible(moderator bool, status, results string) bool {
	return moderator || status == PollClosed || results == ResultsLive
}

// readPolls reads the polls q names with their options, counts and the
// voter's choices, in four queries whatever their number. Moderators get
// them oldest first (the order they were prepared in); the audience,
// which never sees drafts, newest opened first.
func readPolls(ctx context.Context, db postgres.DB, q pollQuery) ([]Poll, error) {
	order, statuses := "p.opened_at DESC, p.id", []string{PollOpen, PollClosed}
	if q.moderator {
		order, statuses = "p.created_at, p.id", []string{PollDraft, PollOpen, PollClosed}
	}
	var pollID *string
	if q.pollID != "" {
		pollID = &q.pollID
	}
	rows, _ := db.Query(ctx, `
		SELECT p.id, p.question, p.multiple, p.status, p.results, p.opened_at, p.closed_at
		FROM live_polls p
		WHERE p.event_id = $1 AND p.status = ANY($2) AND ($3::uuid IS NULL OR p.id = $3)
		ORDER BY `+order, q.eventID, statuses, pollID)
	polls, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Poll, error) {
		var p Poll
		err := row.Scan(&p.ID, &p.Question, &p.Multiple, &p.Status, &p.Results, &p.OpenedAt, &p.ClosedAt)
		p.ResultsVisible = resultsVisible(q.moderator, p.Status, p.Results)
		p.Options, p.MyChoices = []PollOption{}, []string{}
		return p, err
	})
	if err != nil || len(polls) == 0 {
		return polls, wrapRead(err)
	}
	ids := make([]string, len(polls))
	byID := make(map[string]*Poll, len(polls))
	for i := range polls {
		ids[i] = polls[i].ID
		byID[polls[i].ID] = &polls[i]
	}
	if err := readOptions(ctx, db, ids, byID); err != nil {
		return nil, err
	}
	if err := readTotals(ctx, db, ids, byID); err != nil {
		return nil, err
	}
	if q.voter != "" {
		if err := readChoices(ctx, db, ids, q.voter, byID); err != nil {
			return nil, err
		}
	}
	return polls, nil
}

// readOptions adds the polls' options in order, with their counts where
// visible: one grouped count over the choices rather than a counter row
// per option that every ballot would have to lock.
func readOptions(ctx context.Context, db postgres.DB, ids []string, byID map[string]*Poll) error {
	rows, _ := db.Query(ctx, `
		SELECT o.poll_id, o.id, o.label, coalesce(c.votes, 0)
		FROM live_poll_options o
		LEFT JOIN (SELECT option_id, count(*)::int AS votes FROM live_poll_choices
		           WHERE poll_id = ANY($1::uuid[]) GROUP BY option_id) c ON c.option_id = o.id
		WHERE o.poll_id = ANY($1::uuid[])
		ORDER BY o.poll_id, o.position`, ids)
	var pollID string
	var o PollOption
	var votes int
	_, err := pgx.ForEachRow(rows, []any{&pollID, &o.ID, &o.Label, &votes}, func() error {
		p := byID[pollID]
		opt := PollOption{ID: o.ID, Label: o.Label}
		if p.ResultsVisible {
			n := votes
			opt.Votes = &n
		}
		p.Options = append(p.Options, opt)
		return nil
	})
	return wrapRead(err)
}

// readTotals adds the number of ballots of each poll whose results show.
func readTotals(ctx context.Context, db postgres.DB, ids []string, byID map[string]*Poll) error {
	for _, p := range byID {
		if p.ResultsVisible {
			zero := 0
			p.Total = &zero
		}
	}
	rows, _ := db.Query(ctx, `
		SELECT poll_id, count(*)::int FROM live_poll_ballots WHERE poll_id = ANY($1::uuid[]) GROUP BY poll_id`, ids)
	var pollID string
	var total int
	_, err := pgx.ForEachRow(rows, []any{&pollID, &total}, func() error {
		if p := byID[pollID]; p.ResultsVisible {
			n := total
			p.Total = &n
		}
		return nil
	})
	return wrapRead(err)
}

// readChoices adds the options a registrant chose in each poll.
func readChoices(ctx context.Context, db postgres.DB, ids []string, registrationID string, byID map[string]*Poll) error {
	rows, _ := db.Query(ctx, `
		SELECT c.poll_id, c.option_id FROM live_poll_choices c
		JOIN live_poll_options o ON o.id = c.option_id
		WHERE c.poll_id = ANY($1::uuid[]) AND c.registration_id = $2
		ORDER BY c.poll_id, o.position`, ids, registrationID)
	var pollID, optionID string
	_, err := pgx.ForEachRow(rows, []any{&pollID, &optionID}, func() error {
		p := byID[pollID]
		p.MyChoices = append(p.MyChoices, optionID)
		return nil
	})
	return wrapRead(err)
}

// readPoll reads the one poll q names; one that does not exist, or that
// the viewer may not see, is not found.
func readPoll(ctx context.Context, db postgres.DB, q pollQuery) (Poll, error) {
	if uuid.Validate(q.eventID) != nil || uuid.Validate(q.pollID) != nil {
		return Poll{}, fmt.Errorf("live: poll %q: %w", q.pollID, errs.ErrNotFound)
	}
	items, err := readPolls(ctx, db, q)
	if err != nil {
		return Poll{}, err
	}
	if len(items) == 0 {
		return Poll{}, fmt.Errorf("live: poll %s: %w", q.pollID, errs.ErrNotFound)
	}
	return items[0], nil
}

func wrapRead(err error) error {
	if err != nil {
		return fmt.Errorf("live: read polls: %w", err)
	}
	return nil
}
