package mail

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// CopyEventTx copies an event's reminder and follow-up settings to its
// duplicate inside the caller's transaction. Messages and broadcasts stay
// behind, and the copy is a draft, so nothing is scheduled.
func (m *Mailer) CopyEventTx(ctx context.Context, tx pgx.Tx, fromID, toID string) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO mail_settings (event_id, reminder_minutes, follow_up, follow_up_wait_hours)
		SELECT $2, reminder_minutes, follow_up, follow_up_wait_hours FROM mail_settings WHERE event_id = $1`, fromID, toID); err != nil {
		return fmt.Errorf("mail: copy settings of %s: %w", fromID, postgres.MapError(err))
	}
	return nil
}

// HasMailServer reports whether messages go to an SMTP server; without one
// they are recorded in the outbox as not delivered.
func (m *Mailer) HasMailServer() bool { return m.sender != nil }
