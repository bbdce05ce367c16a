package live

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// Poll statuses: moderators prepare drafts, open one at a time and close
// it; the audience sees open and closed polls only.
const (
	PollDraft  = "draft"
	PollOpen   = "open"
	PollClosed = "closed"
)

// When a poll's results are shown to the audience: while it is open
// (ResultsLive) or only once it has closed (ResultsClosed). Moderators
// always see them.
const (
	ResultsLive   = "live"
	ResultsClosed = "closed"
)

// Limits of a poll, as the API documents them.
const (
	maxPollQuestion = 300
	maxPollLabel    = 200
	minPollOptions  = 2
	maxPollOptions  = 10
	maxEventPolls   = 100 // keeps the unpaged list of an event's polls short
)

// ErrAlreadyVoted refuses a second ballot in the same poll.
var ErrAlreadyVoted = errs.Publicf(errs.ErrConflict, "You have already voted in this poll.")

// ErrAnotherPollOpen refuses to open a poll while another one is open.
var ErrAnotherPollOpen = errs.Publicf(errs.ErrConflict,
	"Another poll is open at this event. Close it before opening this one.")

// NewPoll is what a moderator sends to prepare a poll (a draft).
type NewPoll struct {
	Question string   `json:"question"`
	Multiple bool     `json:"multiple"`
	Results  string   `json:"results"` // "live" (the default) or "closed"
	Options  []string `json:"options"` // the labels, in order
}

// validate trims the text and names every field that breaks a rule.
func (n *NewPoll) validate() error {
	v := errs.Validation{}
	n.Question = strings.TrimSpace(n.Question)
	if l := utf8.RuneCountInString(n.Question); l < 1 || l > maxPollQuestion {
		v.Add("question", fmt.Sprintf("Enter the question (up to %d characters).", maxPollQuestion))
	}
	if n.Results == "" {
		n.Results = ResultsLive
	}
	if n.Results != ResultsLive && n.Results != ResultsClosed {
		v.Add("results", `Choose when the audience sees the results: "live" or "closed".`)
	}
	if len(n.Options) < minPollOptions || len(n.Options) > maxPollOptions {
		v.Add("options", fmt.Sprintf("Give between %d and %d options.", minPollOptions, maxPollOptions))
	}
	seen := map[string]bool{}
	for i := range n.Options {
		field := "options." + strconv.Itoa(i)
		n.Options[i] = strings.TrimSpace(n.Options[i])
		if l := utf8.RuneCountInString(n.Options[i]); l < 1 || l > maxPollLabel {
			v.Add(field, fmt.Sprintf("Enter the option (up to %d characters).", maxPollLabel))
			continue
		}
		if key := strings.ToLower(n.Options[i]); seen[key] {
			v.Add(field, "Give each option once.")
		} else {
			seen[key] = true
		}
	}
	return v.Err()
}

// Ballot is an attendee's vote: one option of a single-choice poll, one or
// more distinct options of a multiple-choice one.
type Ballot struct {
	OptionIDs []string `json:"option_ids"`
}

// validate checks what can be checked without the poll.
func (b Ballot) validate() error {
	if len(b.OptionIDs) == 0 {
		return errs.Validation{"option_ids": "Choose an option."}
	}
	if len(b.OptionIDs) > maxPollOptions {
		return errs.Validation{"option_ids": fmt.Sprintf("Choose at most %d options.", maxPollOptions)}
	}
	seen := map[string]bool{}
	for _, id := range b.OptionIDs {
		if uuid.Validate(id) != nil {
			return errs.Validation{"option_ids": "Choose from this poll's options."}
		}
		if seen[strings.ToLower(id)] {
			return errs.Validation{"option_ids": "Choose each option once."}
		}
		seen[strings.ToLower(id)] = true
	}
	return nil
}

// ListPolls returns every poll of an event, drafts included, oldest first,
// with their results: the moderators' view.
func (s *Service) ListPolls(ctx context.Context, eventID string) (PollList, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return PollList{}, err
	}
	items, err := readPolls(ctx, s.db, pollQuery{eventID: eventID, moderator: true})
	return PollList{Items: items}, err
}

// CreatePoll prepares a draft poll at an event.
func (s *Service) CreatePoll(ctx context.Context, eventID string, n NewPoll) (Poll, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Poll{}, err
	}
	if err := n.validate(); err != nil {
		return Poll{}, err
	}
	var id string
	err := s.write(ctx, eventID, func(tx pgx.Tx) error {
		// Serialises creations at the event so the cap holds.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('live_polls:' || $1::text, 0))`, eventID); err != nil {
			return fmt.Errorf("live: lock polls of %s: %w", eventID, err)
		}
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM live_polls WHERE event_id = $1`, eventID).Scan(&count); err != nil {
			return fmt.Errorf("live: count polls of %s: %w", eventID, err)
		}
		if count >= maxEventPolls {
			return errs.Publicf(errs.ErrConflict, "An event can have at most %d polls. Delete a draft first.", maxEventPolls)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO live_polls (event_id, question, multiple, results) VALUES ($1, $2, $3, $4) RETURNING id`,
			eventID, n.Question, n.Multiple, n.Results).Scan(&id); err != nil {
			return fmt.Errorf("live: create poll: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO live_poll_options (poll_id, position, label)
			SELECT $1, o.position, o.label FROM unnest($2::text[]) WITH ORDINALITY AS o (label, position)`,
			id, n.Options); err != nil {
			return fmt.Errorf("live: create poll options: %w", err)
		}
		return record(ctx, tx, eventID, ChangePoll, id)
	})
	if err != nil {
		return Poll{}, err
	}
	return s.moderatorPoll(ctx, eventID, id)
}

// pollTransition is one move of a poll's status: from which status, to
// which, the time it stamps and what to say when the poll is elsewhere.
type pollTransition struct {
	from, to string
	stamp    string // the column set to now()
	refusal  string
}

// The moves a moderator makes; a closed poll stays closed.
var (
	openPoll  = pollTransition{from: PollDraft, to: PollOpen, stamp: "opened_at", refusal: "Only a draft poll can be opened."}
	closePoll = pollTransition{from: PollOpen, to: PollClosed, stamp: "closed_at", refusal: "Only an open poll can be closed."}
)

// OpenPoll opens a draft for voting; only one poll of an event is open at
// a time.
func (s *Service) OpenPoll(ctx context.Context, eventID, pollID string) (Poll, error) {
	return s.movePoll(ctx, eventID, pollID, openPoll)
}

// ClosePoll ends voting in an open poll.
func (s *Service) ClosePoll(ctx context.Context, eventID, pollID string) (Poll, error) {
	return s.movePoll(ctx, eventID, pollID, closePoll)
}

func (s *Service) movePoll(ctx context.Context, eventID, pollID string, move pollTransition) (Poll, error) {
	err := s.write(ctx, eventID, func(tx pgx.Tx) error {
		status, err := lockPoll(ctx, tx, eventID, pollID, "FOR UPDATE")
		if err != nil {
			return err
		}
		if status != move.from {
			return errs.Publicf(errs.ErrConflict, "%s This poll is %s.", move.refusal, status)
		}
		// move.stamp is one of this file's constants, never input.
		_, err = tx.Exec(ctx, `UPDATE live_polls SET status = $2, `+move.stamp+` = now() WHERE id = $1`, pollID, move.to)
		if postgres.ConstraintName(err) == "live_polls_one_open" {
			return ErrAnotherPollOpen
		}
		if err != nil {
			return fmt.Errorf("live: %s poll %s: %w", move.to, pollID, err)
		}
		return record(ctx, tx, eventID, ChangePoll, pollID)
	})
	if err != nil {
		return Poll{}, err
	}
	return s.moderatorPoll(ctx, eventID, pollID)
}

// DeletePoll removes a draft; a poll the audience has seen stays.
func (s *Service) DeletePoll(ctx context.Context, eventID, pollID string) error {
	return s.write(ctx, eventID, func(tx pgx.Tx) error {
		status, err := lockPoll(ctx, tx, eventID, pollID, "FOR UPDATE")
		if err != nil {
			return err
		}
		if status != PollDraft {
			return errs.Publicf(errs.ErrConflict, "Only a draft poll can be deleted. This poll is %s.", status)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM live_polls WHERE id = $1`, pollID); err != nil {
			return fmt.Errorf("live: delete poll %s: %w", pollID, err)
		}
		return record(ctx, tx, eventID, ChangePoll, pollID)
	})
}

// lockPoll locks a poll of the event (lock: "FOR UPDATE" or "FOR SHARE")
// and returns its status; an unknown poll is not found.
func lockPoll(ctx context.Context, tx pgx.Tx, eventID, pollID, lock string) (string, error) {
	if uuid.Validate(eventID) != nil || uuid.Validate(pollID) != nil {
		return "", fmt.Errorf("live: poll %q: %w", pollID, errs.ErrNotFound)
	}
	var status string
	err := tx.QueryRow(ctx, `SELECT status FROM live_polls WHERE id = $1 AND event_id = $2 `+lock, pollID, eventID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("live: poll %s: %w", pollID, errs.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("live: lock poll %s: %w", pollID, err)
	}
	return status, nil
}

// AttendeePolls returns the open and closed polls of the token's event,
// newest opened first, with results where the audience may see them and
// the registrant's own choices.
func (s *Service) AttendeePolls(ctx context.Context, token string) (PollList, error) {
	p, err := s.confirmedParticipant(ctx, token)
	if err != nil {
		return PollList{}, err
	}
	items, err := readPolls(ctx, s.db, pollQuery{eventID: p.EventID, voter: p.RegistrationID})
	return PollList{Items: items}, err
}

// CastBallot records a confirmed registrant's one ballot in an open poll
// and returns the poll as they now see it.
func (s *Service) CastBallot(ctx context.Context, token, pollID string, b Ballot) (Poll, error) {
	p, err := s.confirmedParticipant(ctx, token)
	if err != nil {
		return Poll{}, err
	}
	if err := b.validate(); err != nil {
		return Poll{}, err
	}
	err = s.write(ctx, p.EventID, func(tx pgx.Tx) error {
		// FOR SHARE: a close waits for ballots in flight, and none
		// lands after it.
		status, err := lockPoll(ctx, tx, p.EventID, pollID, "FOR SHARE")
		if err != nil {
			return err
		}
		if status != PollOpen {
			return errs.Publicf(errs.ErrConflict, "This poll is not open for voting.")
		}
		if err := checkChoices(ctx, tx, pollID, b.OptionIDs); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO live_poll_ballots (poll_id, registration_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			pollID, p.RegistrationID)
		if err != nil {
			return fmt.Errorf("live: ballot in %s: %w", pollID, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrAlreadyVoted
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO live_poll_choices (poll_id, registration_id, option_id)
			SELECT $1, $2, unnest($3::uuid[])`, pollID, p.RegistrationID, b.OptionIDs); err != nil {
			return fmt.Errorf("live: choices in %s: %w", pollID, err)
		}
		return record(ctx, tx, p.EventID, ChangePoll, pollID)
	})
	if err != nil {
		return Poll{}, err
	}
	return readPoll(ctx, s.db, pollQuery{eventID: p.EventID, pollID: pollID, voter: p.RegistrationID})
}

// checkChoices refuses options of another poll and the wrong number of
// choices for the poll's kind.
func checkChoices(ctx context.Context, tx pgx.Tx, pollID string, optionIDs []string) error {
	var multiple bool
	var known int
	if err := tx.QueryRow(ctx, `
		SELECT p.multiple, (SELECT count(*) FROM live_poll_options o WHERE o.poll_id = p.id AND o.id = ANY($2::uuid[]))
		FROM live_polls p WHERE p.id = $1`, pollID, optionIDs).Scan(&multiple, &known); err != nil {
		return fmt.Errorf("live: options of %s: %w", pollID, err)
	}
	if known != len(optionIDs) {
		return errs.Validation{"option_ids": "Choose from this poll's options."}
	}
	if !multiple && len(optionIDs) != 1 {
		return errs.Validation{"option_ids": "Choose one option."}
	}
	return nil
}

// moderatorPoll reads one poll as moderators see it.
func (s *Service) moderatorPoll(ctx context.Context, eventID, pollID string) (Poll, error) {
	return readPoll(ctx, s.db, pollQuery{eventID: eventID, pollID: pollID, moderator: true})
}

// PollForStream is a poll as the stream sends it after a ChangePoll: for
// moderators any poll, for the audience an open or closed one with
// results only where visible; never anyone's choices. A poll that is gone
// (a deleted draft) or a draft for the audience is not found.
func (s *Service) PollForStream(ctx context.Context, eventID, pollID string, moderator bool) (Poll, error) {
	return readPoll(ctx, s.db, pollQuery{eventID: eventID, pollID: pollID, moderator: moderator})
}
