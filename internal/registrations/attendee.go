package registrations

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// Attendee operations: everything a manage link reaches, and nothing else.

// ErrBadLink is the answer for any token that is not a registration's.
var ErrBadLink = errs.Publicf(errs.ErrUnauthorized, "This link is not valid. Use the latest link we emailed you.")

// ByToken returns the registration a manage link belongs to.
func (s *Service) ByToken(ctx context.Context, plainToken string) (Registration, error) {
	if plainToken == "" {
		return Registration{}, ErrBadLink
	}
	r, err := registrationByToken(ctx, s.db, token.Hash(plainToken))
	if errors.Is(err, errs.ErrNotFound) {
		return Registration{}, ErrBadLink
	}
	if err != nil {
		return Registration{}, err
	}
	if r.Consents, err = consentsOf(ctx, s.db, r.ID); err != nil {
		return Registration{}, err
	}
	return r, nil
}

// UpdateDetails changes the attendee's own details.
func (s *Service) UpdateDetails(ctx context.Context, plainToken string, d Details) (Registration, error) {
	r, err := s.ByToken(ctx, plainToken)
	if err != nil {
		return Registration{}, err
	}
	v := errs.Validation{}
	d.validate(v)
	if err := v.Err(); err != nil {
		return Registration{}, err
	}
	_, err = s.db.Exec(ctx, `
		UPDATE registrations SET first_name = $2, last_name = $3, job_title = $4, organisation = $5, sector = $6,
			country = $7, accessibility_needs = $8, updated_at = now()
		WHERE id = $1`, r.ID, d.FirstName, d.LastName, d.JobTitle, d.Organisation, d.Sector, d.Country, d.AccessibilityNeeds)
	if err != nil {
		return Registration{}, fmt.Errorf("registrations: update %s: %w", r.ID, postgres.MapError(err))
	}
	return s.ByToken(ctx, plainToken)
}

// WithdrawConsent stops a partner contacting the attendee.
func (s *Service) WithdrawConsent(ctx context.Context, plainToken, organisationID string) (Registration, error) {
	r, err := s.ByToken(ctx, plainToken)
	if err != nil {
		return Registration{}, err
	}
	if uuid.Validate(organisationID) != nil {
		return Registration{}, fmt.Errorf("registrations: consent %q: %w", organisationID, errs.ErrNotFound)
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE partner_consents SET withdrawn_at = coalesce(withdrawn_at, now())
		WHERE registration_id = $1 AND organisation_id = $2`, r.ID, organisationID)
	if err != nil {
		return Registration{}, err
	}
	if tag.RowsAffected() == 0 {
		return Registration{}, fmt.Errorf("registrations: consent %s: %w", organisationID, errs.ErrNotFound)
	}
	return s.ByToken(ctx, plainToken)
}

// CancelByToken cancels the attendee's registration; the next person on the
// waitlist takes the place.
func (s *Service) CancelByToken(ctx context.Context, plainToken string) (Registration, error) {
	r, err := s.ByToken(ctx, plainToken)
	if err != nil {
		return Registration{}, err
	}
	err = s.withRegistration(ctx, r.ID, func(tx pgx.Tx, locked Registration) error {
		if locked.Status == StatusCancelled || locked.Status == StatusRejected {
			return errs.Publicf(errs.ErrConflict, "This registration is already %s.", locked.Status)
		}
		if err := s.cancel(ctx, tx, locked); err != nil {
			return err
		}
		return s.tell(ctx, tx, notice.Notice{RegistrationID: locked.ID, Kind: notice.KindCancelled})
	})
	if err != nil {
		return Registration{}, err
	}
	return s.ByToken(ctx, plainToken)
}
