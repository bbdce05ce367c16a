package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/payments/receipts"
	"plenary/internal/postgres"
)

// A paid registration gets a receipt, numbered in the receipts series,
// in the transaction that confirms it; a refund of it gets a credit note
// in the transaction that records the refund (receipts issues both).

// issueReceiptTx issues the receipt of a paid attempt.
func (s *Service) issueReceiptTx(ctx context.Context, tx pgx.Tx, h Hold, p payment) error {
	if s.receipts == nil {
		return nil
	}
	description, err := describe(ctx, tx, h)
	if err != nil {
		return err
	}
	_, err = s.receipts.IssueTx(ctx, tx, receipts.Issue{Kind: receipts.KindReceipt, RegistrationID: h.ID, EventID: h.EventID,
		Buyer:       receipts.Buyer{Name: h.FirstName + " " + h.LastName, Email: h.Email},
		Description: description, Gross: p.Amount, Currency: p.Currency})
	return err
}

// describe names what was sold: the event and the ticket type. It reads
// through db (the caller's transaction), never another connection.
func describe(ctx context.Context, db postgres.DB, h Hold) (string, error) {
	var title string
	if err := db.QueryRow(ctx, `SELECT title FROM event_schedule WHERE id = $1`, h.EventID).Scan(&title); err != nil {
		return "", fmt.Errorf("payments: title of %s: %w", h.EventID, postgres.MapError(err))
	}
	if h.TicketTypeID != nil {
		if t, err := ticketType(ctx, db, h.EventID, *h.TicketTypeID); err == nil {
			return title + ": " + t.Name, nil
		}
	}
	return title, nil
}

// creditReceiptTx issues a credit note of amount against the
// registration's receipt, if it has one.
func (s *Service) creditReceiptTx(ctx context.Context, tx pgx.Tx, registrationID string, amount int64) error {
	if s.receipts == nil {
		return nil
	}
	docs, err := s.receipts.ForRegistrationTx(ctx, tx, registrationID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Kind == receipts.KindReceipt {
			_, err := s.receipts.CreditNoteTx(ctx, tx, d.ID, amount)
			return err
		}
	}
	return nil
}

// documentsOf lists a registration's documents, oldest first.
func (s *Service) documentsOf(ctx context.Context, registrationID string) ([]Document, error) {
	out := []Document{}
	if s.receipts == nil {
		return out, nil
	}
	docs, err := s.receipts.ForRegistration(ctx, registrationID)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		out = append(out, Document{ID: d.ID, Kind: string(d.Kind), Number: d.NumberText})
	}
	return out, nil
}

// DocumentFor returns one of the documents of the registration a manage
// link belongs to, as PDF, with its number.
func (s *Service) DocumentFor(ctx context.Context, plainToken, documentID string) ([]byte, string, error) {
	h, err := s.regs.HoldByToken(ctx, plainToken)
	if err != nil {
		return nil, "", err
	}
	notFound := fmt.Errorf("payments: document %q of %s: %w", documentID, h.ID, errs.ErrNotFound)
	if s.receipts == nil || uuid.Validate(documentID) != nil {
		return nil, "", notFound
	}
	d, err := s.receipts.Get(ctx, documentID)
	if errors.Is(err, errs.ErrNotFound) || err == nil && (d.RegistrationID == nil || *d.RegistrationID != h.ID) {
		return nil, "", notFound
	}
	if err != nil {
		return nil, "", err
	}
	pdf, err := receipts.PDF(d)
	return pdf, d.NumberText, err
}
