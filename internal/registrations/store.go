package registrations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// eventInfo is what registering for an event needs to know of it.
type eventInfo struct {
	ID                   string
	Slug                 string
	Title                string
	Status               string
	Published            bool // was published at some time (a cancelled event stays public if so)
	StartsAt             time.Time
	DurationMinutes      int
	Timezone             string
	Capacity             *int
	RegistrationOpensAt  *time.Time
	RegistrationClosesAt *time.Time
	Approval             Approval
	ApprovedDomains      []string
	Questions            []Question
	Offers               []ConsentOffer
	SellsTickets         bool // has ticket types (asked of payments, not scanned)
}

// public reports whether the public may see the event: published, or
// cancelled after being published.
func (e eventInfo) public() bool {
	return e.Status == "published" || (e.Status == "cancelled" && e.Published)
}

func (e eventInfo) endsAt() time.Time {
	return e.StartsAt.Add(time.Duration(e.DurationMinutes) * time.Minute)
}

const eventInfoQuery = `
	SELECT e.id, e.slug, e.title, e.status, e.published_at IS NOT NULL, e.starts_at, e.duration_minutes, e.timezone, e.capacity,
		e.registration_opens_at, e.registration_closes_at,
		coalesce(s.approval, 'open'), coalesce(s.approved_domains, '{}'),
		coalesce((SELECT json_agg(json_build_object('id', q.id, 'kind', q.kind, 'label', q.label,
			'required', q.required, 'options', q.options) ORDER BY q.position)
			FROM form_questions q WHERE q.event_id = e.id), '[]'),
		coalesce((SELECT json_agg(json_build_object('organisation_id', o.id, 'organisation', o.name) ORDER BY p.position)
			FROM event_partners p JOIN organisations o ON o.id = p.organisation_id
			WHERE p.event_id = e.id AND p.kind = 'knowledge_partner'), '[]')
	FROM events e LEFT JOIN registration_settings s ON s.event_id = e.id`

func scanEventInfo(row pgx.Row) (eventInfo, error) {
	var e eventInfo
	var questions, offers []byte
	err := row.Scan(&e.ID, &e.Slug, &e.Title, &e.Status, &e.Published, &e.StartsAt, &e.DurationMinutes, &e.Timezone, &e.Capacity,
		&e.RegistrationOpensAt, &e.RegistrationClosesAt, &e.Approval, &e.ApprovedDomains, &questions, &offers)
	if err != nil {
		return eventInfo{}, postgres.MapError(err)
	}
	if err := json.Unmarshal(questions, &e.Questions); err != nil {
		return eventInfo{}, err
	}
	if err := json.Unmarshal(offers, &e.Offers); err != nil {
		return eventInfo{}, err
	}
	for i := range e.Offers {
		e.Offers[i].Wording = consentWording(e.Offers[i].Organisation)
	}
	return e, nil
}

func eventInfoBySlug(ctx context.Context, db postgres.DB, slug string) (eventInfo, error) {
	e, err := scanEventInfo(db.QueryRow(ctx, eventInfoQuery+` WHERE e.slug = $1`, slug))
	if err != nil {
		return eventInfo{}, fmt.Errorf("registrations: event %q: %w", slug, err)
	}
	return e, nil
}

func eventInfoByID(ctx context.Context, db postgres.DB, id string) (eventInfo, error) {
	if uuid.Validate(id) != nil {
		return eventInfo{}, fmt.Errorf("registrations: event %q: %w", id, errs.ErrNotFound)
	}
	e, err := scanEventInfo(db.QueryRow(ctx, eventInfoQuery+` WHERE e.id = $1`, id))
	if err != nil {
		return eventInfo{}, fmt.Errorf("registrations: event %s: %w", id, err)
	}
	return e, nil
}

const registrationColumns = `id, event_id, status, first_name, last_name, email, job_title, organisation, sector,
	country, accessibility_needs, answers, attended_at, created_at, updated_at, cancelled_at`

func collectRegistration(rows pgx.Rows, err error) (Registration, error) {
	if err != nil {
		return Registration{}, postgres.MapError(err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByNameLax[Registration])
	return r, postgres.MapError(err)
}

func registrationByID(ctx context.Context, db postgres.DB, id string, lock bool) (Registration, error) {
	q := `SELECT ` + registrationColumns + ` FROM registrations WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	rows, err := db.Query(ctx, q, id)
	r, err := collectRegistration(rows, err)
	if err != nil {
		return Registration{}, fmt.Errorf("registrations: %s: %w", id, err)
	}
	return r, nil
}

func registrationByToken(ctx context.Context, db postgres.DB, tokenHash []byte) (Registration, error) {
	rows, err := db.Query(ctx, `SELECT `+registrationColumns+` FROM registrations WHERE token_hash = $1`, tokenHash)
	r, err := collectRegistration(rows, err)
	if err != nil {
		return Registration{}, fmt.Errorf("registrations: by token: %w", err)
	}
	return r, nil
}

func consentsOf(ctx context.Context, db postgres.DB, registrationID string) ([]Consent, error) {
	rows, _ := db.Query(ctx, `
		SELECT c.organisation_id, o.name AS organisation, c.wording, c.consented_at, c.withdrawn_at
		FROM partner_consents c JOIN organisations o ON o.id = c.organisation_id
		WHERE c.registration_id = $1 ORDER BY o.name`, registrationID)
	consents, err := pgx.CollectRows(rows, pgx.RowToStructByName[Consent])
	if err != nil {
		return nil, fmt.Errorf("registrations: consents: %w", postgres.MapError(err))
	}
	return consents, nil
}

// claimSeat gives a registration a free seat, or reports that none is free.
func claimSeat(ctx context.Context, tx pgx.Tx, eventID, registrationID string) (seatID int64, ok bool, err error) {
	err = tx.QueryRow(ctx, `
		UPDATE seats SET registration_id = $2
		WHERE id = (SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id`, eventID, registrationID).Scan(&seatID)
	if err == pgx.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("registrations: claim seat: %w", postgres.MapError(err))
	}
	return seatID, true, nil
}

func setStatus(ctx context.Context, tx pgx.Tx, id string, status Status, seatID *int64, unlimited bool) error {
	_, err := tx.Exec(ctx, `
		UPDATE registrations SET status = $2, seat_id = $3, unlimited = $4, hold_expires_at = NULL, updated_at = now(),
			cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END
		WHERE id = $1`, id, status, seatID, unlimited)
	if err != nil {
		return fmt.Errorf("registrations: set %s to %s: %w", id, status, postgres.MapError(err))
	}
	return nil
}

// seat gives a registration its place (a seat, or none when the event is
// unlimited): confirmed, or, when it owes money it has not paid, held as
// pending_payment until holdUntil (a hold keeps the expiry it has). It
// returns which. Every way into a place comes through here, so nobody is
// confirmed without paying.
func seat(ctx context.Context, tx pgx.Tx, id string, seatID *int64, unlimited bool, holdUntil time.Time) (Status, error) {
	var status Status
	err := tx.QueryRow(ctx, `
		UPDATE registrations SET seat_id = $2, unlimited = $3, updated_at = now(),
			status = CASE WHEN amount > 0 AND paid_at IS NULL AND NOT invoice_confirms THEN 'pending_payment' ELSE 'confirmed' END,
			hold_expires_at = CASE WHEN amount > 0 AND paid_at IS NULL AND NOT invoice_confirms THEN coalesce(hold_expires_at, $4) END
		WHERE id = $1 RETURNING status`, id, seatID, unlimited, holdUntil).Scan(&status)
	if err != nil {
		return "", fmt.Errorf("registrations: seat %s: %w", id, postgres.MapError(err))
	}
	return status, nil
}

// freeSeats counts the event's places nobody holds.
func freeSeats(ctx context.Context, db postgres.DB, eventID string) (*int, error) {
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM seats WHERE event_id = $1 AND registration_id IS NULL`, eventID).Scan(&n); err != nil {
		return nil, fmt.Errorf("registrations: free seats of %s: %w", eventID, err)
	}
	return &n, nil
}
