package payments

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/payments/receipts"
	"plenary/internal/postgres"
)

// Paying by invoice, for organisations (a public body pays against a
// purchase order, not by card). The organiser chooses per event whether
// it is offered and whether such a registration is confirmed at once or
// holds its place until the invoice is paid or falls due. The invoice is
// issued (numbered without gaps by receipts) in the registering
// transaction and attached to the message the buyer gets; the organiser
// marks it paid; cancelling an invoiced registration issues a credit note.

// Invoice policies (PaymentSettings.Invoices).
const (
	InvoicesOff     = "off"
	InvoicesConfirm = "confirm" // confirmed at once; the invoice is owed
	InvoicesHold    = "hold"    // the place is held until paid or due
)

// InvoiceDetails are who an invoice is made out to.
type InvoiceDetails struct {
	BuyerName      string `json:"buyer_name"`      // the organisation that pays
	BillingAddress string `json:"billing_address"` // lines separated by "\n"
	PurchaseOrder  string `json:"purchase_order"`  // optional
}

// Check normalises d and says what is wrong with it, as a validation
// error on fields under "invoice.".
func (d *InvoiceDetails) Check() error {
	v := errs.Validation{}
	d.BuyerName, d.PurchaseOrder = strings.TrimSpace(d.BuyerName), strings.TrimSpace(d.PurchaseOrder)
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(d.BillingAddress), "\r\n", "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	d.BillingAddress = strings.Join(lines, "\n")
	if d.BuyerName == "" || utf8.RuneCountInString(d.BuyerName) > receipts.MaxName || !plain(d.BuyerName) {
		v.Add("invoice.buyer_name", "Name the organisation the invoice is for, in up to 200 characters.")
	}
	if d.BillingAddress == "" || utf8.RuneCountInString(d.BillingAddress) > receipts.MaxAddress || len(lines) > 8 ||
		strings.ContainsFunc(d.BillingAddress, func(r rune) bool { return r != '\n' && (r < 0x20 || r == 0x7f) }) {
		v.Add("invoice.billing_address", "Give the billing address in up to 8 lines and 500 characters.")
	}
	if utf8.RuneCountInString(d.PurchaseOrder) > receipts.MaxPurchaseOrder || !plain(d.PurchaseOrder) {
		v.Add("invoice.purchase_order", "Give the purchase order number in up to 100 characters, on one line.")
	}
	return v.Err()
}

// InvoicePolicy says whether the event takes payment by invoice (Mode)
// and when an invoice issued now falls due.
type InvoicePolicy struct {
	Mode  string
	DueAt time.Time
}

// InvoicePolicyOf reads the event's invoice policy.
func (s *Service) InvoicePolicyOf(ctx context.Context, db postgres.DB, eventID string) (InvoicePolicy, error) {
	set, err := settingsOf(ctx, db, eventID)
	if err != nil {
		return InvoicePolicy{}, err
	}
	p := InvoicePolicy{Mode: set.Invoices}
	if p.Mode != InvoicesOff && s.receipts != nil {
		seller, err := s.receipts.Seller(ctx)
		if err != nil {
			return InvoicePolicy{}, err
		}
		// Due after the seller's terms; a place held for it, at least a day.
		p.DueAt = s.now().Add(time.Duration(max(seller.PaymentTerms, 1)) * 24 * time.Hour).Truncate(time.Second)
	}
	return p, nil
}

// InvoiceTx issues the invoice of a registration that pays by invoice, in
// the registering transaction.
func (s *Service) InvoiceTx(ctx context.Context, tx pgx.Tx, h Hold, d InvoiceDetails, dueAt time.Time) error {
	if s.receipts == nil || h.Amount == 0 || h.Currency == nil {
		return nil
	}
	description, err := describe(ctx, tx, h)
	if err != nil {
		return err
	}
	_, err = s.receipts.IssueTx(ctx, tx, receipts.Issue{Kind: receipts.KindInvoice, RegistrationID: h.ID, EventID: h.EventID,
		Buyer: receipts.Buyer{Name: h.FirstName + " " + h.LastName, Email: h.Email, Organisation: d.BuyerName,
			Address: d.BillingAddress, PurchaseOrder: d.PurchaseOrder},
		Description: description, Gross: h.Amount, Currency: *h.Currency, DueAt: &dueAt})
	return err
}

// invoiceOf is the registration's invoice, if it has one.
func (s *Service) invoiceOf(ctx context.Context, tx pgx.Tx, registrationID string) (*receipts.Document, error) {
	if s.receipts == nil {
		return nil, nil
	}
	docs, err := s.receipts.ForRegistrationTx(ctx, tx, registrationID)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.Kind == receipts.KindInvoice {
			return &d, nil
		}
	}
	return nil, nil
}

// creditInvoiceTx cancels what an invoiced registration no longer owes:
// all of an unpaid invoice; of a paid one, what the policy (or an
// organiser's override) gives back, which the organiser repays.
func (s *Service) creditInvoiceTx(ctx context.Context, tx pgx.Tx, h Hold, override bool) error {
	inv, err := s.invoiceOf(ctx, tx, h.ID)
	if err != nil || inv == nil {
		return err
	}
	amount := inv.Gross
	if inv.PaidAt != nil && !override {
		if amount, err = s.refundByPolicy(ctx, tx, h.EventID, inv.Gross); err != nil {
			return err
		}
	}
	if amount == 0 {
		return nil
	}
	_, err = s.receipts.CreditNoteTx(ctx, tx, inv.ID, amount)
	if errors.Is(err, errs.ErrConflict) {
		return nil // credited already
	}
	return err
}

// MarkInvoicePaid records that an invoice was paid (an organiser saw the
// money arrive) and confirms its registration if its place was held.
func (s *Service) MarkInvoicePaid(ctx context.Context, invoiceID string) (receipts.Document, error) {
	doc, err := s.receipts.Get(ctx, invoiceID)
	if err != nil {
		return receipts.Document{}, err
	}
	if doc.RegistrationID == nil {
		return s.receipts.MarkPaid(ctx, invoiceID) // its registration is gone: only the invoice
	}
	var paid receipts.Document
	err = s.regs.Settle(ctx, *doc.RegistrationID, func(tx pgx.Tx, h Hold) error {
		if paid, err = s.receipts.MarkPaidTx(ctx, tx, invoiceID); err != nil {
			return err
		}
		if h.Status == "cancelled" || h.Status == "rejected" {
			return nil
		}
		_, err := s.regs.ConfirmPaidTx(ctx, tx, h, *paid.PaidAt)
		return err
	})
	return paid, err
}
