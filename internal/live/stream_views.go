package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The stream's views of what changed, read once per flush for every
// viewer: no viewer's own votes, choices or questions (clients keep those).

// streamAsker names an asker as others may see them.
type streamAsker struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
}

// streamQuestion is a question with what moderators may see of it.
type streamQuestion struct {
	ID             string          `json:"id"`
	Body           string          `json:"body"`
	Asker          *streamAsker    `json:"asker"`
	Status         string          `json:"status"`
	Answer         string          `json:"answer"`
	AnsweredLive   bool            `json:"answered_live"`
	OnStage        bool            `json:"on_stage"`
	Votes          int             `json:"votes"`
	Voted          bool            `json:"voted"`
	Mine           bool            `json:"mine"`
	CreatedAt      time.Time       `json:"created_at"`
	Anonymous      bool            `json:"anonymous"`
	RegistrationID *string         `json:"registration_id"`
	Email          string          `json:"email"`
	Sector         string          `json:"sector"`
	OriginalBody   string          `json:"original_body"`
	Edited         bool            `json:"edited"`
	DismissReason  string          `json:"dismiss_reason"`
	MergedFrom     []string        `json:"merged_from"`
	Askers         json.RawMessage `json:"askers"`
	Blocked        bool            `json:"blocked"`
}

// attendeeQuestion is the attendee's view: never an email, nor who asked
// an anonymous question.
type attendeeQuestion struct {
	ID           string       `json:"id"`
	Body         string       `json:"body"`
	Asker        *streamAsker `json:"asker"`
	Status       string       `json:"status"`
	Answer       string       `json:"answer"`
	AnsweredLive bool         `json:"answered_live"`
	OnStage      bool         `json:"on_stage"`
	Votes        int          `json:"votes"`
	Voted        bool         `json:"voted"`
	Mine         bool         `json:"mine"`
	CreatedAt    time.Time    `json:"created_at"`
}

func (q streamQuestion) forAttendees() attendeeQuestion {
	a := attendeeQuestion{ID: q.ID, Body: q.Body, Asker: q.Asker, Status: q.Status, Answer: q.Answer,
		AnsweredLive: q.AnsweredLive, OnStage: q.OnStage, Votes: q.Votes, CreatedAt: q.CreatedAt}
	if q.Anonymous {
		a.Asker = nil
	}
	return a
}

func (q streamQuestion) forModerators() streamQuestion {
	if q.Asker == nil {
		q.Asker = &streamAsker{}
	}
	return q
}

// streamQuestions reads the event's questions of ids, by id.
func (s *Service) streamQuestions(ctx context.Context, eventID string, ids []string) (map[string]streamQuestion, error) {
	out := make(map[string]streamQuestion, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, _ := s.db.Query(ctx, `
		SELECT q.id, q.body, q.status, q.answer, q.answered_live, q.on_stage, q.votes, q.created_at, q.anonymous,
			q.registration_id, q.original_body, q.dismiss_reason, p.id IS NOT NULL,
			coalesce(p.first_name, ''), coalesce(p.last_name, ''), coalesce(p.organisation, ''),
			coalesce(p.email, ''), coalesce(p.sector, ''),
			ARRAY(SELECT m.id::text FROM live_questions m WHERE m.merged_into = q.id ORDER BY m.created_at),
			coalesce((SELECT json_agg(json_build_object('name', trim(mp.first_name || ' ' || mp.last_name),
					'organisation', mp.organisation) ORDER BY m.created_at)
				FROM live_questions m JOIN registration_participants mp ON mp.id = m.registration_id
				WHERE m.merged_into = q.id), '[]'),
			EXISTS (SELECT 1 FROM live_blocks b WHERE b.event_id = q.event_id AND b.registration_id = q.registration_id)
		FROM live_questions q LEFT JOIN registration_participants p ON p.id = q.registration_id
		WHERE q.event_id = $1 AND q.id = ANY($2::uuid[])`, eventID, ids)
	var q streamQuestion
	var known bool
	var first, last string
	var asker streamAsker
	_, err := pgx.ForEachRow(rows, []any{&q.ID, &q.Body, &q.Status, &q.Answer, &q.AnsweredLive, &q.OnStage, &q.Votes,
		&q.CreatedAt, &q.Anonymous, &q.RegistrationID, &q.OriginalBody, &q.DismissReason, &known,
		&first, &last, &asker.Organisation, &q.Email, &q.Sector, &q.MergedFrom, &q.Askers, &q.Blocked}, func() error {
		q.Edited = q.Body != q.OriginalBody
		q.Asker = nil
		if known {
			a := streamAsker{Name: strings.TrimSpace(first + " " + last), Organisation: asker.Organisation}
			q.Asker = &a
		}
		out[q.ID] = q
		q = streamQuestion{} // the next row's slices are its own
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("live: stream questions of %s: %w", eventID, err)
	}
	return out, nil
}

// streamPoll is a poll with its counts; attendees get them only when the
// results are visible.
type streamPoll struct {
	ID             string             `json:"id"`
	Question       string             `json:"question"`
	Multiple       bool               `json:"multiple"`
	Status         string             `json:"status"`
	Results        string             `json:"results"`
	ResultsVisible bool               `json:"results_visible"`
	Options        []streamPollOption `json:"options"`
	Total          *int               `json:"total"`
	OpenedAt       *time.Time         `json:"opened_at"`
	ClosedAt       *time.Time         `json:"closed_at"`
}

type streamPollOption struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Votes *int   `json:"votes"`
}

func (p streamPoll) forAudience(aud audience) streamPoll {
	p.ResultsVisible = aud == moderators || p.Status == "closed" || p.Results == "live"
	if p.ResultsVisible {
		return p
	}
	options := make([]streamPollOption, len(p.Options))
	for i, o := range p.Options {
		options[i] = streamPollOption{ID: o.ID, Label: o.Label}
	}
	p.Options, p.Total = options, nil
	return p
}

// streamPolls reads the event's polls of ids with their counts, by id.
func (s *Service) streamPolls(ctx context.Context, eventID string, ids []string) (map[string]streamPoll, error) {
	out := make(map[string]streamPoll, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, _ := s.db.Query(ctx, `
		SELECT p.id, p.question, p.multiple, p.status, p.results, p.opened_at, p.closed_at,
			(SELECT count(*) FROM live_poll_ballots b WHERE b.poll_id = p.id)::int
		FROM live_polls p WHERE p.event_id = $1 AND p.id = ANY($2::uuid[])`, eventID, ids)
	var p streamPoll
	var total int
	if _, err := pgx.ForEachRow(rows, []any{&p.ID, &p.Question, &p.Multiple, &p.Status, &p.Results, &p.OpenedAt,
		&p.ClosedAt, &total}, func() error {
		t := total
		p.Total, p.Options = &t, []streamPollOption{}
		out[p.ID] = p
		return nil
	}); err != nil {
		return nil, fmt.Errorf("live: stream polls of %s: %w", eventID, err)
	}
	rows, _ = s.db.Query(ctx, `
		SELECT o.poll_id, o.id, o.label, (SELECT count(*) FROM live_poll_choices c WHERE c.option_id = o.id)::int
		FROM live_poll_options o WHERE o.poll_id = ANY($1::uuid[]) ORDER BY o.poll_id, o.position`, ids)
	var pollID string
	var o streamPollOption
	var votes int
	if _, err := pgx.ForEachRow(rows, []any{&pollID, &o.ID, &o.Label, &votes}, func() error {
		if p, ok := out[pollID]; ok {
			n := votes
			o.Votes = &n
			p.Options = append(p.Options, o)
			out[pollID] = p
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("live: stream poll options of %s: %w", eventID, err)
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
