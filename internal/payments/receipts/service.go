package receipts

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// EventReader tells receipts whether an event exists.
type EventReader interface {
	Get(ctx context.Context, id string) (events.Detail, error)
}

// Options configure the Service.
type Options struct {
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Service issues, lists and renders documents and keeps the seller's
// details.
type Service struct {
	db     *pgxpool.Pool
	events EventReader
	now    func() time.Time
}

// NewService returns the receipts service.
func NewService(pool *pgxpool.Pool, eventReader EventReader, opts Options) *Service {
	s := &Service{db: pool, events: eventReader, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Seller returns the seller's details.
func (s *Service) Seller(ctx context.Context) (Seller, error) { return readSeller(ctx, s.db) }

// UpdateSeller replaces the seller's details. Documents issued already
// keep the details they were issued with.
func (s *Service) UpdateSeller(ctx context.Context, in SellerInput) (Seller, error) {
	if err := in.check(); err != nil {
		return Seller{}, err
	}
	return updateSeller(ctx, s.db, in)
}

// issuedNow is the clock's time as PostgreSQL keeps it (microseconds), so
// a document reads back as it was issued.
func (s *Service) issuedNow() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// IssueTx issues a receipt or an invoice in the caller's transaction: it
// takes the kind's next number (the caller's rollback gives it back),
// copies the seller's current details and VAT rate, and works out the VAT
// included in in.Gross. An invoice without a due date is due after the
// seller's payment terms.
func (s *Service) IssueTx(ctx context.Context, tx pgx.Tx, in Issue) (Document, error) {
	if err := in.check(); err != nil {
		return Document{}, err
	}
	seller, err := readSeller(ctx, tx)
	if err != nil {
		return Document{}, err
	}
	issued := s.issuedNow()
	d := Document{Kind: in.Kind, RegistrationID: optional(in.RegistrationID), EventID: optional(in.EventID),
		Seller: seller.details(), Buyer: in.Buyer, Currency: in.Currency, Gross: in.Gross, VATRate: seller.VATRate,
		Line:     Line{Description: in.Description, Quantity: in.Quantity, UnitAmount: in.Gross / int64(in.Quantity)},
		IssuedAt: issued}
	if in.Kind == KindInvoice {
		due := issued.AddDate(0, 0, seller.PaymentTerms)
		if in.DueAt != nil {
			due = in.DueAt.UTC().Truncate(time.Microsecond)
		}
		if due.Before(issued.Truncate(24 * time.Hour)) {
			return Document{}, fmt.Errorf("receipts: an invoice due %s before it is issued: %w", due, errs.ErrInvalid)
		}
		d.DueAt = &due
	}
	return s.insertTx(ctx, tx, d)
}

// insertTx numbers d, works out its VAT and stores it.
func (s *Service) insertTx(ctx context.Context, tx pgx.Tx, d Document) (Document, error) {
	d.VAT, d.Net = VAT(d.Gross, d.VATRate)
	n, err := takeNumber(ctx, tx, d.Kind)
	if err != nil {
		return Document{}, err
	}
	d.Number, d.NumberText = n, d.Kind.Number(n)
	return insertDocument(ctx, tx, d)
}

// CreditNoteTx issues a credit note of amount (minor units, VAT included)
// against a receipt or an invoice, in the caller's transaction. It credits
// at most what the document's earlier credit notes left, at the
// document's own VAT rate and to its buyer; concurrent credit notes of one
// document wait for each other.
func (s *Service) CreditNoteTx(ctx context.Context, tx pgx.Tx, documentID string, amount int64) (Document, error) {
	orig, err := document(ctx, tx, documentID, true)
	if err != nil {
		return Document{}, err
	}
	if orig.Kind == KindCreditNote {
		return Document{}, errs.Publicf(errs.ErrConflict, "%s is a credit note: credit the receipt or invoice it credits.", orig.NumberText)
	}
	done, err := credited(ctx, tx, orig.ID)
	if err != nil {
		return Document{}, err
	}
	if err := creditable(orig, done, amount); err != nil {
		return Document{}, err
	}
	seller, err := readSeller(ctx, tx)
	if err != nil {
		return Document{}, err
	}
	return s.insertTx(ctx, tx, Document{Kind: KindCreditNote, RegistrationID: orig.RegistrationID, EventID: orig.EventID,
		Seller: seller.details(), Buyer: orig.Buyer, Currency: orig.Currency, Gross: amount, VATRate: orig.VATRate,
		Line:    Line{Description: "Credit for " + orig.NumberText + ": " + orig.Line.Description, Quantity: 1, UnitAmount: amount},
		Credits: &orig.ID, CreditsNumber: &orig.NumberText, IssuedAt: s.issuedNow()})
}

// creditable says whether amount may be credited against orig, of which
// done is credited already.
func creditable(orig Document, done, amount int64) error {
	left := orig.Gross - done
	switch {
	case left <= 0:
		return errs.Publicf(errs.ErrConflict, "%s is wholly credited already.", orig.NumberText)
	case amount < 1 || amount > left:
		return errs.Publicf(errs.ErrConflict, "Credit %s with %s to %s: %s of its %s is credited already.", orig.NumberText,
			FormatMoney(1, orig.Currency), FormatMoney(left, orig.Currency), FormatMoney(done, orig.Currency),
			FormatMoney(orig.Gross, orig.Currency))
	}
	return nil
}

// MarkPaid records that an invoice was paid, now. It is idempotent: an
// invoice paid already keeps the time it was first marked. Anything but an
// invoice is a conflict.
func (s *Service) MarkPaid(ctx context.Context, invoiceID string) (Document, error) {
	var d Document
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		d, err = s.MarkPaidTx(ctx, tx, invoiceID)
		return err
	})
	return d, err
}

// MarkPaidTx is MarkPaid in the caller's transaction.
func (s *Service) MarkPaidTx(ctx context.Context, tx pgx.Tx, invoiceID string) (Document, error) {
	d, err := document(ctx, tx, invoiceID, false)
	if err != nil {
		return Document{}, err
	}
	if d.Kind != KindInvoice {
		return Document{}, errs.Publicf(errs.ErrConflict, "%s is a %s: only invoices are marked paid.", d.NumberText, d.Kind.Title())
	}
	return markPaid(ctx, tx, d.ID, s.issuedNow())
}

// Overdue returns a page of the invoices unpaid at now, past their due
// date and not wholly credited, the longest overdue first.
func (s *Service) Overdue(ctx context.Context, now time.Time, r page.Request) (page.Page[Document], error) {
	q, err := page.ReadUnfiltered[page.TimeKey]("overdue-invoices", r)
	if err != nil {
		return page.Page[Document]{}, err
	}
	return overduePage(ctx, s.db, now, q)
}

// Get returns one document.
func (s *Service) Get(ctx context.Context, id string) (Document, error) {
	return document(ctx, s.db, id, false)
}

// ForRegistration returns a registration's documents in the order they
// were issued.
func (s *Service) ForRegistration(ctx context.Context, registrationID string) ([]Document, error) {
	if uuid.Validate(registrationID) != nil {
		return nil, fmt.Errorf("receipts: registration %q: %w", registrationID, errs.ErrNotFound)
	}
	return forRegistration(ctx, s.db, registrationID)
}

// ForRegistrationTx is ForRegistration in the caller's transaction.
func (s *Service) ForRegistrationTx(ctx context.Context, tx pgx.Tx, registrationID string) ([]Document, error) {
	return forRegistration(ctx, tx, registrationID)
}

// ListForEvent returns a page of the event's documents, newest first.
func (s *Service) ListForEvent(ctx context.Context, eventID string, r page.Request) (page.Page[Document], error) {
	q, err := page.ReadUnfiltered[page.TimeKey]("event-documents", r)
	if err != nil {
		return page.Page[Document]{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return page.Page[Document]{}, err
	}
	return eventPage(ctx, s.db, eventID, q)
}

// optional is nil for "", else a pointer to s.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
