// Package receipts issues the numbered documents of paid tickets:
// receipts (paid by card), invoices (paid later, as public bodies do) and
// credit notes (money given back or an invoice cancelled), and renders
// them as PDF. One installation is one seller, whose details
// (seller_settings) every document copies when it is issued.
//
// Each kind has its own series of numbers without gaps: the number is
// taken in the issuer's transaction (IssueTx, CreditNoteTx), so a rollback
// gives it back and concurrent issuers wait on that kind's counter alone.
// Amounts are VAT-inclusive minor units; the VAT is worked out from them.
// A document never changes once issued, except that an invoice is marked
// paid once.
//
// It owns the seller_settings, document_series and documents tables.
// internal/payments calls it inside its own transactions; it imports
// nothing of payments.
package receipts

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Kind is the kind of a document, each with its own series of numbers.
type Kind string

// The kinds of document.
const (
	KindReceipt    Kind = "receipt"
	KindInvoice    Kind = "invoice"
	KindCreditNote Kind = "credit_note"
)

// kinds are each kind's title and the prefix of its numbers.
var kinds = map[Kind]struct{ title, prefix string }{
	KindReceipt:    {"Receipt", "R"},
	KindInvoice:    {"Invoice", "INV"},
	KindCreditNote: {"Credit note", "CN"},
}

// Title is the kind as a document is headed: "Credit note".
func (k Kind) Title() string { return kinds[k].title }

// Number formats a number of this kind as documents show it: INV-000042.
func (k Kind) Number(n int64) string { return fmt.Sprintf("%s-%06d", kinds[k].prefix, n) }

// Limits of a document's fields.
const (
	MaxAmount        = 1_000_000_000_000 // minor units; keeps gross × rate well inside int64
	MaxQuantity      = 100_000
	MaxName          = 200 // the seller's and the buyer's organisation
	MaxBuyerName     = 300 // a registrant's first and last names take up to 201
	MaxAddress       = 500
	MaxEmail         = 254
	MaxPurchaseOrder = 100
	MaxDescription   = 500 // an event's title and a ticket type's name fit
	MaxVATNumber     = 20
	MaxVATRate       = 10_000 // basis points: 100%
	MaxPaymentTerms  = 365    // days
)

// SellerDetails are the seller's details as a document shows them.
type SellerDetails struct {
	Name      string `json:"legal_name"`
	Address   string `json:"address"`
	VATNumber string `json:"vat_number"`
	Email     string `json:"email"`
}

// Buyer is who a document is made out to.
type Buyer struct {
	Name          string `json:"name"`
	Email         string `json:"email"`
	Organisation  string `json:"organisation"`
	Address       string `json:"address"`        // lines separated by "\n"
	PurchaseOrder string `json:"purchase_order"` // the buyer's PO number, if they gave one
}

// Line is the one line a document bills: quantity × unit amount is its
// gross amount.
type Line struct {
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	UnitAmount  int64  `json:"unit_amount"` // minor units, VAT included
}

// Document is an issued receipt, invoice or credit note.
type Document struct {
	ID             string        `json:"id"`
	Kind           Kind          `json:"kind"`
	Number         int64         `json:"number"`
	NumberText     string        `json:"number_text"` // INV-000042
	RegistrationID *string       `json:"registration_id"`
	EventID        *string       `json:"event_id"`
	Seller         SellerDetails `json:"seller"`
	Buyer          Buyer         `json:"buyer"`
	Line           Line          `json:"line"`
	Currency       string        `json:"currency"`
	Gross          int64         `json:"gross"`       // minor units, VAT included
	VATRate        int           `json:"vat_rate_bp"` // basis points
	VAT            int64         `json:"vat"`
	Net            int64         `json:"net"`
	Credits        *string       `json:"credits"`        // a credit note's document
	CreditsNumber  *string       `json:"credits_number"` // and its number: INV-000003
	DueAt          *time.Time    `json:"due_at"`         // invoices
	PaidAt         *time.Time    `json:"paid_at"`        // invoices, once paid
	IssuedAt       time.Time     `json:"issued_at"`
}

// Issue is what IssueTx needs to issue a receipt or an invoice.
type Issue struct {
	Kind           Kind // KindReceipt or KindInvoice; credit notes come from CreditNoteTx
	RegistrationID string
	EventID        string
	Buyer          Buyer
	Description    string     // what was sold: "Prevention masterclass: standard ticket"
	Quantity       int        // 0 is 1
	Gross          int64      // minor units, VAT included, for the whole line
	Currency       string     // ISO 4217, upper case
	DueAt          *time.Time // invoices; nil is the seller's payment terms from now
}

// check says what is wrong with in, normalising it first.
func (in *Issue) check() error {
	if in.Kind != KindReceipt && in.Kind != KindInvoice {
		return fmt.Errorf("receipts: issue a %q: only receipts and invoices are issued so; use CreditNoteTx: %w", in.Kind, errs.ErrInvalid)
	}
	if in.Quantity == 0 {
		in.Quantity = 1
	}
	switch {
	case in.Quantity < 1 || in.Quantity > MaxQuantity:
		return fmt.Errorf("receipts: quantity %d out of 1 to %d: %w", in.Quantity, MaxQuantity, errs.ErrInvalid)
	case in.Gross < 1 || in.Gross > MaxAmount:
		return fmt.Errorf("receipts: amount %d out of 1 to %d: %w", in.Gross, int64(MaxAmount), errs.ErrInvalid)
	case in.Gross%int64(in.Quantity) != 0:
		return fmt.Errorf("receipts: amount %d is not %d equal unit amounts: %w", in.Gross, in.Quantity, errs.ErrInvalid)
	case !validCurrency(in.Currency):
		return fmt.Errorf("receipts: currency %q is not an ISO 4217 code in upper case: %w", in.Currency, errs.ErrInvalid)
	case in.Kind != KindInvoice && in.DueAt != nil:
		return fmt.Errorf("receipts: a %s has no due date: %w", in.Kind, errs.ErrInvalid)
	}
	return in.checkText()
}

// checkText checks the lengths of in's text, as the documents table does.
func (in *Issue) checkText() error {
	for _, f := range []struct {
		name     string
		value    string
		min, max int
	}{
		{"buyer name", in.Buyer.Name, 1, MaxBuyerName},
		{"buyer email", in.Buyer.Email, 0, MaxEmail},
		{"buyer organisation", in.Buyer.Organisation, 0, MaxName},
		{"buyer address", in.Buyer.Address, 0, MaxAddress},
		{"purchase order", in.Buyer.PurchaseOrder, 0, MaxPurchaseOrder},
		{"description", in.Description, 1, MaxDescription},
	} {
		if n := utf8.RuneCountInString(f.value); n < f.min || n > f.max || strings.ContainsRune(f.value, 0) {
			return fmt.Errorf("receipts: the %s has %d characters, not %d to %d without NUL: %w", f.name, n, f.min, f.max, errs.ErrInvalid)
		}
	}
	return nil
}

// validCurrency accepts three upper-case ASCII letters.
func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// DocumentList is a page of documents.
type DocumentList struct {
	Items      []Document `json:"items"`
	NextCursor *string    `json:"next_cursor"`
}
