package registrations

import (
	"context"
	"fmt"

	"plenary/internal/postgres"
)

// Counts are how many of an event's registrations are in each status. The
// organiser's confirmation steps take from them the number of people an
// action will email.
type Counts struct {
	Confirmed       int `json:"confirmed" db:"confirmed"`
	Waitlisted      int `json:"waitlisted" db:"waitlisted"`
	PendingApproval int `json:"pending_approval" db:"pending_approval"`
	PendingPayment  int `json:"pending_payment" db:"pending_payment"`
	Rejected        int `json:"rejected" db:"rejected"`
	Cancelled       int `json:"cancelled" db:"cancelled"`
}

// Count returns how many of the event's registrations are in each status.
func (s *Service) Count(ctx context.Context, eventID string) (Counts, error) {
	if _, err := eventInfoByID(ctx, s.db, eventID); err != nil {
		return Counts{}, err
	}
	var c Counts
	err := s.db.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted'),
			count(*) FILTER (WHERE status = 'pending_approval'), count(*) FILTER (WHERE status = 'pending_payment'),
			count(*) FILTER (WHERE status = 'rejected'), count(*) FILTER (WHERE status = 'cancelled')
		FROM registrations WHERE event_id = $1`, eventID).
		Scan(&c.Confirmed, &c.Waitlisted, &c.PendingApproval, &c.PendingPayment, &c.Rejected, &c.Cancelled)
	if err != nil {
		return Counts{}, fmt.Errorf("registrations: count %s: %w", eventID, postgres.MapError(err))
	}
	return c, nil
}
