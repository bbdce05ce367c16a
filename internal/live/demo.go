package live

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoAnsweredFrom is when, after the start, the demo's questions were
// asked: the webinar's closing Q&A.
const demoAnsweredFrom = 45 * time.Minute

// SeedDemo loads the questions the audience asked at a demo event as
// answered live, in the order given, unless the event has questions
// already; it returns how many it added. The article names no askers, so
// the questions have no registrant and are anonymous: attendees see them
// unattributed, moderators see the asker as not on record.
func (s *Service) SeedDemo(ctx context.Context, eventID string, questions []string) (int, error) {
	d, err := s.events.Get(ctx, eventID)
	if err != nil {
		return 0, fmt.Errorf("live: seed demo questions: %w", err)
	}
	added := 0
	err = s.write(ctx, eventID, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM live_questions WHERE event_id = $1)`, eventID).Scan(&exists); err != nil || exists {
			return err
		}
		for i, body := range questions {
			at := d.StartsAt.Add(demoAnsweredFrom + time.Duration(i)*2*time.Minute)
			var id string
			if err := tx.QueryRow(ctx, `
				INSERT INTO live_questions (event_id, body, original_body, anonymous, status, answered_live,
					published_at, created_at, updated_at)
				VALUES ($1, $2, $2, true, 'answered', true, $3, $3, $3) RETURNING id`, eventID, body, at).Scan(&id); err != nil {
				return err
			}
			if err := record(ctx, tx, eventID, ChangeQuestion, id); err != nil {
				return err
			}
		}
		added = len(questions)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("live: seed demo questions: %w", err)
	}
	return added, nil
}
