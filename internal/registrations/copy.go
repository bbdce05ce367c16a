package registrations

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// CopyEventTx copies an event's registration form to its duplicate inside
// the caller's transaction: the questions (new ids, same order) and who is
// admitted without a decision. Registrations stay behind; the copy's
// places follow its capacity through SyncSeats.
func (s *Service) CopyEventTx(ctx context.Context, tx pgx.Tx, fromID, toID string) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO registration_settings (event_id, approval, approved_domains)
		SELECT $2, approval, approved_domains FROM registration_settings WHERE event_id = $1`, fromID, toID); err != nil {
		return fmt.Errorf("registrations: copy settings of %s: %w", fromID, postgres.MapError(err))
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO form_questions (event_id, kind, label, required, options, position)
		SELECT $2, kind, label, required, options, position FROM form_questions WHERE event_id = $1`, fromID, toID); err != nil {
		return fmt.Errorf("registrations: copy questions of %s: %w", fromID, postgres.MapError(err))
	}
	return nil
}
