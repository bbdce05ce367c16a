package payments

import (
	"context"
	"fmt"
	"slices"
	"time"

	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stripe/stripe-go/v76/client"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/jobs"
	"plenary/internal/page"
	"plenary/internal/payments/receipts"
	"plenary/internal/postgres"
)

// EventReader gives payments the events it sells tickets for.
type EventReader interface {
	Get(ctx context.Context, id string) (events.Detail, error)
	PublicDetail(ctx context.Context, slug string) (events.Detail, error) // a published event, by slug
}

// Options configure the Service.
type Options struct {
	// Stripe is the Stripe client (NewStripe); nil when STRIPE_SECRET_KEY
	// is not set, and then only free tickets can be offered.
	Stripe *client.API
	// Sectors are the registration form's sector values, which a ticket
	// type's eligibility may name.
	Sectors []string
	// WebhookSecret verifies Stripe's webhook payloads (STRIPE_WEBHOOK_SECRET).
	WebhookSecret string
	// BaseURL is the site's address, for the pages Checkout returns to.
	BaseURL string
	// Registrations holds the places; Links makes manage-link tokens;
	// Notify queues messages to buyers; Jobs runs the expiry, reconcile
	// and refund jobs.
	Registrations Registrations
	Links         ManageLinks
	Notify        Notifier
	Jobs          *jobs.Client
	Logger        *slog.Logger
	// Receipts issues receipts and credit notes.
	Receipts *receipts.Service
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Service keeps ticket types and promo codes, and takes card payments.
type Service struct {
	db            *pgxpool.Pool
	events        EventReader
	stripe        *client.API
	webhookSecret string
	baseURL       string
	sectors       []string
	regs          Registrations
	links         ManageLinks
	notify        Notifier
	jobs          *jobs.Client
	logger        *slog.Logger
	receipts      *receipts.Service
	now           func() time.Time
}

// NewService returns the payments service, its jobs registered with
// opts.Jobs (when given).
func NewService(pool *pgxpool.Pool, eventReader EventReader, opts Options) (*Service, error) {
	s := &Service{db: pool, events: eventReader, stripe: opts.Stripe, webhookSecret: opts.WebhookSecret,
		baseURL: opts.BaseURL, sectors: opts.Sectors, regs: opts.Registrations, links: opts.Links, notify: opts.Notify,
		jobs: opts.Jobs, logger: opts.Logger, receipts: opts.Receipts, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.jobs != nil {
		if err := s.registerJobs(s.jobs); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// CardPayments says whether priced tickets can be sold: Stripe is set up.
func (s *Service) CardPayments() bool { return s.stripe != nil }

// errNoStripe refuses a priced ticket type while Stripe is not set up.
var errNoStripe = errs.Publicf(errs.ErrConflict, "Card payments need Stripe: the server has no STRIPE_SECRET_KEY, "+
	"so only free tickets (price 0) can be offered. Ask whoever runs the server to configure Stripe.")

// TicketTypes returns a page of the event's ticket types, oldest first.
func (s *Service) TicketTypes(ctx context.Context, eventID string, r page.Request) (page.Page[TicketType], error) {
	q, err := page.ReadUnfiltered[createdKey]("ticket-types", r)
	if err != nil {
		return page.Page[TicketType]{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return page.Page[TicketType]{}, err
	}
	return typesPage(ctx, s.db, eventID, q)
}

// OnSale returns the ticket types of a published event that are on sale.
func (s *Service) OnSale(ctx context.Context, slug string) (PublicTicketTypes, error) {
	e, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return PublicTicketTypes{}, err
	}
	now := s.now()
	if e.Status == events.StatusCancelled || !now.Before(e.EndsAt()) {
		return PublicTicketTypes{Items: []PublicTicketType{}}, nil // nothing is sold for what will not happen
	}
	list, err := onSale(ctx, s.db, e.ID, now)
	if err != nil {
		return PublicTicketTypes{}, err
	}
	out := PublicTicketTypes{Items: make([]PublicTicketType, len(list))}
	for i, t := range list {
		out.Items[i] = t.Public()
	}
	set, err := settingsOf(ctx, s.db, e.ID)
	out.Invoices = set.Invoices != InvoicesOff
	return out, err
}

// CreateTicketType adds a ticket type to the event.
func (s *Service) CreateTicketType(ctx context.Context, eventID string, in TicketTypeInput) (TicketType, error) {
	return s.saveType(ctx, eventID, "", in)
}

// UpdateTicketType replaces a ticket type of the event.
func (s *Service) UpdateTicketType(ctx context.Context, eventID, typeID string, in TicketTypeInput) (TicketType, error) {
	if _, err := ticketType(ctx, s.db, eventID, typeID); err != nil {
		return TicketType{}, err
	}
	return s.saveType(ctx, eventID, typeID, in)
}

// saveType checks in against the rules and the event's other types, then
// creates (typeID "") or replaces the type, all in one transaction under
// the event's lock.
func (s *Service) saveType(ctx context.Context, eventID, typeID string, in TicketTypeInput) (TicketType, error) {
	if err := in.check(s.sectors); err != nil {
		return TicketType{}, err
	}
	if in.Price > 0 && !s.CardPayments() {
		return TicketType{}, errNoStripe
	}
	e, err := s.events.Get(ctx, eventID)
	if err != nil {
		return TicketType{}, err
	}
	var saved TicketType
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := lockEventTypes(ctx, tx, eventID); err != nil {
			return err
		}
		others, err := otherTypes(ctx, tx, eventID, typeID)
		if err != nil {
			return err
		}
		if err := checkWithOthers(in, others, e.Capacity, typeID == ""); err != nil {
			return err
		}
		if typeID == "" {
			saved, err = insertType(ctx, tx, eventID, in)
		} else {
			saved, err = updateType(ctx, tx, eventID, typeID, in)
		}
		return err
	})
	return saved, err
}

// checkWithOthers applies the rules that span an event's types: at most
// MaxTypesPerEvent, one currency (a Checkout takes one), and quantities
// that fit in the event's capacity (nil: unlimited).
func checkWithOthers(in TicketTypeInput, others typeTotals, capacity *int, adding bool) error {
	if adding && others.Count >= MaxTypesPerEvent {
		return errs.Publicf(errs.ErrConflict, "An event has at most %d ticket types.", MaxTypesPerEvent)
	}
	v := errs.Validation{}
	for _, c := range others.Currencies {
		if c != in.Currency {
			v.Add("currency", fmt.Sprintf("This event's other tickets are priced in %s: price this one in %s too.", c, c))
		}
	}
	if capacity != nil && in.Quantity != nil {
		if left := *capacity - others.Quantity; *in.Quantity > left {
			v.Add("quantity", fmt.Sprintf("The event has %d places and its other ticket types take %d of them: offer at most %d.",
				*capacity, others.Quantity, max(left, 0)))
		}
	}
	return v.Err()
}

// DeleteTicketType removes a ticket type of the event.
func (s *Service) DeleteTicketType(ctx context.Context, eventID, typeID string) error {
	if _, err := ticketType(ctx, s.db, eventID, typeID); err != nil {
		return err
	}
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := lockEventTypes(ctx, tx, eventID); err != nil {
			return err
		}
		return deleteType(ctx, tx, eventID, typeID)
	})
}

// Eligible says whether a registrant with email and sector may buy a
// ticket of the type now: nil, or a validation error on ticket_type_id
// that says why not. The registration form offers only what a registrant
// may buy; this is the server's own check.
func (s *Service) Eligible(ctx context.Context, typeID, email, sector string) error {
	t, err := ticketType(ctx, s.db, "", typeID)
	if err != nil {
		return errs.Validation{"ticket_type_id": "Choose one of this event's tickets."}
	}
	return eligible(t, email, sector, s.now())
}

// eligible is Eligible's rule for a type read already.
func eligible(t TicketType, email, sector string, now time.Time) error {
	switch {
	case t.SalesOpenAt != nil && now.Before(*t.SalesOpenAt):
		return errs.Validation{"ticket_type_id": "This ticket is not on sale yet."}
	case t.SalesCloseAt != nil && !now.Before(*t.SalesCloseAt):
		return errs.Validation{"ticket_type_id": "This ticket is no longer on sale."}
	case t.Eligibility == EligibleSectors && !slices.Contains(t.Sectors, sector):
		return errs.Validation{"ticket_type_id": "This ticket is only for people in certain sectors; choose another."}
	case t.Eligibility == EligibleDomains && !domainMatches(email, t.EmailDomains):
		return errs.Validation{"ticket_type_id": "This ticket is only for certain email addresses; choose another."}
	}
	return nil
}
