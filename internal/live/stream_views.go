package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
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
// Q&A code's own reading; their moderators' view only when withMods.
func streamQuestions(ctx context.Context, db postgres.DB, eventID string, ids []string, withMods bool) (map[string]streamQuestion, error) {
	out := make(map[string]streamQuestion, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := queryQuestions(ctx, db, eventID, nil, false, "q.id = ANY($4::uuid[])", ids)
	if err != nil {
		return nil, err
	}
	mods := make([]ModQuestion, len(rows))
	if withMods {
		if mods, err = forModerators(ctx, db, eventID, rows); err != nil {
			return nil, err
		}
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
// code's own reading: for the audience, and for moderators when auds has
// them. A poll attendees alone watch and cannot see (a draft, or deleted)
// is left out, as a deleted one is.
func streamPolls(ctx context.Context, db postgres.DB, eventID string, ids []string, auds audiences) (map[string]streamPoll, error) {
	out := make(map[string]streamPoll, len(ids))
	for _, id := range ids {
		var p streamPoll
		if auds.has(moderators) {
			mod, err := readPolls(ctx, db, pollQuery{eventID: eventID, pollID: id, moderator: true})
			if err != nil {
				return nil, err
			}
			if len(mod) == 0 {
				continue // deleted meanwhile
			}
			p.moderator = mod[0]
		}
		audience, err := readPolls(ctx, db, pollQuery{eventID: eventID, pollID: id})
		if err != nil {
			return nil, err
		}
		if len(audience) > 0 {
			p.audience = &audience[0]
		} else if !auds.has(moderators) {
			continue
		}
		out[id] = p
	}
	return out, nil
}

// onStage is the event's question on stage, if any.
func onStage(ctx context.Context, db postgres.DB, eventID string) (*string, error) {
	var id string
	err := db.QueryRow(ctx, `SELECT id FROM live_questions WHERE event_id = $1 AND on_stage`, eventID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("live: stage of %s: %w", eventID, err)
	}
	return &id, nil
}

// streamPhase is the session's phase now, as the live page has it.
func (s *Service) streamPhase(ctx context.Context, db postgres.DB, eventID string) (Phase, error) {
	d, err := s.events.Get(ctx, eventID)
	if err != nil {
		return "", err
	}
	set, err := s.settings(ctx, db, eventID)
	if err != nil {
		return "", err
	}
	opensAt := d.StartsAt.Add(-time.Duration(set.JoinLeadMinutes) * time.Minute)
	return phaseAt(d.Event, opensAt, s.now()), nil
}
