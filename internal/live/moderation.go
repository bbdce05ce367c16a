package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
)

// Action is what a moderator does to a question.
type Action string

// The moderators' actions on a question.
const (
	ActionApprove Action = "approve"
	ActionEdit    Action = "edit"
	ActionMerge   Action = "merge"
	ActionAnswer  Action = "answer"
	ActionDismiss Action = "dismiss"
)

// Decision is one moderator's action with what it needs: Body for
// edit, Into for merge, Answer and Live for answer, Reason for dismiss.
type Decision struct {
	Action Action
	Body   string
	Into   string
	Answer string
	Live   bool
	Reason string
}

// Limits on what moderators write.
const (
	maxAnswerRunes = 2000
	maxReasonRunes = 500
)

// effect changes a question (id) in the transaction, with it locked.
type effect func(ctx context.Context, tx pgx.Tx, eventID, id string, m Decision) error

// transition is what an action may start from and what it does.
type transition struct {
	from   []string
	effect effect
}

// transitions is every moderation, one row each: action → the statuses it
// may start from → its effect. Merged and retracted questions are final.
var transitions = map[Action]transition{
	// held → published, visible to all from now (fair order counts views from here)
	ActionApprove: {from: []string{"held"}, effect: update(`status = 'published', published_at = now()`, nil)},
	// the text changes, the status does not; original_body keeps what was asked
	ActionEdit: {from: []string{"held", "published", "answered"},
		effect: update(`body = $2`, func(m Decision) []any { return []any{m.Body} })},
	// → merged into another live question, which takes its votes and askers
	ActionMerge: {from: []string{"held", "published"}, effect: merge},
	// → answered, in writing and/or live; published now if it was held
	ActionAnswer: {from: []string{"held", "published", "answered"},
		effect: update(`status = 'answered', answer = $2, answered_live = $3, published_at = coalesce(published_at, now())`,
			func(m Decision) []any { return []any{m.Answer, m.Live} })},
	// → dismissed with a reason, and off the stage
	ActionDismiss: {from: []string{"held", "published", "answered"},
		effect: update(`status = 'dismissed', dismiss_reason = $2, on_stage = false`,
			func(m Decision) []any { return []any{m.Reason} })},
}

// update is an effect that sets columns of the question ($1), with args
// from the moderation as $2 on.
func update(set string, args func(m Decision) []any) effect {
	return func(ctx context.Context, tx pgx.Tx, _, id string, m Decision) error {
		params := []any{id}
		if args != nil {
			params = append(params, args(m)...)
		}
		_, err := tx.Exec(ctx, `UPDATE live_questions SET `+set+`, updated_at = now() WHERE id = $1`, params...)
		return err
	}
}

// Moderate applies a moderator's action to a question of the event and
// returns the question as moderators now see it.
func (s *Service) Moderate(ctx context.Context, eventID, questionID string, m Decision) (ModQuestion, error) {
	t, ok := transitions[m.Action]
	if !ok {
		return ModQuestion{}, fmt.Errorf("live: moderate: action %q: %w", m.Action, errs.ErrNotFound)
	}
	if err := s.eventExists(ctx, eventID); err != nil {
		return ModQuestion{}, err
	}
	if uuid.Validate(questionID) != nil {
		return ModQuestion{}, errNoQuestion
	}
	m, err := m.checked()
	if err != nil {
		return ModQuestion{}, err
	}
	err = s.write(ctx, eventID, func(tx pgx.Tx) error {
		status, err := lockQuestion(ctx, tx, eventID, questionID)
		if err != nil {
			return err
		}
		if !slices.Contains(t.from, status) {
			return errs.Publicf(errs.ErrConflict, "A %s question cannot be given the action %q.", status, m.Action)
		}
		if err := t.effect(ctx, tx, eventID, questionID, m); err != nil {
			return err
		}
		return record(ctx, tx, eventID, ChangeQuestion, questionID)
	})
	if err != nil {
		return ModQuestion{}, fmt.Errorf("live: %s %s: %w", m.Action, questionID, err)
	}
	return s.modQuestion(ctx, eventID, questionID)
}

// checked trims what the moderator wrote and checks it for the action.
func (m Decision) checked() (Decision, error) {
	var err error
	m.Answer, m.Reason = strings.TrimSpace(m.Answer), strings.TrimSpace(m.Reason)
	switch m.Action {
	case ActionEdit:
		m.Body, err = checkQuestionBody("body", m.Body)
	case ActionMerge:
		if uuid.Validate(m.Into) != nil {
			err = errs.Validation{"into": "Choose a question of this event to merge into."}
		}
	case ActionAnswer:
		if m.Answer == "" && !m.Live {
			err = errs.Validation{"answer": "Write the answer, or say it was answered live."}
		} else if utf8.RuneCountInString(m.Answer) > maxAnswerRunes {
			err = errs.Validation{"answer": fmt.Sprintf("Keep the answer to %d characters or fewer.", maxAnswerRunes)}
		}
	case ActionDismiss:
		if utf8.RuneCountInString(m.Reason) > maxReasonRunes {
			err = errs.Validation{"reason": fmt.Sprintf("Keep the reason to %d characters or fewer.", maxReasonRunes)}
		}
	}
	return m, err
}

// lockQuestion locks a question of the event and returns its status.
func lockQuestion(ctx context.Context, tx pgx.Tx, eventID, id string) (string, error) {
	var status string
	err := tx.QueryRow(ctx, `SELECT status FROM live_questions WHERE id = $1 AND event_id = $2 FOR UPDATE`, id, eventID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", errNoQuestion
	}
	return status, err
}

// merge merges question id into m.Into: the target takes its votes (a
// registrant who voted for both counts once) and, through merged_into,
// its askers. The target must be another live question of the event.
func merge(ctx context.Context, tx pgx.Tx, eventID, id string, m Decision) error {
	badTarget := errs.Validation{"into": "Merge into another question of this event that is held, published or answered."}
	if m.Into == id {
		return badTarget
	}
	status, err := lockQuestion(ctx, tx, eventID, m.Into)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && !slices.Contains([]string{"held", "published", "answered"}, status)) {
		return badTarget
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO live_question_votes (question_id, registration_id, created_at)
		SELECT $2, registration_id, created_at FROM live_question_votes WHERE question_id = $1
		ON CONFLICT DO NOTHING`, id, m.Into); err != nil {
		return err
	}
	// the target is locked: a vote on it waits, then counts on top of this
	if _, err := tx.Exec(ctx, `UPDATE live_questions SET updated_at = now(),
		votes = (SELECT count(*) FROM live_question_votes WHERE question_id = $1) WHERE id = $1`, m.Into); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE live_questions SET status = 'merged', merged_into = $2, on_stage = false,
		updated_at = now() WHERE id = $1`, id, m.Into); err != nil {
		return err
	}
	return record(ctx, tx, eventID, ChangeQuestion, m.Into)
}
