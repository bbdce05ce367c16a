package registrations

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/payments"
	"plenary/internal/postgres"
)

// HoldFor is how long a registration that owes money keeps its place
// (pending_payment) before it must be paid for.
const HoldFor = 30 * time.Minute

// Tickets is what registering needs of the payments domain, which owns
// ticket types and promo codes (payments.Service; app.New gives it).
type Tickets interface {
	// HasTicketTypes says whether the event sells tickets; then every
	// registration names one of its types.
	HasTicketTypes(ctx context.Context, db postgres.DB, eventID string) (bool, error)
	// ForSale is the event's type, if on sale now and this registrant's
	// to buy; else a validation error on ticket_type_id.
	ForSale(ctx context.Context, db postgres.DB, eventID, typeID, email, sector string) (payments.TicketType, error)
	// RedeemPromo counts a use of a code in tx (a *payments.PromoError
	// when it cannot); ReleasePromo gives one back.
	RedeemPromo(ctx context.Context, tx pgx.Tx, eventID, code, typeID string) (payments.Discount, error)
	ReleasePromo(ctx context.Context, tx pgx.Tx, promoCodeID string) error
	// RefundTx refunds a paid registration being cancelled in tx, by the
	// event's refund policy (or in full, override), once.
	RefundTx(ctx context.Context, tx pgx.Tx, registrationID string, override bool) error
	// StartCheckout makes the Checkout Session of a new hold.
	StartCheckout(ctx context.Context, registrationID string) (payments.Checkout, error)
	// InvoicePolicyOf says whether the event takes invoices and when one
	// issued now is due; InvoiceTx issues one in tx.
	InvoicePolicyOf(ctx context.Context, db postgres.DB, eventID string) (payments.InvoicePolicy, error)
	InvoiceTx(ctx context.Context, tx pgx.Tx, h payments.Hold, d payments.InvoiceDetails, dueAt time.Time) error
}

// invoiceFor is how a registration pays by invoice: nil when by card.
type invoiceFor struct {
	details payments.InvoiceDetails
	policy  payments.InvoicePolicy
}

// invoicePlan checks a registration's choice of paying by invoice
// against the event's policy.
func (s *Service) invoicePlan(ctx context.Context, p prepared, n NewRegistration) (*invoiceFor, error) {
	switch n.PaymentMethod {
	case "", "card":
		if n.Invoice != nil {
			return nil, errs.Validation{"payment_method": "Give invoice details only when paying by invoice."}
		}
		return nil, nil
	case "invoice":
	default:
		return nil, errs.Validation{"payment_method": "Choose card or invoice."}
	}
	policy, err := s.tickets.InvoicePolicyOf(ctx, s.db, p.eventID)
	if err != nil {
		return nil, err
	}
	if policy.Mode == payments.InvoicesOff {
		return nil, errs.Validation{"payment_method": "This event does not take payment by invoice: pay by card."}
	}
	if !p.admitted {
		return nil, errs.Validation{"payment_method": "Registrations for this event wait for the organiser's approval, so they cannot be invoiced at once: pay by card once approved."}
	}
	if n.Invoice == nil {
		return nil, errs.Validation{"invoice.buyer_name": "Name the organisation the invoice is for.",
			"invoice.billing_address": "Give the billing address."}
	}
	plan := &invoiceFor{details: *n.Invoice, policy: policy}
	return plan, plan.details.Check()
}

// checkoutReceipt sends the buyer of a new hold to pay, or, when Stripe
// cannot be reached now, tells them to pay from the emailed link.
func (s *Service) checkoutReceipt(ctx context.Context, id string, r Receipt) Receipt {
	h, err := s.HoldOf(ctx, id)
	if err != nil || !h.Due() || h.Currency == nil {
		return r
	}
	if h.PayByInvoice {
		r.Message = "We have emailed " + r.Email + " your invoice. Your place is held for you until it is paid or falls due; " +
			"the email has your private link to see it."
		return r
	}
	pay := &ReceiptPayment{ExpiresAt: *h.HoldExpiresAt, Amount: h.Amount, Currency: *h.Currency}
	if c, err := s.tickets.StartCheckout(ctx, id); err == nil {
		pay.CheckoutURL, pay.ExpiresAt = &c.CheckoutURL, c.ExpiresAt
	} else {
		r.Message = "Your place is held for you until it is paid for. We could not reach the card payment service just now: " +
			"we have emailed " + r.Email + " a private link to pay from in a few minutes."
	}
	r.Payment = pay
	return r
}

// SetTickets gives the service the payments domain, before it serves.
func (s *Service) SetTickets(t Tickets) { s.tickets = t }

func (s *Service) holdUntil() time.Time { return s.now().Add(HoldFor) }

// sellsTickets says whether the event has ticket types.
func (s *Service) sellsTickets(ctx context.Context, eventID string) (bool, error) {
	if s.tickets == nil {
		return false, nil
	}
	return s.tickets.HasTicketTypes(ctx, s.db, eventID)
}

// errRepeat rolls back a ticket's transaction whose email was registered
// already, so its promo code use is not counted.
var errRepeat = errors.New("registrations: the email is registered already")

// registerTicket writes a registration for one of the event's ticket types
// alone, holding the event's seat lock exclusively, rather than in a
// batch: in one transaction it checks the type's quantity (its
// registrations that are not cancelled or rejected, the waitlist
// included, so promotion never sells more), counts the promo code's use,
// and takes a seat: confirmed for a free ticket, held as pending_payment
// until HoldFor from now for one that costs something after the code.
// Holds take seats, so they count against the event's capacity.
func (s *Service) registerTicket(ctx context.Context, p prepared, n NewRegistration) (Status, error) {
	if n.TicketTypeID == "" {
		return "", errs.Validation{"ticket_type_id": "Choose a ticket."}
	}
	t, err := s.tickets.ForSale(ctx, s.db, p.eventID, n.TicketTypeID, n.Email, n.Sector)
	if err != nil {
		return "", err
	}
	plan, err := s.invoicePlan(ctx, p, n)
	if err != nil {
		return "", err
	}
	want := 0
	if p.admitted {
		want = 1
	}
	statuses := make([]Status, 1)
	var tookSeat bool
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		clear(statuses)
		limited, seats, err := s.batches.claimSeats(ctx, tx, p.eventID, want, true)
		if err != nil {
			return err
		}
		// A repeat is a repeat whatever the ticket (nothing sold, no code
		// counted); every ticket's writer holds the lock, so it stands.
		var registered bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1
			AND lower(email) = lower($2) AND status <> 'cancelled')`, p.eventID, p.email).Scan(&registered); err != nil || registered {
			return cmp.Or(err, errRepeat)
		}
		if t.Quantity != nil {
			var sold int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE ticket_type_id = $1
				AND status NOT IN ('cancelled', 'rejected')`, t.ID).Scan(&sold); err != nil {
				return fmt.Errorf("registrations: count %s tickets: %w", t.ID, err)
			}
			if sold >= *t.Quantity {
				return errs.Publicf(errs.ErrFull, "The %q tickets have sold out; choose another.", t.Name)
			}
		}
		r := p
		r.ticketTypeID, r.currency, r.holdUntil = &t.ID, &t.Currency, s.holdUntil()
		var discount *payments.Discount
		if n.PromoCode != "" {
			d, err := s.tickets.RedeemPromo(ctx, tx, p.eventID, n.PromoCode, t.ID)
			if err != nil {
				return err
			}
			discount, r.promoCodeID = &d, &d.PromoCodeID
		}
		r.amount = payments.Price(t, discount)
		if plan != nil && r.amount > 0 {
			if limited && len(seats) == 0 {
				return errs.Publicf(errs.ErrFull, "No places are free, and a place paid for by invoice needs one: pay by card to join the waiting list.")
			}
			r.invoice, r.invoiceConfirms = true, plan.policy.Mode == payments.InvoicesConfirm
			if !r.invoiceConfirms {
				r.holdUntil = plan.policy.DueAt
			}
		}
		batch := []queued{{reg: r}}
		if err := s.batches.insertBatch(ctx, tx, batch, []int{0}, limited, seats, statuses); err != nil {
			return err
		}
		if statuses[0] == "" {
			return errRepeat
		}
		if r.invoice {
			h := payments.Hold{ID: r.id, EventID: r.eventID, Email: r.email, FirstName: r.first, LastName: r.last,
				TicketTypeID: r.ticketTypeID, Amount: r.amount, Currency: r.currency}
			if err := s.tickets.InvoiceTx(ctx, tx, h, plan.details, plan.policy.DueAt); err != nil {
				return err
			}
		}
		tookSeat = len(seats) > 0
		return nil
	})
	if errors.Is(err, errRepeat) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if tookSeat {
		s.placesChanged(p.eventID)
	}
	return statuses[0], nil
}
