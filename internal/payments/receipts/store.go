package receipts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

const sellerColumns = `legal_name, address, vat_number, vat_rate_bp, email, payment_terms_days, updated_at`

func scanSeller(r pgx.CollectableRow) (Seller, error) {
	var s Seller
	err := r.Scan(&s.LegalName, &s.Address, &s.VATNumber, &s.VATRate, &s.Email, &s.PaymentTerms, &s.UpdatedAt)
	return s, err
}

// readSeller reads the seller's details.
func readSeller(ctx context.Context, db postgres.DB) (Seller, error) {
	rows, _ := db.Query(ctx, `SELECT `+sellerColumns+` FROM seller_settings WHERE id`)
	s, err := pgx.CollectExactlyOneRow(rows, scanSeller)
	if err != nil {
		return Seller{}, fmt.Errorf("receipts: read the seller: %w", postgres.MapError(err))
	}
	return s, nil
}

// updateSeller replaces the seller's details.
func updateSeller(ctx context.Context, db postgres.DB, in SellerInput) (Seller, error) {
	rows, _ := db.Query(ctx, `UPDATE seller_settings SET legal_name = $1, address = $2, vat_number = $3,
			vat_rate_bp = $4, email = $5, payment_terms_days = $6, updated_at = now()
		WHERE id RETURNING `+sellerColumns,
		in.LegalName, in.Address, in.VATNumber, in.VATRate, in.Email, in.PaymentTerms)
	s, err := pgx.CollectExactlyOneRow(rows, scanSeller)
	if err != nil {
		return Seller{}, fmt.Errorf("receipts: save the seller: %w", postgres.MapError(err))
	}
	return s, nil
}

// takeNumber takes the next number of kind's series in tx: the row stays
// locked until tx ends, and a rollback gives the number back.
func takeNumber(ctx context.Context, tx pgx.Tx, kind Kind) (int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `UPDATE document_series SET next_number = next_number + 1 WHERE kind = $1
		RETURNING next_number - 1`, kind).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("receipts: take the next %s number: %w", kind, postgres.MapError(err))
	}
	return n, nil
}

const documentColumns = `id::text, kind, number, registration_id::text, event_id::text,
	seller_name, seller_address, seller_vat_number, seller_email,
	buyer_name, buyer_email, buyer_organisation, buyer_address, purchase_order,
	description, quantity, unit_amount, currency, gross, vat_rate_bp, vat, net,
	credits::text, credits_number, due_at, paid_at, issued_at`

func scanDocument(r pgx.CollectableRow) (Document, error) {
	var d Document
	err := r.Scan(&d.ID, &d.Kind, &d.Number, &d.RegistrationID, &d.EventID,
		&d.Seller.Name, &d.Seller.Address, &d.Seller.VATNumber, &d.Seller.Email,
		&d.Buyer.Name, &d.Buyer.Email, &d.Buyer.Organisation, &d.Buyer.Address, &d.Buyer.PurchaseOrder,
		&d.Line.Description, &d.Line.Quantity, &d.Line.UnitAmount, &d.Currency, &d.Gross, &d.VATRate, &d.VAT, &d.Net,
		&d.Credits, &d.CreditsNumber, &d.DueAt, &d.PaidAt, &d.IssuedAt)
	d.NumberText = d.Kind.Number(d.Number)
	return d, err
}

// insertDocument stores d, numbered already.
func insertDocument(ctx context.Context, tx pgx.Tx, d Document) (Document, error) {
	rows, _ := tx.Query(ctx, `INSERT INTO documents (kind, number, registration_id, event_id,
			seller_name, seller_address, seller_vat_number, seller_email,
			buyer_name, buyer_email, buyer_organisation, buyer_address, purchase_order,
			description, quantity, unit_amount, currency, gross, vat_rate_bp, vat, net, credits, credits_number,
			due_at, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
			$24, $25)
		RETURNING `+documentColumns,
		d.Kind, d.Number, d.RegistrationID, d.EventID,
		d.Seller.Name, d.Seller.Address, d.Seller.VATNumber, d.Seller.Email,
		d.Buyer.Name, d.Buyer.Email, d.Buyer.Organisation, d.Buyer.Address, d.Buyer.PurchaseOrder,
		d.Line.Description, d.Line.Quantity, d.Line.UnitAmount, d.Currency, d.Gross, d.VATRate, d.VAT, d.Net,
		d.Credits, d.CreditsNumber, d.DueAt, d.IssuedAt)
	saved, err := pgx.CollectExactlyOneRow(rows, scanDocument)
	if err != nil {
		return Document{}, fmt.Errorf("receipts: store %s: %w", d.NumberText, postgres.MapError(err))
	}
	return saved, nil
}

// errNoDocument answers an id that names no document.
var errNoDocument = errs.Publicf(errs.ErrNotFound, "No such document.")

// document reads one document; lock also locks it against other credit
// notes of it until the transaction ends.
func document(ctx context.Context, db postgres.DB, id string, lock bool) (Document, error) {
	if uuid.Validate(id) != nil {
		return Document{}, fmt.Errorf("receipts: document %q: %w", id, errNoDocument)
	}
	forUpdate := ""
	if lock {
		forUpdate = " FOR NO KEY UPDATE"
	}
	rows, _ := db.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = $1`+forUpdate, id)
	d, err := pgx.CollectExactlyOneRow(rows, scanDocument)
	if errors.Is(err, pgx.ErrNoRows) {
		return Document{}, fmt.Errorf("receipts: document %s: %w", id, errNoDocument)
	}
	if err != nil {
		return Document{}, fmt.Errorf("receipts: read document %s: %w", id, err)
	}
	return d, nil
}

// credited is the sum of the credit notes of a document.
func credited(ctx context.Context, db postgres.DB, id string) (int64, error) {
	var sum int64
	err := db.QueryRow(ctx, `SELECT coalesce(sum(gross), 0) FROM documents WHERE credits = $1`, id).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("receipts: credit notes of %s: %w", id, err)
	}
	return sum, nil
}

// markPaid sets an unpaid invoice's paid_at; a paid one keeps its own.
// No row: no such invoice.
func markPaid(ctx context.Context, db postgres.DB, id string, at time.Time) (Document, error) {
	rows, _ := db.Query(ctx, `UPDATE documents SET paid_at = coalesce(paid_at, $2)
		WHERE id = $1 AND kind = 'invoice' RETURNING `+documentColumns, id, at)
	d, err := pgx.CollectExactlyOneRow(rows, scanDocument)
	if err != nil {
		return Document{}, fmt.Errorf("receipts: mark %s paid: %w", id, postgres.MapError(err))
	}
	return d, nil
}

// forRegistration reads a registration's documents in the order issued.
func forRegistration(ctx context.Context, db postgres.DB, registrationID string) ([]Document, error) {
	rows, _ := db.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE registration_id = $1
		ORDER BY issued_at, id`, registrationID)
	list, err := pgx.CollectRows(rows, scanDocument)
	if err != nil {
		return nil, fmt.Errorf("receipts: documents of registration %s: %w", registrationID, err)
	}
	return list, nil
}

// eventPage reads a page of the event's documents, newest first.
func eventPage(ctx context.Context, db postgres.DB, eventID string, q page.Query[page.TimeKey]) (page.Page[Document], error) {
	at, id := page.AfterTime(q)
	rows, _ := db.Query(ctx, `SELECT `+documentColumns+` FROM documents
		WHERE event_id = $1 AND ($2::timestamptz IS NULL OR (issued_at, id) < ($2, $3::uuid))
		ORDER BY issued_at DESC, id DESC LIMIT $4`, eventID, at, id, q.Fetch())
	list, err := pgx.CollectRows(rows, scanDocument)
	if err != nil {
		return page.Page[Document]{}, fmt.Errorf("receipts: documents of event %s: %w", eventID, err)
	}
	return page.Of(q, list, func(d Document) page.TimeKey { return page.TimeKey{At: d.IssuedAt, ID: d.ID} }), nil
}

// overduePage reads a page of the invoices unpaid at now, past their due
// date and not wholly credited, the longest overdue first.
func overduePage(ctx context.Context, db postgres.DB, now time.Time, q page.Query[page.TimeKey]) (page.Page[Document], error) {
	at, id := page.AfterTime(q)
	rows, _ := db.Query(ctx, `SELECT `+documentColumns+` FROM documents d
		WHERE kind = 'invoice' AND paid_at IS NULL AND due_at < $1
			AND gross > (SELECT coalesce(sum(c.gross), 0) FROM documents c WHERE c.credits = d.id)
			AND ($2::timestamptz IS NULL OR (due_at, id) > ($2, $3::uuid))
		ORDER BY due_at, id LIMIT $4`, now, at, id, q.Fetch())
	list, err := pgx.CollectRows(rows, scanDocument)
	if err != nil {
		return page.Page[Document]{}, fmt.Errorf("receipts: overdue invoices: %w", err)
	}
	return page.Of(q, list, func(d Document) page.TimeKey { return page.TimeKey{At: *d.DueAt, ID: d.ID} }), nil
}
