package live

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// AnsweredQuestion is a question answered at an event, as the event's
// replay page shows it to anyone. AskedBy is the asker's name, or
// "Anonymous" when they asked anonymously or are no longer on record;
// Organisation is empty for an anonymous question. It never holds an
// email or a registration's id.
type AnsweredQuestion struct {
	Question     string `json:"question"`
	AskedBy      string `json:"asked_by"`
	Organisation string `json:"organisation"`
	Answer       string `json:"answer"`
	AnsweredLive bool   `json:"answered_live"`
}

// anonymousAsker names the asker of an anonymous question.
const anonymousAsker = "Anonymous"

// AnsweredQuestions lists an event's answered questions in the order they
// were asked. The query selects only what the public may see, so that no
// email can leak through a later change to the shared question reading.
func (s *Service) AnsweredQuestions(ctx context.Context, eventID string) ([]AnsweredQuestion, error) {
	rows, _ := s.db.Query(ctx, `SELECT q.body, q.anonymous OR p.id IS NULL,
			coalesce(p.first_name, ''), coalesce(p.last_name, ''), coalesce(p.organisation, ''),
			q.answer, q.answered_live
		FROM live_questions q LEFT JOIN registration_participants p ON p.id = q.registration_id
		WHERE q.event_id = $1 AND q.status = 'answered'
		ORDER BY q.created_at, q.id`, eventID)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AnsweredQuestion, error) {
		var a AnsweredQuestion
		var anonymous bool
		var first, last string
		err := row.Scan(&a.Question, &anonymous, &first, &last, &a.Organisation, &a.Answer, &a.AnsweredLive)
		a.AskedBy = strings.TrimSpace(first + " " + last)
		if anonymous || a.AskedBy == "" {
			a.AskedBy, a.Organisation = anonymousAsker, ""
		}
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("live: answered questions of %s: %w", eventID, err)
	}
	return out, nil
}
