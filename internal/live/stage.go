package live

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
)

// Stage names the question on stage, or none.
type Stage struct {
	QuestionID *string `json:"question_id"`
}

// SetStage puts a published or answered question of the event on stage
// (nil: none), taking whatever was there off it in the same transaction.
// Stage changes of one event queue behind each other, so two moderators
// switching at once leave one question on stage, never a conflict.
func (s *Service) SetStage(ctx context.Context, eventID string, st Stage) (Stage, error) {
	if err := s.eventExists(ctx, eventID); err != nil {
		return Stage{}, err
	}
	if st.QuestionID != nil && uuid.Validate(*st.QuestionID) != nil {
		return Stage{}, errs.Validation{"question_id": "Choose a question of this event."}
	}
	err := s.write(ctx, eventID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('live_stage:' || $1))`, eventID); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `UPDATE live_questions SET on_stage = false, updated_at = now()
			WHERE event_id = $1 AND on_stage RETURNING id`, eventID)
		off, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if st.QuestionID != nil {
			tag, err := tx.Exec(ctx, `UPDATE live_questions SET on_stage = true, updated_at = now()
				WHERE id = $1 AND event_id = $2 AND status IN ('published', 'answered')`, *st.QuestionID, eventID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return errs.Validation{"question_id": "Only a published or answered question of this event can go on stage."}
			}
			off = append(off, *st.QuestionID)
		}
		for _, id := range off {
			if err := record(ctx, tx, eventID, ChangeQuestion, id); err != nil {
				return err
			}
		}
		onStage := ""
		if st.QuestionID != nil {
			onStage = *st.QuestionID
		}
		return record(ctx, tx, eventID, ChangeStage, onStage)
	})
	if err != nil {
		return Stage{}, fmt.Errorf("live: stage: %w", err)
	}
	return st, nil
}

// SetBlocked stops (or lets again) a registrant of the event asking
// questions; by is the moderator. Their questions change (blocked), so
// each is recorded.
func (s *Service) SetBlocked(ctx context.Context, eventID, registrationID, by string, blocked bool) error {
	if err := s.eventExists(ctx, eventID); err != nil {
		return err
	}
	notFound := fmt.Errorf("live: block %s: %w", registrationID, errs.ErrNotFound)
	if uuid.Validate(registrationID) != nil {
		return notFound
	}
	p, err := participantByID(ctx, s.db, registrationID)
	if err != nil || p.EventID != eventID {
		return notFound
	}
	return s.write(ctx, eventID, func(tx pgx.Tx) error {
		query, args := `DELETE FROM live_blocks WHERE event_id = $1 AND registration_id = $2`, []any{eventID, registrationID}
		if blocked {
			query, args = `INSERT INTO live_blocks (event_id, registration_id, blocked_by) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, append(args, nullIfEmpty(by))
		}
		tag, err := tx.Exec(ctx, query, args...)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id FROM live_questions WHERE event_id = $1 AND registration_id = $2`, eventID, registrationID)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := record(ctx, tx, eventID, ChangeQuestion, id); err != nil {
				return err
			}
		}
		return nil
	})
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
