package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The stream's views of what changed, read once per flush for every
// viewer: no viewer's own votes, choices or questions (clients keep those).

// streamQuestion is a question as the Q&A code reads it, with the
// moderators' view of it.
type streamQuestion struct {
	row questionRow
	mod ModQuestion
}

// status is the question's status.
func (q streamQuestion) status() string { return q.row.Status }

// forAttendees is the attendees' view: no viewer's own vote or question
// (each client keeps its own), never an email.
func (q streamQuestion) forAttendees() Question { return q.row.forAttendee("") }

func (q streamQuestion) forModerators() ModQuestion { return q.mod }

// streamQuestions reads the event's questions of ids, by id, through the
// Q&A code's own reading.
func (s *Service) streamQuestions(ctx context.Context, eventID string, ids []string) (map[string]streamQuestion, error) {
	out := make(map[string]streamQuestion, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := queryQuestions(ctx, s.db, eventID, nil, false, "q.id = ANY($4::uuid[])", ids)
	if err != nil {
		return nil, err
	}
	mods, err := forModerators(ctx, s.db, eventID, rows)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		out[r.ID] = streamQuestion{row: r, mod: mods[i]}
	}
	return out, nil
}

// streamPoll is a poll in each audience's view; audience is nil for a
// draft.
type streamPoll struct {
	audience  *Poll
	moderator Poll
}

// streamPolls reads the event's polls of ids, by id, through the polls
// code's own reading: once for the audience, once for moderators.
func (s *Service) streamPolls(ctx context.Context, eventID string, ids []string) (map[string]streamPoll, error) {
	out := make(map[string]streamPoll, len(ids))
	for _, id := range ids {
		mod, err := readPolls(ctx, s.db, pollQuery{eventID: eventID, pollID: id, moderator: true})
		if err != nil || len(mod) == 0 {
			if err != nil {
				return nil, err
			}
			continue // deleted meanwhile
		}
		p := streamPoll{moderator: mod[0]}
		audience, err := readPolls(ctx, s.db, pollQuery{eventID: eventID, pollID: id})
		if err != nil {
			return nil, err
		}
		if len(audience) > 0 {
			p.audience = &audience[0]
		}
		out[id] = p
	}
	return out, nil
}

// onStage is the event's question on stage, if any.
func (s *Service) onStage(ctx context.Context, eventID string) (*string, error) {
	var id string
	err := s.db.QueryRow(ctx, `SELECT id FROM live_questions WHERE event_id = $1 AND on_stage`, eventID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("live: stage of %s: %w", eventID, err)
	}
	return &id, nil
}

// streamPhase is the session's phase now, as the live page has it.
func (s *Service) streamPhase(ctx context.Context, eventID string) (Phase, error) {
	d, err := s.events.Get(ctx, eventID)
	if err != nil {
		return "", err
	}
	set, err := s.settings(ctx, s.db, eventID)
	if err != nil {
		return "", err
	}
	opensAt := d.StartsAt.Add(-time.Duration(set.JoinLeadMinutes) * time.Minute)
	return phaseAt(d.Event, opensAt, s.now()), nil
}
