package registrations

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SetAttendedTx records in tx whether the event's registrants attended
// (the live domain decides it from heartbeats, imported reports and
// moderators' marks; the follow-ups read it). A registrant who already
// attended keeps the first time; ids of other events change nothing.
func (s *Service) SetAttendedTx(ctx context.Context, tx pgx.Tx, eventID string, registrationIDs []string, attended bool) error {
	if len(registrationIDs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
		UPDATE registrations SET attended_at = CASE WHEN $3 THEN coalesce(attended_at, now()) END, updated_at = now()
		WHERE event_id = $1 AND id = ANY($2::uuid[]) AND (attended_at IS NULL) = $3`, eventID, registrationIDs, attended)
	if err != nil {
		return fmt.Errorf("registrations: set attended at %s: %w", eventID, err)
	}
	return nil
}
