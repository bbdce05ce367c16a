package live

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
)

// errNotVotable refuses a vote on a question that is not open for votes.
var errNotVotable = errs.Publicf(errs.ErrConflict, "This question is not open for votes.")

// Vote adds (up) or takes back the viewer's vote for a question. Each
// registrant votes once, by the votes table's primary key, so voting
// twice changes nothing; the question's count moves only with a row
// actually added or removed, in the same transaction, so it stays exact
// however many vote at once.
func (s *Service) Vote(ctx context.Context, plainToken, questionID string, up bool) (Question, error) {
	p, err := s.confirmedParticipant(ctx, plainToken)
	if err != nil {
		return Question{}, err
	}
	q, err := questionByID(ctx, s.db, p.EventID, questionID, &p.RegistrationID)
	if err != nil {
		return Question{}, err
	}
	if !q.visibleTo(p.RegistrationID) {
		return Question{}, errNoQuestion
	}
	err = s.write(ctx, p.EventID, func(tx pgx.Tx) error {
		changed, err := changeVote(ctx, tx, q.ID, p.RegistrationID, up)
		if err != nil || !changed {
			return err
		}
		return record(ctx, tx, p.EventID, ChangeQuestion, q.ID)
	})
	if err != nil {
		return Question{}, fmt.Errorf("live: vote: %w", err)
	}
	q, err = questionByID(ctx, s.db, p.EventID, q.ID, &p.RegistrationID)
	return q.forAttendee(p.RegistrationID), err
}

// changeVote adds or removes one registrant's vote and keeps the count in
// step; it reports whether anything changed. A vote is added only while
// the question is published; one may be taken back while it is answered.
// The question is locked first, so a merge moves every vote or waits.
func changeVote(ctx context.Context, tx pgx.Tx, questionID, registrationID string, up bool) (bool, error) {
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM live_questions WHERE id = $1 FOR NO KEY UPDATE`, questionID).Scan(&status); err != nil {
		return false, err
	}
	if status != "published" && (up || status != "answered") {
		return false, errNotVotable
	}
	query, delta := `INSERT INTO live_question_votes (question_id, registration_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, 1
	if !up {
		query, delta = `DELETE FROM live_question_votes WHERE question_id = $1 AND registration_id = $2`, -1
	}
	tag, err := tx.Exec(ctx, query, questionID, registrationID)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	if _, err := tx.Exec(ctx, `UPDATE live_questions SET votes = votes + $2, updated_at = now() WHERE id = $1`,
		questionID, delta); err != nil {
		return false, err
	}
	return true, nil
}
