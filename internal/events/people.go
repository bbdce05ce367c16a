package events

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// CreatePerson adds a speaker to the directory.
func (s *Service) CreatePerson(ctx context.Context, p PersonInput) (Person, error) {
	if err := p.validate(); err != nil {
		return Person{}, err
	}
	return insertPerson(ctx, s.db, p)
}

// ListPeople returns the directory of people, by name.
func (s *Service) ListPeople(ctx context.Context, r page.Request) (page.Page[Person], error) {
	q, err := page.ReadUnfiltered[nameKey]("people", r)
	if err != nil {
		return page.Page[Person]{}, err
	}
	return listPeople(ctx, s.db, q)
}

// UpdatePerson replaces a person's details; every event page showing them
// is refreshed.
func (s *Service) UpdatePerson(ctx context.Context, id string, p PersonInput) (Person, error) {
	if err := checkID(id); err != nil {
		return Person{}, err
	}
	if err := p.validate(); err != nil {
		return Person{}, err
	}
	var saved Person
	err := s.changeShown(ctx, id, func(tx pgx.Tx) (err error) {
		saved, err = updatePerson(ctx, tx, id, p)
		return err
	})
	return saved, err
}

// DeletePerson removes a person who speaks at no event.
func (s *Service) DeletePerson(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	err := deletePerson(ctx, s.db, id)
	if errors.Is(err, errs.ErrInvalid) { // still referenced
		return errs.Publicf(errs.ErrConflict, "This person speaks at events; take them off those events first.")
	}
	return err
}

// CreateOrganisation adds an organisation.
func (s *Service) CreateOrganisation(ctx context.Context, o OrganisationInput) (Organisation, error) {
	if err := o.validate(); err != nil {
		return Organisation{}, err
	}
	org, err := insertOrganisation(ctx, s.db, o)
	if errors.Is(err, errs.ErrConflict) {
		return Organisation{}, errs.Validation{"name": "An organisation with this name already exists."}
	}
	return org, err
}

// ListOrganisations returns the directory of organisations, by name.
func (s *Service) ListOrganisations(ctx context.Context, r page.Request) (page.Page[Organisation], error) {
	q, err := page.ReadUnfiltered[nameKey]("organisations", r)
	if err != nil {
		return page.Page[Organisation]{}, err
	}
	return listOrganisations(ctx, s.db, q)
}

// UpdateOrganisation replaces an organisation's details.
func (s *Service) UpdateOrganisation(ctx context.Context, id string, o OrganisationInput) (Organisation, error) {
	if err := checkID(id); err != nil {
		return Organisation{}, err
	}
	if err := o.validate(); err != nil {
		return Organisation{}, err
	}
	var saved Organisation
	err := s.changeShown(ctx, id, func(tx pgx.Tx) (err error) {
		saved, err = updateOrganisation(ctx, tx, id, o)
		return err
	})
	if errors.Is(err, errs.ErrConflict) {
		return Organisation{}, errs.Validation{"name": "An organisation with this name already exists."}
	}
	return saved, err
}

// DeleteOrganisation removes an organisation that is part of no event.
func (s *Service) DeleteOrganisation(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	err := deleteOrganisation(ctx, s.db, id)
	if errors.Is(err, errs.ErrInvalid) {
		return errs.Publicf(errs.ErrConflict, "This organisation is part of events; take it off those events first.")
	}
	return err
}

// changeShown runs fn, which changes a person or organisation, and
// refreshes the search documents and pages of every event showing them.
func (s *Service) changeShown(ctx context.Context, id string, fn func(tx pgx.Tx) error) error {
	var slugs []string
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		ids, shown, err := eventsShowing(ctx, tx, id)
		if err != nil {
			return err
		}
		slugs = shown
		if err := refreshShown(ctx, tx, ids); err != nil {
			return err
		}
		return notifyChanged(ctx, tx, slugs...)
	})
	if err == nil {
		s.changed(slugs...)
	}
	return err
}
